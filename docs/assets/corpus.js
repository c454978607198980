// corpus-site: small interactions of our own (no third-party code).

// Run a setup function on every page view (Material's document$ when present).
window.csOnEveryPage = function (fn) {
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(fn);
  else document.addEventListener("DOMContentLoaded", fn);
};
(function () {
  "use strict";

  // Concept maps: pointing at, focusing or tapping a node highlights its links and
  // neighbours and shows its names in the caption; a second tap on the same node follows
  // its link.
  function setupMap(map) {
    var edges = Array.prototype.slice.call(map.querySelectorAll(".cs-edge"));
    var caption = map.querySelector(".cs-map-caption");
    var active = null;
    function clear() {
      if (caption) caption.textContent = caption.getAttribute("data-empty") || "";
      map.classList.remove("cs-focus");
      map.querySelectorAll(".cs-on").forEach(function (el) { el.classList.remove("cs-on"); });
      active = null;
    }
    function focus(node) {
      clear();
      active = node;
      if (caption) caption.textContent = node.querySelector("title").textContent;
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
    var pressed = "";  // the kind of pointer that pressed a node last ("" for the keyboard)
    map.querySelectorAll(".cs-node").forEach(function (node) {
      // a mouse highlights on the way in; a finger's first tap highlights, its second opens
      node.addEventListener("pointerenter", function (event) { if (event.pointerType === "mouse") focus(node); });
      node.addEventListener("pointerdown", function (event) { pressed = event.pointerType; });
      node.addEventListener("focus", function () { if (pressed !== "touch" && pressed !== "pen") focus(node); });
      node.addEventListener("click", function (event) {
        pressed = "";
        if (active !== node) { event.preventDefault(); focus(node); }
      });
    });
    map.addEventListener("mouseleave", clear);
    map.addEventListener("focusout", function (event) {
      if (!map.contains(event.relatedTarget)) clear();
    });
  }

  window.csOnEveryPage(function () {
    document.querySelectorAll(".cs-map").forEach(setupMap);
  });
})();

// Search: the box in the header is plain HTML; the search itself (assets/search.js, which
// loads Pagefind's engine) is fetched on the first focus of the box, or at once when the
// address carries a query (?q=…).  Pages that nobody searches from download nothing for it.
(function () {
  "use strict";
  var loading = null;

  function start(box) {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = box.getAttribute("data-script");
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading.then(function () { window.csSearch(box); });
  }

  function setup() {
    var box = document.querySelector(".cs-search");
    if (!box || box.getAttribute("data-armed")) return;
    box.setAttribute("data-armed", "1");
    var input = box.querySelector("input");
    var go = function () { start(box); };
    input.addEventListener("focus", go, { once: true });
    input.addEventListener("input", go, { once: true });
    box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); go(); });
    if (new URLSearchParams(window.location.search).get("q")) go();
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
