// corpus-site: small interactions of our own (no third-party code).
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

  function init() {
    document.querySelectorAll(".cs-map").forEach(setupMap);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
