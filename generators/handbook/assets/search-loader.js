/*
 * Handbook search engine, part 3 of 3: loading the index files (README.md "Loading"): the manifest,
 * then the shards, into a HandbookSearchEngine.Engine. Adds HandbookSearchEngine.Loader and
 * MANIFEST_PATH; load after search-engine.js. No DOM access: a page on file:// hands it a script loader.
 */
"use strict";
loader: { // a block, not a function: everything below is local to this file
  const SearchEngine = globalThis.HandbookSearchEngine;
  if (!SearchEngine) throw new Error("search-loader.js: load search-engine.js first");
  if (SearchEngine.Loader) break loader; // loaded twice: keep the first
  const Engine = SearchEngine.Engine;
  const MANIFEST_PATH = "search/handbook-index.json"; // search/files.py MANIFEST_PATH; shards sit next to it
  const SHARD_PARALLEL = 3; // shards after the first are fetched this many at a time
  const SLICE_MS = 6; // shard rows are folded in slices this long, so a keystroke waits at most one

  /* Loads the index below `root` (the absolute site root URL, ending in "/"): the manifest, then the
     first shard — the engine is usable then — and the other shards after it. `script(url)`, if given,
     loads a script and resolves once it ran: pages opened from disk (file://) cannot fetch(), and
     the .jsonp twins of the index files set globals instead. The page supplies it; the loader itself
     touches no DOM. */
  function Loader(root, script) {
    this.root = root;
    this.script = script || null;
    this.listeners = [];
    this.notifyTimer = null;
    this.promise = null;
  }
  /* `fn` runs (once per batch) whenever shards were added after the engine became usable. */
  Loader.prototype.onUpdate = function (fn) { this.listeners.push(fn); };
  Loader.prototype.notify = function () {
    if (this.notifyTimer) return;
    const self = this;
    this.notifyTimer = setTimeout(function () { // shards landing together cause one re-run
      self.notifyTimer = null;
      self.listeners.slice().forEach(function (fn) { fn(); });
    }, 0);
  };
  /* A usable engine (manifest + first shard); `engine.complete` resolves once every shard is in (or failed). */
  Loader.prototype.load = function () {
    const self = this;
    if (!this.promise) {
      this.promise = this.file(MANIFEST_PATH, function () { return globalThis.HandbookSearchIndex; })
        .then(function (index) {
          const engine = new Engine(index);
          if (!engine.shards.length) { engine.complete = Promise.resolve(engine); return engine; }
          return self.shard(engine.shards[0][0]).then(function (shard) {
            engine.addShard(engine.shards[0][0], shard);
            let finish;
            engine.complete = new Promise(function (resolve) { finish = resolve; });
            setTimeout(function () { self.loadRest(engine, finish); }, 0); // a waiting query is searched first
            return engine;
          });
        });
      this.promise.catch(function () { self.promise = null; });
    }
    return this.promise;
  };
  /* Every shard in. */
  Loader.prototype.loadAll = function () { return this.load().then(function (engine) { return engine.complete; }); };
  Loader.prototype.shard = function (name) {
    return this.file("search/" + name, function () { return (globalThis.HandbookSearchShards || {})[name]; });
  };
  Loader.prototype.loadRest = function (engine, finish) {
    const queue = engine.shards.slice(1).map(function (s) { return s[0]; }), arrived = [], self = this;
    let running = 0, pumping = false;
    function pump() {
      pumping = false;
      const item = arrived[0];
      if (!item) return;
      if (engine.addShardRows(item[0], item[1], SLICE_MS) === item[1].rows.length) {
        arrived.shift();
        self.notify();
      }
      if (arrived.length) { pumping = true; setTimeout(pump, 0); }
      next();
    }
    function next() {
      if (!running && !queue.length && !arrived.length) {
        finish(engine);
        setTimeout(function () { engine.prepare(); }, 50); // idle: the first typo or pinyin query pays nothing
        return;
      }
      while (running < SHARD_PARALLEL && queue.length) {
        running++;
        const name = queue.shift();
        self.shard(name).then(function (shard) {
          running--;
          arrived.push([name, shard]);
          if (!pumping) { pumping = true; setTimeout(pump, 0); }
        }, function () {
          running--; engine.failed = true; self.notify(); next();
        });
      }
    }
    next();
  };
  /* fetch() the file; else the global its .jsonp twin sets (index_files(..., scripts=True)). */
  Loader.prototype.file = function (path, get) {
    const url = this.root + path, script = this.script;
    const fetched = typeof fetch === "function" ? fetch(url).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    }) : Promise.reject(new Error("no fetch"));
    return fetched.catch(function (err) {
      if (get()) return get();
      if (!script) throw err;
      return script(url.replace(/\.json$/, ".jsonp")).then(function () {
        if (!get()) throw err;
        return get();
      }, function () { throw err; });
    });
  };

  SearchEngine.Loader = Loader;
  SearchEngine.MANIFEST_PATH = MANIFEST_PATH;
}
