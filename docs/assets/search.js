// corpus-site search: a small results panel of our own over Pagefind's JavaScript API.
// Loaded by corpus.js on the first focus of the header's search box.  What it downloads
// for a first query: this file, Pagefind's engine (pagefind.js and its WebAssembly, run in
// the page rather than in a worker), the index's metadata and the index chunks the words
// of the query fall in, then one fragment per result shown.  The filter lists are loaded
// only when the reader opens the filters.
(function () {
  "use strict";
  var PAGE = 5; // results shown at a time (each loads its page's fragment)
  var WORDS = {
    zh: { found: "找到 {n} 个结果", none: "没有找到“{q}”", more: "更多结果", filters: "筛选", all: "全部",
          loading: "正在搜索……", failed: "搜索暂时不可用", close: "关闭",
          order: ["类型", "语言", "来源", "年份", "概念"] },
    en: { found: "{n} results", none: "No results for “{q}”", more: "More results", filters: "Filters", all: "All",
          loading: "Searching…", failed: "Search is unavailable", close: "Close",
          order: ["Kind", "Language", "Source", "Year", "Concept"] }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // Pagefind's excerpts are text with <mark> around the words found.  Rebuild them from
  // an inert template so that nothing but text and <mark> can reach the page.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = el("span", "cs-search__excerpt");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(el("mark", null, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  function Search(box) {
    var self = this;
    this.box = box;
    this.words = WORDS[box.getAttribute("data-lang")] || WORDS.en;
    this.input = box.querySelector("input");
    this.bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
    this.filters = {};
    this.serial = 0;
    this.timer = null;
    this.engine = null;

    this.panel = el("div", "cs-search__panel");
    this.panel.hidden = true;
    var bar = el("div", "cs-search__bar");
    this.status = el("span", "cs-search__status");
    this.status.setAttribute("role", "status");
    this.toggle = el("button", "cs-search__toggle", this.words.filters);
    this.toggle.type = "button";
    this.toggle.setAttribute("aria-expanded", "false");
    var close = el("button", "cs-search__close", "×");
    close.type = "button";
    close.setAttribute("aria-label", this.words.close);
    bar.appendChild(this.status);
    bar.appendChild(this.toggle);
    bar.appendChild(close);
    this.filterBox = el("div", "cs-search__filters");
    this.filterBox.hidden = true;
    this.list = el("ol", "cs-search__results");
    this.more = el("button", "cs-search__more", this.words.more);
    this.more.type = "button";
    this.more.hidden = true;
    [bar, this.filterBox, this.list, this.more].forEach(function (n) { self.panel.appendChild(n); });
    box.appendChild(this.panel);

    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("focus", function () {
      if (self.closing) self.closing = false; // focus given back by Escape or ×: stay closed
      else if (self.list.childNodes.length || self.status.textContent) self.show(true);
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { self.step(0); event.preventDefault(); }
    });
    box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); self.run(); });
    this.more.addEventListener("click", function () { self.page(); });
    this.toggle.addEventListener("click", function () { self.openFilters(); });
    close.addEventListener("click", function () { self.dismiss(); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") self.dismiss();
      var links = self.links(), at = links.indexOf(event.target);
      if (at < 0 || event.defaultPrevented) return;
      if (event.key === "ArrowDown") { self.step(at + 1); event.preventDefault(); }
      if (event.key === "ArrowUp") { if (at === 0) self.input.focus(); else self.step(at - 1); event.preventDefault(); }
    });
    document.addEventListener("click", function (event) { if (!box.contains(event.target)) self.show(false); });

    var query = new URLSearchParams(window.location.search).get("q");
    if (query && !this.input.value) this.input.value = query;
    if (this.input.value.trim()) this.run();
  }

  // A large corpus is indexed in parts (pagefind/, pagefind-2/, …), named in the first
  // bundle's entry file; Pagefind merges them into one search with one engine.
  Search.prototype.load = function () {
    if (!this.engine) {
      var bundle = this.bundle, base = bundle.replace(/pagefind\/$/, "");
      var parts = fetch(bundle + "pagefind-entry.json").then(function (r) { return r.json(); })
        .then(function (entry) { return entry.corpus_site_parts || []; });
      this.engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ noWorker: true, excerptLength: 28 }).then(function () { return parts; })
          .then(function (names) {
            return Promise.all(names.map(function (name) { return pagefind.mergeIndex(base + name, { excerptLength: 28 }); }));
          }).then(function () { return pagefind; });
      });
    }
    return this.engine;
  };

  Search.prototype.show = function (on) {
    this.panel.hidden = !on;
  };

  Search.prototype.dismiss = function () {
    this.show(false);
    if (document.activeElement !== this.input) { this.closing = true; this.input.focus(); }
  };

  Search.prototype.links = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("a"));
  };

  Search.prototype.step = function (i) {
    var links = this.links();
    if (links.length) links[Math.min(i, links.length - 1)].focus();
  };

  Search.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, 200);
  };

  // Keep the query in the address, so a search can be linked to and survives going back.
  Search.prototype.remember = function (query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  };

  Search.prototype.run = function () {
    var self = this, query = this.input.value.trim(), serial = ++this.serial;
    var filtered = Object.keys(this.filters).length > 0;
    this.remember(query);
    if (!query && !filtered) {
      this.list.textContent = "";
      this.status.textContent = "";
      this.more.hidden = true;
      this.show(this.filterBox.hidden === false);
      return Promise.resolve();
    }
    this.status.textContent = this.words.loading;
    this.show(true);
    return this.load().then(function (pagefind) {
      return pagefind.search(query || null, { filters: self.filters });
    }).then(function (found) {
      if (serial !== self.serial || !found) return; // a newer query has been typed since
      self.results = found.results;
      self.shown = 0;
      self.list.textContent = "";
      self.status.textContent = found.results.length
        ? self.words.found.replace("{n}", found.results.length)
        : self.words.none.replace("{q}", query);
      return self.page(serial);
    }).catch(function (error) {
      self.status.textContent = self.words.failed;
      if (window.console) console.warn("corpus-site search:", error);
    });
  };

  Search.prototype.page = function (serial) {
    var self = this, start = this.shown, batch = this.results.slice(start, start + PAGE);
    serial = serial || this.serial;
    this.shown = start + batch.length;
    this.more.hidden = this.shown >= this.results.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (serial !== self.serial) return;
      pages.forEach(function (data) { self.list.appendChild(self.item(data)); });
    });
  };

  Search.prototype.item = function (data) {
    var li = el("li", "cs-search__item");
    var link = el("a", "cs-search__result");
    link.href = data.url;
    link.appendChild(el("span", "cs-search__title", (data.meta && data.meta.title) || data.url));
    link.appendChild(excerpt(data.excerpt));
    li.appendChild(link);
    // Sections of the page (headings) where the words were found, as deep links.
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && sub.excerpt !== data.excerpt;
    }).slice(0, 2);
    sections.forEach(function (sub) {
      var deep = el("a", "cs-search__section");
      deep.href = sub.url;
      deep.appendChild(el("span", "cs-search__title", sub.title));
      deep.appendChild(excerpt(sub.excerpt));
      li.appendChild(deep);
    });
    return li;
  };

  Search.prototype.openFilters = function () {
    var self = this, open = this.filterBox.hidden;
    this.filterBox.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (!open || this.filterBox.childNodes.length) return Promise.resolve();
    return this.load().then(function (pagefind) { return pagefind.filters(); }).then(function (all) {
      // The filters named in site/labels.py, in the order of a document's metadata panel.
      var order = self.words.order, rank = function (name) { var i = order.indexOf(name); return i < 0 ? order.length : i; };
      Object.keys(all).sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : 1); }).forEach(function (name) {
        var label = el("label", "cs-search__filter");
        label.appendChild(el("span", null, name));
        var select = el("select");
        select.name = name;
        select.appendChild(el("option", null, self.words.all)).value = "";
        var values = Object.keys(all[name]).sort(function (a, b) { return a.localeCompare(b, self.words === WORDS.zh ? "zh" : "en"); });
        if (/^\d{4}$/.test(values[0] || "")) values.reverse(); // years: newest first
        values.forEach(function (value) {
          var option = el("option", null, value + " (" + all[name][value] + ")");
          option.value = value;
          select.appendChild(option);
        });
        select.addEventListener("change", function () {
          if (select.value) self.filters[name] = select.value; else delete self.filters[name];
          self.run();
        });
        label.appendChild(select);
        self.filterBox.appendChild(label);
      });
    });
  };

  window.csSearch = function (box) {
    if (!box.csSearch) box.csSearch = new Search(box);
    return box.csSearch;
  };
})();
