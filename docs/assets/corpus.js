// corpus-site: small interactions of our own (no third-party code).

// Run a setup function on every page view (Material's document$ when present).
window.csOnEveryPage = function (fn) {
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(fn);
  else document.addEventListener("DOMContentLoaded", fn);
};
(function () {
  "use strict";

  // Concept map: pointing at (or tapping) a node highlights its links and neighbours;
  // a second tap on the same node follows its link.
  function setupMap(map) {
    var edges = Array.prototype.slice.call(map.querySelectorAll(".cs-edge"));
    var active = null;
    function clear() {
      map.classList.remove("cs-focus");
      map.querySelectorAll(".cs-on").forEach(function (el) { el.classList.remove("cs-on"); });
      active = null;
    }
    function focus(node) {
      clear();
      active = node;
      map.classList.add("cs-focus");
      node.classList.add("cs-on");
      edges.forEach(function (edge) {
        var a = edge.getAttribute("data-a"), b = edge.getAttribute("data-b");
        if (a === node.id || b === node.id) {
          edge.classList.add("cs-on");
          var other = document.getElementById(a === node.id ? b : a);
          if (other) other.classList.add("cs-on");
        }
      });
    }
    map.querySelectorAll(".cs-node").forEach(function (node) {
      node.addEventListener("mouseenter", function () { focus(node); });
      node.addEventListener("focus", function () { focus(node); });
      node.addEventListener("click", function (event) {
        if (active !== node) { event.preventDefault(); focus(node); }
      });
    });
    map.addEventListener("mouseleave", clear);
  }

  window.csOnEveryPage(function () {
    document.querySelectorAll(".cs-map").forEach(setupMap);
  });
})();

// Search: Pagefind's UI in the header, one index per interface language.
(function () {
  "use strict";
  var loaded = null;

  function load(bundle) {
    if (loaded) return loaded;
    loaded = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loaded;
  }

  function setup() {
    var box = document.querySelector(".cs-search");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    // An absolute path to this interface's bundle: Pagefind derives the base of result
    // URLs from it, so results work wherever the site is published (even under a sub-path).
    var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
    load(bundle).then(function () {
      var ui = new window.PagefindUI({
        element: box,
        bundlePath: bundle,
        showImages: false,
        showSubResults: true,
        resetStyles: false,
        excerptLength: 30,
        translations: box.getAttribute("data-lang") === "zh"
          ? { placeholder: box.getAttribute("data-placeholder"), zero_results: "没有找到“[SEARCH_TERM]”", clear_search: "清除", load_more: "更多结果", filters_label: "筛选" }
          : { placeholder: box.getAttribute("data-placeholder") }
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
    });
  }

  window.csOnEveryPage(setup);
})();

// Citations: fill in the page's address when the site has no site_url, and copy on click.
(function () {
  "use strict";
  function setup() {
    document.querySelectorAll(".cs-cite-url").forEach(function (span) {
      if (!span.textContent.trim()) span.textContent = window.location.origin + window.location.pathname;
    });
    document.querySelectorAll(".cs-copy").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "1");
      button.addEventListener("click", function () {
        var target = button.closest(".cs-cite").querySelector(button.getAttribute("data-copy"));
        var text = target.textContent.replace(/\s+/g, " ").trim();
        var done = function () { button.textContent = button.getAttribute("data-done"); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { select(target); done(); });
        } else {
          select(target);
          try { document.execCommand("copy"); } catch (e) { /* the text stays selected for Ctrl+C */ }
          done();
        }
      });
    });
  }
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  window.csOnEveryPage(setup);
})();
