/* Zoom for inline diagrams (svg.hb-diagram): a scrollable box with 放大 / 缩小 / 适合宽度 / 原始大小.
 * Charts open fitted to the width, but never smaller than readable: box text at least READ_PX
 * (PHONE_READ_PX on narrow screens); a wider chart scrolls instead. Swimlanes keep their lane
 * headers in view while scrolling (a clipped, aria-hidden copy of the header strip, position: sticky).
 * Runs again after each Material instant-navigation page switch (document$); idempotent per svg. */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.1, MAX = 4, READ_PX = 11, PHONE_READ_PX = 10, PHONE_MAX_WIDTH = 600;

  // Font size of the chart's box text (steps, or org boxes): the text the reader must be able to read.
  function textSize(svg) {
    var kinds = [".hb-step", ".hb-decision", ".hb-position", ".hb-unit", ".hb-node"];
    for (var i = 0; i < kinds.length; i++) {
      var t = svg.querySelector(kinds[i] + " text.hb-label");
      if (t) return parseFloat(t.getAttribute("font-size")) || 13;
    }
    return 13;
  }

  function stickyHead(svg, scroll) {
    var x = parseFloat(svg.getAttribute("data-head-x")), y = parseFloat(svg.getAttribute("data-head-y"));
    if (!(x > 0) && !(y > 0)) return null;
    var copy = svg.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    copy.removeAttribute("role");
    copy.removeAttribute("aria-label");
    copy.classList.add("hb-diagram-copy");
    var links = copy.querySelectorAll("a");
    for (var i = 0; i < links.length; i++) links[i].setAttribute("tabindex", "-1");
    var box = document.createElement("div");
    box.className = "hb-sticky-head " + (y > 0 ? "hb-sticky-top" : "hb-sticky-left");
    box.appendChild(copy);
    scroll.insertBefore(box, svg);
    return { box: box, svg: copy, x: x, y: y };
  }

  function naturalSize(svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width) return { w: vb.width, h: vb.height };
    return { w: parseFloat(svg.getAttribute("width")) || 800, h: parseFloat(svg.getAttribute("height")) || 600 };
  }

  function button(text, title, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }

  function enhance(svg) {
    if (svg.closest(".hb-diagram-wrap")) return;
    var size = naturalSize(svg);
    var wrap = document.createElement("div");
    wrap.className = "hb-diagram-wrap";
    var bar = document.createElement("div");
    bar.className = "hb-diagram-toolbar";
    var scroll = document.createElement("div");
    scroll.className = "hb-diagram-scroll";
    var level = document.createElement("span");
    level.className = "hb-zoom-level";
    svg.parentNode.insertBefore(wrap, svg);
    scroll.appendChild(svg);
    wrap.appendChild(bar);
    wrap.appendChild(scroll);

    var scale = 1, fitting = false;
    var head = stickyHead(svg, scroll);

    function readable() {
      var px = window.innerWidth <= PHONE_MAX_WIDTH ? PHONE_READ_PX : READ_PX;
      return Math.min(1, px / textSize(svg));
    }

    function fitScale() {
      var avail = scroll.clientWidth || wrap.clientWidth;
      return avail > 0 ? Math.max(readable(), Math.min(1, avail / size.w)) : 1;
    }

    function sizeHead() {
      if (!head) return;
      var w = size.w * scale, h = size.h * scale;
      head.svg.style.width = w + "px";
      head.svg.style.height = h + "px";
      if (head.y > 0) {
        head.box.style.width = w + "px";
        head.box.style.height = head.y * scale + "px";
        head.box.style.marginBottom = -head.y * scale + "px";
      } else {
        head.box.style.width = head.x * scale + "px";
        head.box.style.height = h + "px";
        head.box.style.marginBottom = -h + "px";
      }
    }

    // Set the scale and keep the point at the centre of the view where it was.
    function apply(next, keepCentre) {
      next = Math.max(MIN, Math.min(MAX, next));
      var cx = (scroll.scrollLeft + scroll.clientWidth / 2) / scale;
      var cy = (scroll.scrollTop + scroll.clientHeight / 2) / scale;
      scale = next;
      svg.style.width = size.w * scale + "px";
      svg.style.height = size.h * scale + "px";
      svg.style.maxWidth = "none";
      if (keepCentre) {
        scroll.scrollLeft = cx * scale - scroll.clientWidth / 2;
        scroll.scrollTop = cy * scale - scroll.clientHeight / 2;
      }
      sizeHead();
      level.textContent = Math.round(scale * 100) + "%";
    }

    bar.appendChild(level);
    bar.appendChild(button("放大", "放大图表", function () { fitting = false; apply(scale * STEP, true); }));
    bar.appendChild(button("缩小", "缩小图表", function () { fitting = false; apply(scale / STEP, true); }));
    bar.appendChild(button("适合宽度", "缩放到与页面同宽，显示整张图", function () {
      fitting = false;
      var avail = scroll.clientWidth || wrap.clientWidth;
      apply(avail > 0 ? Math.min(1, avail / size.w) : 1, false);
    }));
    bar.appendChild(button("原始大小", "按原始大小显示", function () { fitting = false; apply(1, true); }));

    fitting = size.w > (scroll.clientWidth || wrap.clientWidth);
    apply(fitting ? fitScale() : 1, false);
    wrap.classList.toggle("hb-diagram-scrolls", size.w * scale > (scroll.clientWidth || wrap.clientWidth) + 1);

    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (fitting) apply(fitScale(), false); }).observe(scroll);
    }
  }

  function init() {
    var svgs = document.querySelectorAll("svg.hb-diagram:not(.hb-diagram-copy):not(.hb-print-chart)");
    for (var i = 0; i < svgs.length; i++) enhance(svgs[i]);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
