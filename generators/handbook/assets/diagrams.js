/* Zoom for inline diagrams (svg.hb-diagram): a scrollable box with 放大 / 缩小 / 适合宽度 / 原始大小.
 * Wide charts start fitted to the width so the reader sees the whole chart, then zooms into a part.
 * Runs again after each Material instant-navigation page switch (document$); idempotent per svg. */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.1, MAX = 4;

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

    function fitScale() {
      var avail = scroll.clientWidth || wrap.clientWidth;
      return avail > 0 ? Math.min(1, avail / size.w) : 1;
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
      level.textContent = Math.round(scale * 100) + "%";
    }

    bar.appendChild(level);
    bar.appendChild(button("放大", "放大图表", function () { fitting = false; apply(scale * STEP, true); }));
    bar.appendChild(button("缩小", "缩小图表", function () { fitting = false; apply(scale / STEP, true); }));
    bar.appendChild(button("适合宽度", "缩放到与页面同宽，显示整张图", function () { fitting = true; apply(fitScale(), false); }));
    bar.appendChild(button("原始大小", "按原始大小显示", function () { fitting = false; apply(1, true); }));

    fitting = size.w > (scroll.clientWidth || wrap.clientWidth);
    apply(fitting ? fitScale() : 1, false);

    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (fitting) apply(fitScale(), false); }).observe(scroll);
    }
  }

  function init() {
    var svgs = document.querySelectorAll("svg.hb-diagram");
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
