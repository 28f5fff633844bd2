/*
 * Handbook search engine, part 2 of 3: repairs of a term that matches nothing (README.md 2b;
 * the Python side is generators/handbook/search/repair.py): pinyin, typos with the same sound,
 * stray characters. Adds methods to HandbookSearchEngine.Engine; load after search-engine.js.
 * No DOM access.
 */
"use strict";
repairs: { // a block, not a function: everything below is local to this file
  const SearchEngine = globalThis.HandbookSearchEngine;
  if (!SearchEngine) throw new Error("search-repairs.js: load search-engine.js first");
  if (SearchEngine.Engine.prototype.repair) break repairs; // loaded twice: keep the first
  const Engine = SearchEngine.Engine, internal = SearchEngine.internal;
  const isCjk = internal.isCjk, cpLen = internal.cpLen, cmpId = internal.cmpId, segment = internal.segment;
  const runs = internal.runs, quality = internal.quality, MISS = internal.MISS;

  /* Every haystack in one string (rebuilt when entries were added): one native scan answers
     "is this word anywhere", which is all a dead term needs (repair.py Repairs.alive). */
  Engine.prototype.allText = function () {
    if (this.allVersion !== this.version) {
      this.all = this.entries.map(function (e) { return e.hay; }).join("\u0000");
      this.allVersion = this.version;
    }
    return this.all;
  };
  /* Build what repairs use (joined haystacks, typo masks, pinyin keys) ahead of the first dead term. */
  Engine.prototype.prepare = function () {
    this.allText();
    if (!this.masks) this.correct("");
    this.pinyinWords("");
  };
  Engine.prototype.alive = function (term) {
    var all = this.allText();
    function anywhere(w) { return all.indexOf(w) >= 0; }
    if (anywhere(term.text) || term.synonyms.some(anywhere)) return true;
    if (!term.parts.length) return false;
    if (!term.parts.every(function (p) { return anywhere(p[0]) || p[1].some(anywhere); })) return false;
    for (var i = 0; i < this.entries.length; i++) if (quality(term, this.entries[i].hay) !== MISS) return true;
    return false;
  };
  Engine.prototype.syllables = function (word) {
    if (Object.prototype.hasOwnProperty.call(this.pyWords, word)) return this.pyWords[word].split(" ");
    var out = [];
    for (var c of word) {
      if (!this.reading.has(c)) return null;
      out.push(this.reading.get(c));
    }
    return out;
  };
  Engine.prototype.frequency = function (word) { // document frequency from the index (vocab_freq)
    return this.freq.get(word) || 0;
  };
  Engine.prototype.pinyinWords = function (latin) {
    if (!this.pyIndex) {
      var idx = this.pyIndex = new Map(), self = this;
      this.vocabList.forEach(function (w) {
        var syls = self.syllables(w);
        if (!syls) return;
        [syls.join(""), syls.map(function (x) { return x[0]; }).join("")].forEach(function (key, k) {
          if (!idx.has(key)) idx.set(key, [[], []]);
          idx.get(key)[k].push(w);
        });
      });
    }
    return this.pyIndex.get(latin) || [[], []];
  };
  Engine.prototype.byFrequency = function (words) {
    var self = this;
    return words.slice().sort(function (a, b) { return self.frequency(b) - self.frequency(a) || cmpId(a, b); });
  };
  Engine.prototype.pinyinTerm = function (latin) {
    var found = this.pinyinWords(latin), lists = [found[0], latin.length >= 2 ? found[1] : []];
    for (var l = 0; l < 2; l++) {
      if (!lists[l].length) continue;
      var ranked = this.byFrequency(lists[l]), best = this.term(ranked[0]);
      var extra = ranked.slice(1, 6).filter(function (w) { return best.synonyms.indexOf(w) < 0; });
      return { text: best.text, shown: ranked[0], synonyms: best.synonyms.concat(extra), parts: best.parts };
    }
    var n = latin.length, dp = new Array(n + 1).fill(null);
    dp[0] = [];
    for (var i = 1; i <= n; i++) {
      for (var j = 0; j < i; j++) {
        if (dp[j] === null) continue;
        var words = this.pinyinWords(latin.slice(j, i))[0];
        if (!words.length) continue;
        var cand = dp[j].concat([this.byFrequency(words)[0]]);
        if (dp[i] === null || cand.length < dp[i].length) dp[i] = cand;
      }
    }
    if (dp[n] && dp[n].length >= 2) {
      var term = this.term(dp[n].join(""));
      if (this.alive(term)) return term;
    }
    return null;
  };
  /* pinyin.py fuzzy: z/zh, c/ch, s/sh, an/ang, en/eng, in/ing sound the same to a typist. */
  function fuzzy(syl) {
    syl = syl.replace(/^([zcs])h/, "$1");
    return syl.replace(/(an|en|in)g$/, "$1");
  }
  Engine.prototype.correct = function (text, sameSound) {
    var self = this;
    if (!this.masks) {
      var masks = this.masks = new Map();
      this.vocabList.forEach(function (w) {
        var cs = Array.from(w);
        for (var k = 0; k < cs.length; k++) {
          var key = cs.slice(0, k).join("") + "?" + cs.slice(k + 1).join("");
          if (!masks.has(key)) masks.set(key, []);
          masks.get(key).push(w);
        }
      });
    }
    var cs = Array.from(text), n = cs.length, cands = [];
    for (var size = n; size > 1; size--) {
      for (var start = 0; start + size <= n; start++) {
        var win = cs.slice(start, start + size);
        if (this.vocab.has(win.join("")) || !win.every(isCjk)) continue;
        for (var k = 0; k < size; k++) {
          var found = this.masks.get(win.slice(0, k).join("") + "?" + win.slice(k + 1).join("")) || [];
          found.forEach(function (w) {
            var a = self.syllables(win[k]), b = self.syllables(Array.from(w)[k]);
            cands.push([-size, a && b && fuzzy(a[0]) === fuzzy(b[0]) ? 0 : 1, w, start]);
          });
        }
      }
    }
    cands.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || cmpId(x[2], y[2]) || x[3] - y[3]; });
    var tried = 0, prev = null;
    for (var c = 0; c < cands.length; c++) {
      if (sameSound && cands[c][1]) continue;
      var key = cands[c].join("\u0000"); // Python tries each distinct candidate once (a set)
      if (key === prev) continue;
      prev = key;
      if (++tried > this.maxCorrections) break;
      var w2 = Array.from(cands[c][2]);
      var fixed = this.term(cs.slice(0, cands[c][3]).join("") + w2.join("") + cs.slice(cands[c][3] + w2.length).join(""));
      if (this.alive(fixed)) return fixed;
    }
    return null;
  };
  Engine.prototype.repair = function (terms) {
    var out = [], changed = false, self = this;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (this.alive(t)) { out.push(t); continue; }
      changed = true;
      if (/^[A-Za-z]{2,}$/.test(t.text)) {
        var spelt = this.pinyinTerm(t.text);
        if (spelt) out.push(spelt);
        continue;
      }
      var fixed = this.correct(t.text, true);
      if (fixed) { out.push(fixed); continue; }
      var words = (this.lenientParts(t.text) || []).map(function (w) { return self.term(w); })
        .filter(function (wt) { return self.alive(wt); });
      if (words.length) { out = out.concat(words); continue; }
      fixed = this.correct(t.text, false);
      if (fixed) out.push(fixed);
    }
    if (changed && !out.length) return { terms: terms, changed: false };
    return { terms: out, changed: changed };
  };
  /* segment.py lenient_parts: the words of a term, every lone character dropped. */
  Engine.prototype.lenientParts = function (term) {
    var pieces = [], self = this;
    runs(term).forEach(function (run) {
      if (isCjk(run)) pieces = pieces.concat(segment(run, self.vocab, self.maxLen, true));
      else pieces.push(run);
    });
    var kept = pieces.filter(function (p, i) { return !(cpLen(p) === 1 && isCjk(p)) && pieces.indexOf(p) === i; });
    return kept.length ? kept : null;
  };
}
