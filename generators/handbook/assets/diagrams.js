/* Zoom for inline diagrams (svg.hb-diagram): a scrollable box with 放大 / 缩小 / 适合宽度 / 原始大小.
 * Charts open fitted to the width, but never smaller than readable: box names at least READ_PX
 * (PHONE_READ_PX on narrow screens) and every other text of the chart (headcounts, badges, edge labels,
 * the legend) at least MIN_TEXT_PX; a wider chart scrolls instead. Swimlanes keep their lane
 * headers in view while scrolling (a clipped, aria-hidden copy of the header strip, position: sticky).
 * Runs again after each Material instant-navigation page switch (document$); idempotent per svg. */
"use strict";
diagrams: { // a block, not a function: everything below is local to this file
  const STEP = 1.25, MIN = 0.1, MAX = 4, READ_PX = 11, PHONE_READ_PX = 10, PHONE_MAX_WIDTH = 600;
  const MIN_TEXT_PX = 10; // issue 15: no chart text under 10 px, on a phone either

  // Font size of the chart's box names (steps, or org boxes): the text the reader reads first.
  function textSize(svg) {
    const kinds = [".hb-step", ".hb-decision", ".hb-position", ".hb-unit", ".hb-node"];
    for (const kind of kinds) {
      const t = svg.querySelector(kind + " text.hb-label");
      if (t) return parseFloat(t.getAttribute("font-size")) || 13;
    }
    return 13;
  }

  // Font size of the smallest text drawn in the chart (secondary lines under a name, badges, labels).
  function smallestText(svg) {
    let least = Infinity;
    for (const t of svg.querySelectorAll("text[font-size]")) {
      const size = parseFloat(t.getAttribute("font-size"));
      if (size > 0 && size < least) least = size;
    }
    return least;
  }

  function stickyHead(svg, scroll) {
    const x = parseFloat(svg.getAttribute("data-head-x")), y = parseFloat(svg.getAttribute("data-head-y"));
    if (!(x > 0) && !(y > 0)) return null;
    const copy = svg.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    copy.removeAttribute("role");
    copy.removeAttribute("aria-label");
    copy.classList.add("hb-diagram-copy");
    for (const link of copy.querySelectorAll("a")) link.setAttribute("tabindex", "-1");
    const box = document.createElement("div");
    box.className = "hb-sticky-head " + (y > 0 ? "hb-sticky-top" : "hb-sticky-left");
    box.appendChild(copy);
    scroll.insertBefore(box, svg);
    return { box: box, svg: copy, x: x, y: y };
  }

  function naturalSize(svg) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width) return { w: vb.width, h: vb.height };
    return { w: parseFloat(svg.getAttribute("width")) || 800, h: parseFloat(svg.getAttribute("height")) || 600 };
  }

  function element(tag, className) {
    const node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function button(text, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }

  /* One chart on the page: the svg moved into a scroll box under a toolbar, at a scale. */
  function ZoomView(svg) {
    this.svg = svg;
    this.size = naturalSize(svg);
    this.wrap = element("div", "hb-diagram-wrap");
    this.bar = element("div", "hb-diagram-toolbar");
    this.scroll = element("div", "hb-diagram-scroll");
    this.level = element("span", "hb-zoom-level");
    svg.parentNode.insertBefore(this.wrap, svg);
    this.scroll.appendChild(svg);
    this.wrap.appendChild(this.bar);
    this.wrap.appendChild(this.scroll);
    this.scale = 1;
    this.fitting = false;
    this.head = stickyHead(svg, this.scroll);
  }

  ZoomView.prototype.available = function () { return this.scroll.clientWidth || this.wrap.clientWidth; };

  // The smallest scale at which the chart's text is still readable on this screen (never above 1).
  ZoomView.prototype.readable = function () {
    const px = window.innerWidth <= PHONE_MAX_WIDTH ? PHONE_READ_PX : READ_PX;
    return Math.min(1, Math.max(px / textSize(this.svg), MIN_TEXT_PX / smallestText(this.svg)));
  };

  ZoomView.prototype.fitScale = function () {
    const avail = this.available();
    return avail > 0 ? Math.max(this.readable(), Math.min(1, avail / this.size.w)) : 1;
  };

  ZoomView.prototype.sizeHead = function () {
    const head = this.head;
    if (!head) return;
    const w = this.size.w * this.scale, h = this.size.h * this.scale;
    head.svg.style.width = w + "px";
    head.svg.style.height = h + "px";
    if (head.y > 0) {
      head.box.style.width = w + "px";
      head.box.style.height = head.y * this.scale + "px";
      head.box.style.marginBottom = -head.y * this.scale + "px";
    } else {
      head.box.style.width = head.x * this.scale + "px";
      head.box.style.height = h + "px";
      head.box.style.marginBottom = -h + "px";
    }
  };

  // Set the scale and, with keepCentre, keep the point at the centre of the view where it was.
  ZoomView.prototype.apply = function (next, keepCentre) {
    const scroll = this.scroll;
    next = Math.max(MIN, Math.min(MAX, next));
    const cx = (scroll.scrollLeft + scroll.clientWidth / 2) / this.scale;
    const cy = (scroll.scrollTop + scroll.clientHeight / 2) / this.scale;
    this.scale = next;
    this.svg.style.width = this.size.w * next + "px";
    this.svg.style.height = this.size.h * next + "px";
    this.svg.style.maxWidth = "none";
    if (keepCentre) {
      scroll.scrollLeft = cx * next - scroll.clientWidth / 2;
      scroll.scrollTop = cy * next - scroll.clientHeight / 2;
    }
    this.sizeHead();
    this.level.textContent = Math.round(next * 100) + "%";
  };

  ZoomView.prototype.zoomTo = function (next, keepCentre) {
    this.fitting = false;
    this.apply(next, keepCentre);
  };

  ZoomView.prototype.addToolbar = function () {
    const view = this;
    this.bar.appendChild(this.level);
    this.bar.appendChild(button("放大", "放大图表", function () { view.zoomTo(view.scale * STEP, true); }));
    this.bar.appendChild(button("缩小", "缩小图表", function () { view.zoomTo(view.scale / STEP, true); }));
    this.bar.appendChild(button("适合宽度", "缩放到与页面同宽，显示整张图", function () {
      const avail = view.available();
      view.zoomTo(avail > 0 ? Math.min(1, avail / view.size.w) : 1, false);
    }));
    this.bar.appendChild(button("原始大小", "按原始大小显示", function () { view.zoomTo(1, true); }));
  };

  // The opening scale: fitted (but readable) when the chart is wider than the column, else 1.
  ZoomView.prototype.open = function () {
    const view = this;
    this.fitting = this.size.w > this.available();
    this.apply(this.fitting ? this.fitScale() : 1, false);
    this.wrap.classList.toggle("hb-diagram-scrolls", this.size.w * this.scale > this.available() + 1);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (view.fitting) view.apply(view.fitScale(), false); }).observe(this.scroll);
    }
  };

  function enhance(svg) {
    if (svg.closest(".hb-diagram-wrap")) return;
    const view = new ZoomView(svg);
    view.addToolbar();
    view.open();
  }

  function init() {
    for (const svg of document.querySelectorAll("svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)")) {
      enhance(svg);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
