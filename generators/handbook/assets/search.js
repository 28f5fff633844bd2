/*
 * Handbook search UI: the header search-as-you-type box and the search page <div id="hb-search-page">.
 *
 * All matching and ranking is in the engine (window.HandbookSearchEngine: assets/search-engine.js,
 * search-repairs.js, search-loader.js), which must be loaded before this file; this file only reads
 * results and writes the DOM. Plain JS, no libraries, no network except the index. Index text is
 * only ever inserted with textContent, never parsed as HTML.
 *
 * Exports window.HandbookSearch = {Engine, load, loadAll, onUpdate, root, searchPageUrl}.
 */
"use strict";
ui: { // a block, not a function: everything below is local to this file
  if (globalThis.HandbookSearch) break ui; // loaded twice (instant navigation): keep the first
  const SearchEngine = globalThis.HandbookSearchEngine;
  if (!SearchEngine || !SearchEngine.Loader || !SearchEngine.Engine.prototype.repair) {
    throw new Error("search.js: load search-engine.js, search-repairs.js and search-loader.js first");
  }

  const root = siteRoot();
  const loader = new SearchEngine.Loader(root, location.protocol === "file:" ? loadScript : null);
  const DROPDOWN_SIZE = 8, PAGE_SIZE = 100;

  /* Absolute site root, resolved once: instant navigation keeps the first page's __config. */
  function siteRoot() {
    try {
      const base = JSON.parse(document.getElementById("__config").textContent).base;
      if (typeof base === "string") return new URL(base === "" ? "./" : base.replace(/\/?$/, "/"), location.href).href;
    } catch (err) { /* no Material config: fall back below */ }
    const script = document.currentScript && document.currentScript.src;
    return script ? new URL("../", script).href : new URL("./", location.href).href;
  }
  /* A script tag, whatever the extension: how the .jsonp index twins load on file:// pages. */
  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      const s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  /* Benchmarks read window.__hbSearchTiming: input event time → results in the DOM → next frame. */
  function recordTiming(source, q, inputAt, engine) {
    var list = window.__hbSearchTiming || (window.__hbSearchTiming = []);
    if (list.length > 1000) list.splice(0, 500);
    var rec = { source: source, q: q, input: inputAt, done: performance.now(), pending: engine.pending(),
      entries: engine.entries.length, paint: null };
    list.push(rec);
    if (typeof requestAnimationFrame === "function") {
      requestAnimationFrame(function () { setTimeout(function () { rec.paint = performance.now(); }, 0); });
    }
  }
  function loadingNote(engine) {
    if (engine.failed) return "部分搜索索引加载失败，结果可能不全";
    return engine.pending() ? "正在加载索引…" : null;
  }

  /* Only site-relative links: a scheme (javascript:, data:) or protocol-relative URL gets no href. */
  function safeHref(url) {
    if (typeof url !== "string" || /^[a-zA-Z][a-zA-Z0-9+.-]*:|^\/\/|^\\/.test(url.trim())) return null;
    url = url.replace(/^\/+/, "");
    if (location.protocol === "file:") url = url.replace(/\/(#|$)/, "/index.html$1"); // no server to pick index.html
    return root + url;
  }
  function searchPageUrl(q, type, unit, exact) {
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    if (type) p.set("type", type);
    if (unit) p.set("unit", unit);
    if (exact) p.set("exact", "1");
    var s = p.toString();
    return root + "search/" + (s ? "?" + s : "");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function appendMarked(parent, text, ranges) {
    var last = 0;
    ranges.forEach(function (r) {
      if (r[0] > last) parent.appendChild(document.createTextNode(text.slice(last, r[0])));
      parent.appendChild(el("mark", null, text.slice(r[0], r[1])));
      last = r[1];
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
  /* One result as a link: type badge, owner, optional title, highlighted line. */
  function renderResult(r, cls) {
    var href = safeHref(r.url);
    var a = el(href ? "a" : "span", cls + "__link");
    if (href) a.href = href;
    var head = el("span", cls + "__head");
    var badge = el("span", "hb-badge", r.type);
    badge.setAttribute("data-type", r.type);
    head.appendChild(badge);
    if (r.title && r.title !== r.type && r.title !== r.text) head.appendChild(el("span", cls + "__title", r.title));
    head.appendChild(el("span", cls + "__owner", r.owner));
    a.appendChild(head);
    var line = el("span", cls + "__text");
    appendMarked(line, r.text, r.highlights);
    a.appendChild(line);
    return a;
  }

  /* 已按“合同评审”搜索 · 仍然搜索“合同评申”: says which query ran, links the query as typed (exact). */
  function correctedNote(cls, typed, corrected) {
    var li = el("li", cls);
    li.setAttribute("role", "presentation");
    li.appendChild(el("span", null, "已按“" + corrected + "”搜索。"));
    var a = el("a", null, "仍然搜索“" + typed + "”");
    a.href = searchPageUrl(typed, null, null, true);
    li.appendChild(a);
    return li;
  }

  /* ---------------- header box: search-as-you-type dropdown ---------------- */

  function HeaderBox(box) {
    this.box = box;
    this.input = box.querySelector(".hb-search__input");
    this.list = box.querySelector(".hb-search__dropdown");
    this.form = box.querySelector("form");
    this.active = -1;          // index of the selected option, -1 = none
    this.composing = false;    // an IME composition is open: wait for its end
    this.shownQuery = null;    // the query whose results the dropdown shows
    this.inputAt = null;       // event time of the keystroke being searched (benchmarks)
    this.scheduled = false;
  }
  HeaderBox.prototype.items = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("[role=option]"));
  };
  HeaderBox.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.active = -1;
  };
  HeaderBox.prototype.setActive = function (i) {
    const all = this.items(), self = this;
    if (!all.length) return;
    this.active = (i + all.length) % all.length;
    all.forEach(function (li, k) { li.setAttribute("aria-selected", k === self.active ? "true" : "false"); });
    this.input.setAttribute("aria-activedescendant", all[this.active].id);
    all[this.active].scrollIntoView({ block: "nearest" });
  };
  /* Put the results in the list in order; a result still listed keeps its node (moved if need be). */
  HeaderBox.prototype.fillOptions = function (results) {
    const list = this.list, byId = {};
    this.items().forEach(function (li) { byId[li.getAttribute("data-id")] = li; });
    results.forEach(function (r, k) {
      let li = byId[r.id];
      delete byId[r.id];
      if (!li) {
        li = el("li", "hb-search__item");
        li.setAttribute("role", "option");
        li.setAttribute("data-id", r.id);
      }
      li.id = "hb-search-option-" + k;
      const sig = r.highlights.join(";");
      if (li.hbSig !== sig) {
        li.hbSig = sig;
        li.textContent = "";
        li.appendChild(renderResult(r, "hb-search__result"));
      }
      li.setAttribute("aria-selected", "false");
      if (list.children[k] !== li) list.insertBefore(li, list.children[k] || null);
    });
    while (list.children.length > results.length) list.removeChild(list.lastChild);
  };
  /* Fill the dropdown in place: options whose result did not change keep their node, so a
     re-run when a shard arrives neither flickers nor loses the keyboard selection. */
  HeaderBox.prototype.render = function (engine, q, results) {
    const list = this.list, all = this.items(), keep = q === this.shownQuery ? this.active : -1;
    const selected = keep >= 0 && all[keep] ? all[keep].getAttribute("data-id") : null;
    this.shownQuery = q;
    Array.prototype.slice.call(list.querySelectorAll(".hb-search__corrected")).forEach(function (n) { list.removeChild(n); });
    this.fillOptions(results);
    if (results.corrected) list.insertBefore(correctedNote("hb-search__corrected", q.trim(), results.corrected), list.firstChild);
    const note = loadingNote(engine);
    if (note) list.appendChild(el("li", "hb-search__loading", note));
    const more = el("li", "hb-search__more");
    const link = el("a", null, results.total ? "查看全部 " + results.total + " 条结果"
      : "没有找到“" + q.trim() + "”，打开搜索页");
    link.href = searchPageUrl(q.trim());
    more.appendChild(link);
    list.appendChild(more);
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (selected !== null && results.length) { // the same result stays selected, else the same row
      const at = results.map(function (r) { return r.id; }).indexOf(selected);
      this.setActive(at >= 0 ? at : Math.min(keep, results.length - 1));
    }
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };
  HeaderBox.prototype.run = function (update) {
    const q = this.input.value, self = this;
    if (!q.trim()) { this.list.textContent = ""; this.shownQuery = null; this.close(); return; }
    if (update && (q !== this.shownQuery || this.list.hidden)) return; // only refresh what is open
    loader.load().then(function (engine) {
      if (self.input.value !== q) return;
      self.render(engine, q, engine.search(q, { limit: DROPDOWN_SIZE }));
      recordTiming(update ? "header-update" : "header", q, update ? null : self.inputAt, engine);
      if (!update) self.inputAt = null;
    }, function () {
      self.list.textContent = "";
      self.shownQuery = null;
      self.list.appendChild(el("li", "hb-search__more", "搜索索引加载失败，请稍后重试"));
      self.list.hidden = false;
    });
  };
  /* No debounce: a keystroke is searched in the next task (keys arriving together are searched once). */
  HeaderBox.prototype.later = function () {
    const self = this;
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(function () { self.scheduled = false; self.run(false); }, 0);
  };
  HeaderBox.prototype.onKey = function (ev) {
    if (ev.isComposing) return;
    const input = this.input;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (this.list.hidden) { this.run(); return; }
      this.setActive(this.active + (ev.key === "ArrowDown" ? 1 : -1));
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      const link = this.active >= 0 ? this.items()[this.active].querySelector("a[href]") : null;
      if (link) location.href = link.href;
      else if (input.value.trim()) location.href = searchPageUrl(input.value.trim());
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (input.value) { input.value = ""; this.list.textContent = ""; this.close(); }
      else input.blur();
    }
  };
  HeaderBox.prototype.listen = function () {
    const self = this, input = this.input, box = this.box;
    loader.onUpdate(function () { self.run(true); });
    input.addEventListener("focus", function () { loader.load().catch(function () {}); if (input.value.trim()) self.run(); });
    input.addEventListener("compositionstart", function () { self.composing = true; });
    input.addEventListener("compositionend", function (ev) { self.composing = false; self.inputAt = ev.timeStamp; self.later(); });
    input.addEventListener("input", function (ev) {
      if (!self.composing && !ev.isComposing) { self.inputAt = ev.timeStamp; self.later(); }
    });
    input.addEventListener("keydown", function (ev) { self.onKey(ev); });
    this.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (input.value.trim()) location.href = searchPageUrl(input.value.trim());
    });
    this.list.addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // keep focus while clicking
    document.addEventListener("click", function (ev) { if (!box.contains(ev.target)) self.close(); });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (!box.contains(document.activeElement)) self.close(); }, 150);
    });
  };
  function setupHeader() {
    const box = document.querySelector("[data-hb-search]");
    if (!box || box.getAttribute("data-hb-ready")) return;
    box.setAttribute("data-hb-ready", "1");
    new HeaderBox(box).listen();
  }
  /* Instant navigation keeps the header: start each page with an empty, closed box. */
  function resetHeader() {
    const box = document.querySelector("[data-hb-search]");
    if (!box) return;
    const list = box.querySelector(".hb-search__dropdown");
    const input = box.querySelector(".hb-search__input");
    if (list) { list.hidden = true; list.textContent = ""; }
    if (input) { input.value = ""; input.setAttribute("aria-expanded", "false"); input.blur(); }
  }

  /* ---------------- the search page ---------------- */

  function fillSelect(sel, allLabel, options, counts, value) {
    sel.textContent = "";
    const all = el("option", null, allLabel);
    all.value = "";
    sel.appendChild(all);
    options.forEach(function (o) {
      const n = counts ? counts[o[0]] || 0 : null;
      const opt = el("option", null, o[1] + (n === null ? "" : "（" + n + "）"));
      opt.value = o[0];
      sel.appendChild(opt);
    });
    sel.value = value;
    if (sel.value !== value) sel.value = "";
  }
  function selectEl(label) {
    const sel = el("select", "hb-page__filter");
    sel.setAttribute("aria-label", label);
    return sel;
  }
  /* The page's controls, built into `host` (<div id="hb-search-page">). */
  function SearchPage(host) {
    host.textContent = "";
    host.classList.add("hb-page");
    this.host = host;
    this.form = el("form", "hb-page__form");
    this.form.setAttribute("role", "search");
    const input = this.input = el("input", "hb-page__input");
    input.type = "search";
    input.setAttribute("aria-label", "搜索手册");
    input.placeholder = "输入关键词，如：合同评审、回款率、KPI";
    input.autocomplete = "off";
    input.spellcheck = false;
    this.typeSel = selectEl("按类型筛选");
    this.unitSel = selectEl("按组织单元筛选");
    [input, this.typeSel, this.unitSel].forEach(function (n) { this.form.appendChild(n); }, this);
    this.count = el("p", "hb-page__count", "正在加载搜索索引…");
    this.count.setAttribute("aria-live", "polite");
    this.list = el("ol", "hb-page__results");
    this.empty = el("div", "hb-page__empty");
    this.loading = el("p", "hb-page__loading");
    this.moreBtn = el("button", "hb-page__more md-button", "显示更多");
    this.moreBtn.type = "button";
    this.notice = el("p", "hb-page__corrected");
    this.empty.hidden = this.loading.hidden = this.moreBtn.hidden = this.notice.hidden = true;
    [this.form, this.count, this.loading, this.notice, this.list, this.empty, this.moreBtn]
      .forEach(function (n) { host.appendChild(n); });
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    this.engine = null;
    this.shown = 0;               // results rendered so far
    this.current = [];            // results after the filters
    this.exact = params.get("exact") === "1"; // the query as typed: no typo, pinyin or dropping repairs
    this.implied = null;          // the type a type word selected
    this.noHint = params.get("hint") === "0"; // the reader cleared the implied type
    this.composing = false;
    this.inputAt = null;
    this.scheduled = false;
  }
  SearchPage.prototype.updateUrl = function () {
    const p = new URLSearchParams(location.search), typeSel = this.typeSel;
    [["q", this.input.value.trim()], ["type", typeSel.value === this.implied ? "" : typeSel.value],
      ["unit", this.unitSel.value], ["exact", this.exact ? "1" : ""], ["hint", this.noHint ? "0" : ""]]
      .forEach(function (kv) { if (kv[1]) p.set(kv[0], kv[1]); else p.delete(kv[0]); });
    const s = p.toString();
    history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
  };
  SearchPage.prototype.renderMore = function () {
    const list = this.list;
    this.current.slice(this.shown, this.shown + PAGE_SIZE).forEach(function (r) {
      const li = el("li", "hb-page__result");
      li.setAttribute("data-id", r.id);
      li.appendChild(renderResult(r, "hb-page__result"));
      list.appendChild(li);
    });
    this.shown = Math.min(this.current.length, this.shown + PAGE_SIZE);
    this.moreBtn.hidden = this.shown >= this.current.length;
  };
  function chip(label, action) {
    const b = el("button", "hb-chip", label);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }
  /* Nothing found: offer to clear the filters, and the query's words and synonyms that do find something. */
  SearchPage.prototype.suggest = function (q, all) {
    const self = this, empty = this.empty, engine = this.engine;
    empty.textContent = "";
    empty.appendChild(el("p", "hb-page__none", "没有找到与“" + q + "”相关的结果。"));
    const tips = el("ul", "hb-page__tips");
    if ((this.typeSel.value || this.unitSel.value) && all.length) {
      const li = el("li", null, "当前筛选条件下没有结果：");
      li.appendChild(chip("清除筛选，查看全部 " + all.length + " 条", function () {
        self.typeSel.value = ""; self.unitSel.value = ""; self.run(false);
      }));
      tips.appendChild(li);
    }
    const parsed = engine.terms(q), words = [];
    if (parsed.terms.length > 1) parsed.terms.forEach(function (t) { words.push(t.text); });
    parsed.terms.forEach(function (t) {
      t.parts.forEach(function (p) { words.push(p[0]); });
      t.synonyms.forEach(function (s) { words.push(s); });
    });
    const chips = el("li", null, "试试："), seen = {};
    words.forEach(function (w) {
      if (seen[w]) return;
      seen[w] = 1;
      const n = engine.search(w, {}).length;
      if (n) chips.appendChild(chip(w + "（" + n + "）", function () { self.input.value = w; self.run(false); }));
    });
    if (chips.childNodes.length > 1) tips.appendChild(chips);
    tips.appendChild(el("li", null, "检查是否有错别字，或换一个更短、更常用的词，例如“合同”而不是“合同审批单”。"));
    empty.appendChild(tips);
    empty.hidden = false;
  };
  /* The filter controls for these results; 合同评审的步骤: the implied type shows selected (dashed). */
  SearchPage.prototype.fillFilters = function (q, all) {
    const typeSel = this.typeSel, unitSel = this.unitSel, typeCounts = {}, unitCounts = {};
    all.forEach(function (r) {
      if (!unitSel.value || r.unit === unitSel.value) typeCounts[r.type] = (typeCounts[r.type] || 0) + 1;
      if (!typeSel.value || r.type === typeSel.value) unitCounts[r.unit] = (unitCounts[r.unit] || 0) + 1;
    });
    fillSelect(typeSel, "全部类型", this.engine.types.map(function (t) { return [t, t]; }), q ? typeCounts : null,
      typeSel.value);
    if (all.hint && !typeSel.value) {
      this.implied = typeSel.value = all.hint;
      typeSel.setAttribute("data-implied", "1");
      typeSel.title = "由搜索词中的“" + all.hint + "”等词自动选择；选“全部类型”可取消";
    } else {
      typeSel.removeAttribute("data-implied");
      typeSel.title = "";
    }
    fillSelect(unitSel, "全部组织单元", this.engine.units, q ? unitCounts : null, unitSel.value);
  };
  /* 已按“…”搜索。仍然搜索“…”: the link runs the query as typed. */
  SearchPage.prototype.showCorrected = function (q, corrected) {
    const notice = this.notice, self = this;
    notice.textContent = "";
    notice.hidden = !corrected;
    if (!corrected) return;
    notice.appendChild(el("span", null, "已按“" + corrected + "”搜索。"));
    const again = el("a", null, "仍然搜索“" + q + "”");
    again.href = searchPageUrl(q, null, null, true);
    again.addEventListener("click", function (ev) { ev.preventDefault(); self.exact = true; self.run(false); });
    notice.appendChild(again);
  };
  /* update: a shard arrived; keep as many results shown as before and the focused result focused. */
  SearchPage.prototype.run = function (update) {
    this.updateUrl();
    const engine = this.engine, typeSel = this.typeSel, unitSel = this.unitSel, list = this.list;
    if (!engine) return;
    const note = loadingNote(engine);
    this.loading.textContent = note || "";
    this.loading.hidden = !note;
    const focused = update && list.contains(document.activeElement) ?
      document.activeElement.closest("[data-id]").getAttribute("data-id") : null;
    const keepShown = update ? this.shown : 0, q = this.input.value.trim(), implied = this.implied;
    if (typeSel.value && typeSel.value === implied) typeSel.value = ""; // re-derived below for this query
    this.implied = null;
    const all = q ? engine.search(q, { exact: this.exact, noHint: this.noHint }) : [];
    this.fillFilters(q, all);
    this.showCorrected(q, all.corrected);
    this.current = all.filter(function (r) { // an implied type was applied by the engine (with the process record first)
      return (!typeSel.value || typeSel.value === this.implied || r.type === typeSel.value) &&
        (!unitSel.value || r.unit === unitSel.value);
    }, this);
    list.textContent = "";
    this.shown = 0;
    this.empty.hidden = true;
    if (!q) {
      this.count.textContent = "输入关键词开始搜索。按 / 或 s 聚焦搜索框，↑↓ 选择结果，Enter 打开，Esc 清空。";
      this.moreBtn.hidden = true;
      return;
    }
    this.count.textContent = "共 " + this.current.length + " 条结果";
    if (!this.current.length) { this.moreBtn.hidden = true; this.suggest(q, all); return; }
    do this.renderMore(); while (this.shown < keepShown && this.shown < this.current.length);
    const again = focused && list.querySelector("[data-id=\"" + CSS.escape(focused) + "\"] a[href]");
    if (again) again.focus({ preventScroll: true });
  };
  /* No debounce: searched in the next task, keys arriving together once. */
  SearchPage.prototype.later = function () {
    const self = this;
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(function () {
      self.scheduled = false;
      self.run(false);
      if (self.engine && self.inputAt !== null) recordTiming("page", self.input.value, self.inputAt, self.engine);
      self.inputAt = null;
    }, 0);
  };
  /* ↑↓ move between the box and the result links; Esc clears the box. */
  SearchPage.prototype.onKey = function (ev) {
    if (ev.isComposing) return;
    const input = this.input, links = Array.prototype.slice.call(this.list.querySelectorAll("a[href]"));
    const at = links.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (document.activeElement !== input && at < 0) return; // leave selects alone
      ev.preventDefault();
      if (!links.length) return;
      const next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (document.activeElement === input || at < 0) { input.value = ""; this.run(false); }
      input.focus();
    }
  };
  SearchPage.prototype.listen = function () {
    const self = this, input = this.input;
    loader.onUpdate(function () { if (self.host.isConnected && self.engine) self.run(true); });
    input.addEventListener("compositionstart", function () { self.composing = true; });
    input.addEventListener("compositionend", function (ev) { self.composing = false; self.inputAt = ev.timeStamp; self.later(); });
    input.addEventListener("input", function (ev) {
      self.exact = false; // a new query gets the repairs again
      self.noHint = false;
      if (!self.composing && !ev.isComposing) { self.inputAt = ev.timeStamp; self.later(); }
    });
    this.typeSel.addEventListener("change", function () {
      if (self.implied && !self.typeSel.value) self.noHint = true; // the reader cleared the implied filter
      self.implied = null;
      self.run(false);
    });
    this.unitSel.addEventListener("change", function () { self.run(false); });
    this.moreBtn.addEventListener("click", function () { self.renderMore(); });
    this.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.run(false); });
    this.host.addEventListener("keydown", function (ev) { self.onKey(ev); });
  };
  SearchPage.prototype.start = function () {
    const self = this;
    loader.load().then(function (e) {
      self.engine = e;
      const p = new URLSearchParams(location.search);
      fillSelect(self.typeSel, "全部类型", e.types.map(function (t) { return [t, t]; }), null, p.get("type") || "");
      fillSelect(self.unitSel, "全部组织单元", e.units, null, p.get("unit") || "");
      self.run(false);
    }, function () {
      self.count.textContent = "搜索索引加载失败，请刷新页面重试。";
    });
    this.input.focus();
  };
  function setupPage() {
    const host = document.getElementById("hb-search-page");
    if (!host || host.getAttribute("data-hb-ready")) return;
    host.setAttribute("data-hb-ready", "1");
    const page = new SearchPage(host);
    page.listen();
    page.start();
  }

  /* --- global keys: / or s focuses search --- */
  function isEditable(node) {
    return !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }
  function onGlobalKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if ((ev.key === "/" || ev.key === "s") && !isEditable(document.activeElement)) {
      const target = document.querySelector("#hb-search-page .hb-page__input") ||
        document.querySelector("[data-hb-search] .hb-search__input");
      if (target) { ev.preventDefault(); target.focus(); target.select(); }
    }
  }

  function init() {
    setupHeader();
    resetHeader();
    setupPage();
  }
  document.addEventListener("keydown", onGlobalKey);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material instant navigation: runs on every page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* load(): usable engine (manifest + first shard); loadAll(): every shard in. */
  globalThis.HandbookSearch = {
    Engine: SearchEngine.Engine, load: function () { return loader.load(); },
    loadAll: function () { return loader.loadAll(); }, onUpdate: function (fn) { loader.onUpdate(fn); },
    root: root, searchPageUrl: searchPageUrl
  };
}
