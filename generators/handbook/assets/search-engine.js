/*
 * Handbook search engine, part 1 of 3: folding, segmentation, matching and ranking.
 * search-repairs.js (part 2) adds the repairs of a term that matches nothing, search-loader.js
 * (part 3) loads the index files; load them in this order, then the UI (search.js).
 *
 * No DOM access: the engine runs the same in a page, a worker or a test page that loads only
 * these three files. The rules are generators/handbook/search/README.md; both this engine and
 * the Python engine (generators/handbook/search/) must pass the shared test vectors in
 * generators/handbook/search/vectors.yaml (tests/test_search_vectors.py runs them in Chromium).
 *
 * Exports window.HandbookSearchEngine = {Engine, internal}; parts 2 and 3 add to it.
 */
"use strict";
engine: { // a block, not a function: everything below is local to this file
  if (globalThis.HandbookSearchEngine) break engine; // loaded twice (instant navigation): keep the first

  const LITERAL = 3, PARTS = 2, SYNONYM = 1, MISS = 0, GROUPED = 4;
  const STEP_TYPE = "流程步骤", PROCESS_TYPE = "业务流程";
  const WORD = /[\p{L}\p{N}]/u;

  function isCjk(ch) {
    var o = ch.codePointAt(0);
    return (o >= 0x3400 && o <= 0x4DBF) || (o >= 0x4E00 && o <= 0x9FFF) ||
      (o >= 0xF900 && o <= 0xFAFF) || (o >= 0x20000 && o <= 0x3134F) || o === 0x3007;
  }
  function isWord(ch) { return WORD.test(ch); }
  function cpLen(s) { // code points: a surrogate pair counts once
    var n = s.length;
    for (var i = 0; i < s.length - 1; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00) { n--; i++; }
    }
    return n;
  }

  /* Python orders ids by code point; JS `<` by UTF-16 unit (they differ past U+FFFF): order as Python. */
  function cmpId(a, b) {
    if (a === b) return 0;
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length - b.length;
    var x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x >= 0xD800 && y >= 0xD800) { // surrogates (astral) sort after U+E000–U+FFFF
      x = x < 0xE000 ? x + 0x2000 : x - 0x800;
      y = y < 0xE000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }

  /* `index`: the manifest (search/handbook-index.json, README.md "Files"); its entries come with
     addShard / addShardRows, one shard file at a time. */
  function Engine(index) {
    var units = {};
    index.units.forEach(function (u) { units[u[0]] = u[1]; });
    this.unitNames = units;
    this.units = index.units;
    this.types = index.types;
    this.typeRank = index.type_rank;
    this.typeWords = Object.keys(index.type_words).sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
    }).map(function (w) { return [w, index.type_words[w]]; });
    this.fillers = index.fillers;
    this.stopwords = index.stopwords;
    this.drop = index.fold.drop;
    this.space = index.fold.space;
    this.t2s = new Map();
    this.foldCache = new Map();
    this.same = new Uint8Array(65536); // per UTF-16 unit: 0 not seen, 1 folds to itself, 2 does not
    this.bmp = [];                     // per BMP unit that does not fold to itself: its folding
    var trad = Array.from(index.fold.t2s[0]), simp = Array.from(index.fold.t2s[1]);
    for (var i = 0; i < trad.length; i++) this.t2s.set(trad[i], simp[i]);
    this.vocab = new Set(index.vocab);
    this.vocabList = index.vocab;
    var pyChars = Array.from(index.pinyin.chars[0]), pySyls = index.pinyin.chars[1].split(" ");
    var reading = this.reading = new Map();
    pyChars.forEach(function (c, k) { reading.set(c, pySyls[k]); });
    this.pyWords = index.pinyin.words;
    this.masks = null;   // built on the first typo: "合同评?" → [合同评审]
    this.pyIndex = null; // built on the first pinyin term: "fapiao" → [[发票], []], "fp" → [[], [发票 …]]
    var freq = this.freq = new Map(); // word → document frequency (chooses among repairs)
    index.vocab_freq.forEach(function (n, k) { freq.set(index.vocab[k], n); });
    this.leftovers = index.leftovers;
    this.maxCorrections = index.max_corrections; // the first few typo candidates are tried, no more
    this.names = [];     // indexes of is_name entries
    this.maxLen = 1;
    var self = this;
    index.vocab.forEach(function (w) { if (w.length > self.maxLen) self.maxLen = cpLen(w) > self.maxLen ? cpLen(w) : self.maxLen; });
    this.synonyms = new Map();
    var absent = new Set(index.absent); // words in no entry: a key, never worth looking for
    index.synonyms.forEach(function (group) {
      group.forEach(function (w) {
        if (!self.synonyms.has(w)) self.synonyms.set(w, []);
        var others = self.synonyms.get(w);
        group.forEach(function (o) { if (o !== w && others.indexOf(o) < 0 && !absent.has(o)) others.push(o); });
      });
    });
    this.otherRank = index.other_rank;  // the rank of a type not in typeRank
    this.maxRank = this.otherRank;
    Object.keys(this.typeRank).forEach(function (t) { self.maxRank = Math.max(self.maxRank, self.typeRank[t]); });
    this.build = index.build;
    this.shards = index.shards;         // [[file name, row count]], in loading order
    this.added = {};                    // file name → true once its rows are in
    this.entries = [];
    this.maxText = 0;                   // longest text (code points): bounds the numeric sort key
    this.version = 0;                   // bumped whenever entries are added
  }
  /* One entry, folded once: the haystack and its three fields, the type rank, the text length. */
  Engine.prototype.addEntry = function (id, type, title, text, url, owner, unit, isName) {
    var titleN = this.normalise(title), textN = this.normalise(text), ownerN = this.normalise(owner);
    var len = cpLen(text);
    if (len > this.maxText) this.maxText = len;
    if (isName) this.names.push(this.entries.length);
    this.entries.push({
      id: id, type: type, title: title, text: text, url: url, owner: owner, unit: unit,
      unit_name: this.unitNames[unit] || "", is_name: isName,
      hay: titleN + "\n" + textN + "\n" + ownerN, titleN: titleN, textN: textN,
      head: titleN + "\n" + ownerN, phraseTitle: isName ? phraseOf(titleN) : null, len: len,
      rank: Object.prototype.hasOwnProperty.call(this.typeRank, type) ? this.typeRank[type] : this.otherRank
    });
  };
  /* A shard file (README.md "Files"): strings/pages tables and compact rows. */
  Engine.prototype.addShard = function (name, shard) {
    return this.addShardRows(name, shard, Infinity) === shard.rows.length;
  };
  /* Add at most `budget` milliseconds of the shard's rows (the loader yields to keystrokes in
     between); returns how many rows are in. The shard counts as added once all are. */
  Engine.prototype.addShardRows = function (name, shard, budget) {
    if (this.added[name]) return shard.rows.length;
    if (shard.build !== this.build) throw new Error("search/" + name + ": stale shard");
    var strings = shard.strings, pages = shard.pages, types = this.types, units = this.units;
    function s(v) { return typeof v === "number" ? strings[v] : v; }
    var start = performance.now(), k = shard.hbDone || 0;
    for (; k < shard.rows.length; k++) {
      if ((k & 255) === 255 && performance.now() - start > budget) break;
      var r = shard.rows[k], id, url;
      if (r[1] < 0) { id = r[2][0]; url = r[2][1]; } else {
        var p = pages[r[1]];
        if (typeof p === "string") { id = p; url = p + "/"; } else { id = p[0]; url = p[1]; }
        if (r[2] !== null) { var a = s(r[2]); id += "#" + a; url += "#" + a; }
      }
      this.addEntry(id, types[r[0]], s(r[3]), s(r[4]), url, s(r[5]), r[6] ? units[r[6] - 1][0] : "", !!r[7]);
    }
    shard.hbDone = k;
    this.version++;
    if (k === shard.rows.length) this.added[name] = true;
    return k;
  };
  /* Shards listed in the manifest that are not in yet. */
  Engine.prototype.pending = function () {
    var self = this;
    return this.shards.filter(function (s) { return !self.added[s[0]]; }).length;
  };

  /* --- folding (normalise.py) --- */
  Engine.prototype.foldChar = function (ch) {
    var out = this.foldCache.get(ch);
    if (out !== undefined) return out;
    if (this.drop.indexOf(ch) >= 0) out = "";
    else if (this.space.indexOf(ch) >= 0) out = " ";
    else {
      out = "";
      for (var c of ch.normalize("NFKC").toLowerCase()) out += this.t2s.has(c) ? this.t2s.get(c) : c;
    }
    this.foldCache.set(ch, out); // a corpus has a few thousand distinct characters
    return out;
  };
  Engine.prototype.normalise = function (s) { // = concatenated foldChar of each code point, copying runs that stay
    var same = this.same, out = "", last = 0, n = s.length;
    for (var i = 0; i < n; i++) {
      var c = s.charCodeAt(i), st = same[c];
      if (st === 1) continue;
      if (st === 0) {
        st = same[c] = (c >= 0xD800 && c <= 0xDFFF) || this.foldChar(s[i]) !== s[i] ? 2 : 1;
        if (st === 1) continue;
        if (c < 0xD800 || c > 0xDFFF) this.bmp[c] = this.foldChar(s[i]);
      }
      if (c < 0xD800 || c > 0xDFFF) {
        out += s.slice(last, i) + this.bmp[c];
        last = i + 1;
        continue;
      }
      var len = c >= 0xD800 && c <= 0xDBFF && i + 1 < n && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00 ? 2 : 1;
      out += s.slice(last, i) + this.foldChar(s.substr(i, len));
      i += len - 1;
      last = i + 1;
    }
    return last === 0 ? s : out + s.slice(last);
  };
  /* Folded text plus, per UTF-16 unit of it, the [start, end) of the source character. */
  Engine.prototype.normaliseWithMap = function (s) {
    var out = "", starts = [], ends = [], i = 0;
    for (var ch of s) {
      var f = this.foldChar(ch);
      for (var k = 0; k < f.length; k++) { starts.push(i); ends.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, starts: starts, ends: ends };
  };
  function phraseOf(folded) {
    var cs = Array.from(folded), i = 0, j = cs.length;
    while (i < j && !isWord(cs[i])) i++;
    while (j > i && !isWord(cs[j - 1])) j--;
    return cs.slice(i, j).join("").split(" ").filter(Boolean).join(" ");
  }

  /* --- segmentation (segment.py) --- */
  function splitTerms(folded) {
    var terms = [], cur = "";
    for (var ch of folded + " ") {
      if (isWord(ch)) cur += ch;
      else if (cur) { if (terms.indexOf(cur) < 0) terms.push(cur); cur = ""; }
    }
    return terms;
  }
  function runs(term) {
    var out = [];
    for (var ch of term) {
      var last = out.length ? Array.from(out[out.length - 1]).pop() : null;
      if (last !== null && isCjk(last) === isCjk(ch)) out[out.length - 1] += ch;
      else out.push(ch);
    }
    return out;
  }
  function less(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }
  function segment(run, vocab, maxLen, allowWhole) {
    var cs = Array.from(run), n = cs.length, best = new Array(n + 1).fill(null), back = new Array(n + 1).fill(0);
    best[0] = [0, 0];
    for (var i = 1; i <= n; i++) {
      for (var j = Math.max(0, i - maxLen); j < i; j++) {
        var prev = best[j];
        if (prev === null) continue;
        var single = i - j === 1;
        if (!single && (!vocab.has(cs.slice(j, i).join("")) || (j === 0 && i === n && !allowWhole))) continue;
        var cand = [prev[0] + 1, prev[1] + (single ? 1 : 0)];
        if (best[i] === null || less(cand, best[i])) { best[i] = cand; back[i] = j; }
      }
    }
    var pieces = [];
    for (var k = n; k > 0; k = back[k]) pieces.push(cs.slice(back[k], k).join(""));
    return pieces.reverse();
  }
  Engine.prototype.partsOf = function (term) {
    var termRuns = runs(term), pieces = [], self = this;
    termRuns.forEach(function (run) {
      if (isCjk(run)) pieces = pieces.concat(segment(run, self.vocab, self.maxLen, termRuns.length > 1));
      else pieces.push(run);
    });
    var kept = [], stray = false, stopped = false;
    for (var p of pieces) {
      if (cpLen(p) === 1 && isCjk(p)) {
        if (this.stopwords.indexOf(p) >= 0) stopped = true; else stray = true;
        continue;
      }
      if (kept.indexOf(p) < 0) kept.push(p);
    }
    if (kept.length >= 2 || (kept.length === 1 && stopped && !stray && kept[0] !== term)) return kept;
    return null;
  };

  /* --- matching and ranking (terms.py, rank.py) --- */
  function someIn(words, hay) { return words.some(function (w) { return hay.indexOf(w) >= 0; }); }
  function quality(term, hay) {
    if (hay.indexOf(term.text) >= 0) return LITERAL;
    if (term.parts.length && term.parts.every(function (p) { return hay.indexOf(p[0]) >= 0; })) return PARTS;
    if (someIn(term.synonyms, hay)) return SYNONYM;
    if (term.parts.length && term.parts.every(function (p) {
      return hay.indexOf(p[0]) >= 0 || someIn(p[1], hay);
    })) return SYNONYM;
    return MISS;
  }
  /* The units that matched: the term itself, or each of its parts when it matched in parts. */
  function termWords(term, q) {
    if (q === LITERAL || !term.parts.length) return [term];
    return term.parts.map(function (p) { return { text: p[0], synonyms: p[1], parts: [] }; });
  }
  function needles(term, q) {
    if (q === MISS) return [];
    if (q === LITERAL) return [term.text];
    var words = term.parts.map(function (p) { return p[0]; });
    if (q === SYNONYM) {
      words = words.concat(term.synonyms);
      term.parts.forEach(function (p) { words = words.concat(p[1]); });
    }
    return words;
  }
  Engine.prototype.term = function (t) {
    var parts = this.partsOf(t) || [], self = this;
    return {
      text: t, shown: t, synonyms: this.synonyms.get(t) || [],
      parts: parts.map(function (p) { return [p, self.synonyms.get(p) || []]; })
    };
  };
  Engine.prototype.terms = function (query) {
    var folded = this.normalise(query), self = this;
    return { phrase: phraseOf(folded), terms: splitTerms(folded).map(function (t) { return self.term(t); }) };
  };

  Engine.prototype.named = function (phrase) {
    if (!phrase) return false;
    for (var k = 0; k < this.names.length; k++) if (this.entries[this.names[k]].phraseTitle.indexOf(phrase) >= 0) return true;
    return false;
  };
  /* Drop question words and take out one type word (the type hint), unless nothing would be left. */
  Engine.prototype.rewrite = function (query, noHints) {
    var folded = this.normalise(query), question = false;
    this.fillers.forEach(function (w) {
      var rest = folded.split(w).join(" ");
      if (phraseOf(rest)) { question = question || rest !== folded; folded = rest; }
    });
    if (question) { // 谁负责催收: 负责 only carried the question
      this.leftovers.forEach(function (w) {
        var rest = folded.split(w).join(" ");
        if (phraseOf(rest)) folded = rest;
      });
    }
    if (noHints) return { query: folded, hint: null };
    for (var i = 0; i < this.typeWords.length; i++) {
      var w = this.typeWords[i][0], at = folded.lastIndexOf(w);
      if (at >= 0) {
        var rest = folded.slice(0, at).replace(/[的 ]+$/, "") + " " + folded.slice(at + w.length);
        if (phraseOf(rest)) return { query: rest, hint: this.typeWords[i][1] };
      }
    }
    return { query: folded, hint: null };
  };
  /* opts: {type, unit, limit, exact, noHint}; limit null/undefined = all. The array also carries `hint` (the type
     a type word narrowed to) and `corrected` (the query searched instead, for 已按“…”搜索), as rank.py's Results. */
  Engine.prototype.search = function (query, opts) {
    opts = opts || {};
    var r = this.rewrite(query);
    if (r.hint && this.named(phraseOf(this.normalise(query)))) r = this.rewrite(query, true);
    if (opts.noHint) r.hint = null; // the reader cleared the implied filter: the type word stays out
    var parsed = this.terms(r.query), phrase = parsed.phrase, terms = parsed.terms, changed = false;
    var got = this.hinted(phrase, terms, r.hint, opts);
    if (!got.results.length && !opts.exact) { // a result matches every term: only an empty list can hide a dead one
      var fixed = this.repair(terms);
      terms = fixed.terms;
      changed = fixed.changed;
      if (changed) {
        phrase = terms.map(function (t) { return t.text; }).join(" ");
        got = this.hinted(phrase, terms, r.hint, opts);
      }
    }
    if (!got.results.length && !opts.exact && terms.length >= 2) {
      for (var k = terms.length - 1; k >= 0; k--) {
        var rest = terms.slice(0, k).concat(terms.slice(k + 1));
        got = this.hinted(rest.map(function (t) { return t.text; }).join(" "), rest, r.hint, opts);
        if (got.results.length) { terms = rest; changed = true; break; }
      }
    }
    var out = this.groupSteps(changed ? terms.map(function (t) { return t.text; }).join(" ") : r.query,
      r.hint, opts, terms, got.results) || got.results;
    out.hint = got.hint;
    out.corrected = changed ? terms.map(function (t) { return t.shown; }).join(" ") : null;
    return out;
  };
  Engine.prototype.hinted = function (phrase, terms, hint, opts) {
    if (hint && !opts.type) {
      var hinted = this.searchAs(phrase, terms, { type: hint, unit: opts.unit, limit: opts.limit });
      if (hinted.length) return { results: hinted, hint: hint };
    }
    return { results: this.searchAs(phrase, terms, opts), hint: null };
  };
  function stepNumber(title) {
    var head = title.split(".")[0];
    return /^[0-9]+$/.test(head) ? parseInt(head, 10) : 0;
  }
  /* 合同评审的步骤 / 合同评审流程: the process record first, then its steps in order, then the rest. */
  Engine.prototype.groupSteps = function (rewritten, hint, opts, terms, results) {
    var phrase = phraseOf(rewritten);
    if (opts.type || !(hint === STEP_TYPE || /流程$/.test(phrase))) return null;
    var core = hint !== STEP_TYPE && /流程$/.test(phrase) ? phrase.slice(0, -2) : phrase;
    var cs = Array.from(core);
    while (cs.length && (cs[cs.length - 1] === " " || this.stopwords.indexOf(cs[cs.length - 1]) >= 0)) cs.pop();
    core = phraseOf(cs.join(""));
    var best = null, bestKey = null, entries = this.entries;
    for (var k = 0; k < this.names.length; k++) {
      var e = entries[this.names[k]];
      if (e.type !== PROCESS_TYPE || (opts.unit && e.unit !== opts.unit)) continue;
      if (core && e.phraseTitle.indexOf(core) >= 0) {
        var key = [cpLen(e.phraseTitle), e.id];
        if (best === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && cmpId(key[1], bestKey[1]) < 0)) {
          best = this.names[k]; bestKey = key;
        }
      }
    }
    if (best === null) return null;
    var proc = entries[best].id + "#", steps = [];
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].type === STEP_TYPE && entries[i].id.lastIndexOf(proc, 0) === 0) steps.push(i);
    }
    steps.sort(function (a, b) {
      return stepNumber(entries[a].title) - stepNumber(entries[b].title) || cmpId(entries[a].id, entries[b].id);
    });
    var head = [best].concat(steps), ids = {}, self = this;
    var out = head.map(function (i) { ids[entries[i].id] = true; return self.grouped(entries[i], phrase, terms); });
    results.forEach(function (r) { if (!ids[r.id]) out.push(r); });
    var limit = opts.limit === null || opts.limit === undefined ? Infinity : opts.limit;
    out = out.slice(0, limit);
    out.total = results.total;
    return out;
  };
  /* A result listed by groupSteps: its own tier when it matches the terms, else GROUPED. */
  Engine.prototype.grouped = function (e, phrase, terms) {
    var qs = terms.map(function (t) { return quality(t, e.hay); }), tier;
    if (qs.indexOf(MISS) >= 0 || !terms.length) { tier = GROUPED; qs = terms.map(function () { return MISS; }); }
    else if (qs.every(function (q) { return q === LITERAL; })) {
      tier = e.is_name && e.phraseTitle === phrase ? 0 : (e.hay.indexOf(phrase) >= 0 ? 1 : 2);
    } else tier = qs.indexOf(SYNONYM) >= 0 ? 3 : 2;
    return this.result(e, tier, terms, qs);
  };
  Engine.prototype.result = function (e, tier, terms, qs) {
    var ns = [], cached = null, self = this;
    terms.forEach(function (t, k) { ns = ns.concat(needles(t, qs[k])); });
    return {
      id: e.id, type: e.type, title: e.title, text: e.text, url: e.url, owner: e.owner,
      unit: e.unit, unit_name: e.unit_name, is_name: e.is_name, tier: tier,
      get highlights() { return cached || (cached = self.highlight(e.text, ns)); }
    };
  };
  /* in_text (README.md 4.3): 0 = the phrase (tiers 0–1) / every word (tiers 2–3) in the line itself, or
     the words split between the line and its title/owner (商务助理 发票); 1 = all in the line; 2 = not. */
  function inTextRank(e, tier, phrase, terms, qs) {
    if (tier <= 1) return tier === 0 || e.textN.indexOf(phrase) >= 0 ? 0 : 1;
    var words = [];
    for (var k = 0; k < terms.length; k++) words = words.concat(termWords(terms[k], qs[k]));
    var inLine = words.map(function (w) { return quality(w, e.textN) !== MISS; });
    var allIn = inLine.every(Boolean), anyIn = inLine.some(Boolean);
    var split = !allIn && anyIn && words.every(function (w, j) { return inLine[j] || quality(w, e.head) !== MISS; });
    return split ? 0 : (allIn ? 1 : 2);
  }
  /* named (README.md 4.2): 0 for a record name that holds the query; in tier 3 only when every term is
     literally in it — a name reached only through a synonym does not outrank the lines that say it. */
  function namedRank(e, tier, phrase, terms) {
    if (!e.is_name) return 1;
    if (tier <= 1) return e.phraseTitle.indexOf(phrase) >= 0 ? 0 : 1;
    var want = tier === 3 ? LITERAL : null;
    return terms.every(function (t) {
      var q = quality(t, e.titleN);
      return want === null ? q !== MISS : q === want;
    }) ? 0 : 1;
  }
  /* The sort key (README.md 4: tier, named, in_text, type rank, weak, text length) of entry `e` packed
     into one number (dims: the ranges of weak W, length L and rank R), or -1 when a term misses it.
     `qs` receives the term qualities. */
  function entryKey(e, phrase, terms, qs, dims) {
    var allLit = true, syn = false, weak = 0;
    for (var k = 0; k < terms.length; k++) {
      var q = quality(terms[k], e.hay);
      if (q === MISS) return -1;
      qs[k] = q;
      if (q !== LITERAL) allLit = false;
      if (q === SYNONYM) syn = true;
      weak += LITERAL - q;
    }
    var tier = syn ? 3 : 2;
    if (allLit) tier = e.is_name && e.phraseTitle === phrase ? 0 : (e.hay.indexOf(phrase) >= 0 ? 1 : 2);
    var rest = (namedRank(e, tier, phrase, terms) * 3 + inTextRank(e, tier, phrase, terms, qs)) * dims.R + e.rank;
    return (((tier * 2) * 3 * dims.R + rest) * dims.W + weak) * dims.L + e.len;
  }
  /* Positions 0…n-1 ordered by cmp, the first `limit` of them; for a few out of many, one pass that
     keeps a small sorted list instead of sorting every match. */
  function bestOrder(n, limit, cmp) {
    var order = [], i;
    if (limit < n / 4) {
      for (i = 0; i < n && limit > 0; i++) {
        if (order.length === limit && cmp(i, order[limit - 1]) >= 0) continue;
        var at = order.length;
        while (at > 0 && cmp(i, order[at - 1]) < 0) at--;
        order.splice(at, 0, i);
        if (order.length > limit) order.pop();
      }
      return order;
    }
    order = new Array(n);
    for (i = 0; i < n; i++) order[i] = i;
    order.sort(cmp);
    return limit < n ? order.slice(0, limit) : order;
  }
  /* Every entry that matches all terms, best first (README.md 3–4); opts: {type, unit, limit}.
     The scan keeps no per-match objects: one packed number per match. */
  Engine.prototype.searchAs = function (phrase, terms, opts) {
    var nt = terms.length, hits = [], keys = [];
    if (!nt) return [];
    var dims = { W: 3 * nt + 1, L: this.maxText + 1, R: this.maxRank + 1 };
    var entries = this.entries, qs = new Array(nt);
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if ((opts.type && e.type !== opts.type) || (opts.unit && e.unit !== opts.unit)) continue;
      var key = entryKey(e, phrase, terms, qs, dims);
      if (key < 0) continue;
      keys.push(key);
      hits.push(i);
    }
    function cmp(a, b) { return keys[a] - keys[b] || cmpId(entries[hits[a]].id, entries[hits[b]].id); }
    var limit = opts.limit === null || opts.limit === undefined ? Infinity : opts.limit;
    var self = this, divTier = 2 * 3 * dims.R * dims.W * dims.L;
    var out = bestOrder(hits.length, limit, cmp).map(function (o) { // qualities again for the few shown
      var e = entries[hits[o]];
      return self.result(e, Math.floor(keys[o] / divTier), terms, terms.map(function (t) { return quality(t, e.hay); }));
    });
    out.total = hits.length; // matches before `limit`
    return out;
  };
  /* Merged [start, end) ranges (UTF-16 units) of every needle occurrence in the original text. */
  Engine.prototype.highlight = function (text, ns) {
    var m = this.normaliseWithMap(text), spans = [];
    ns.forEach(function (n) {
      if (!n) return;
      for (var at = m.text.indexOf(n); at >= 0; at = m.text.indexOf(n, at + 1)) {
        spans.push([m.starts[at], m.ends[at + n.length - 1]]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  };

  /* The engine; search-repairs.js adds the repairs, search-loader.js the Loader. `internal`: the text
     primitives those two files share with this one (not an API for pages). */
  globalThis.HandbookSearchEngine = {
    Engine: Engine,
    internal: { isCjk: isCjk, cpLen: cpLen, cmpId: cmpId, segment: segment, runs: runs, quality: quality, MISS: MISS }
  };
}
