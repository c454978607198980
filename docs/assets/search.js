// corpus-site search: a small results panel of our own over Pagefind's JavaScript API.
// Loaded by corpus.js on the first focus of the header's search box.  What it downloads
// for a first query: this file, Pagefind's engine (pagefind.js and its WebAssembly, run in
// the page rather than in a worker), the index's metadata and the index chunks the words
// of the query fall in, then one fragment per result shown.  The filter lists are loaded
// only when the reader opens the filters.
(function () {
  "use strict";
  var PAGE = 5; // results shown at a time (each loads its page's fragment)
  var EXCERPT = 90; // characters of a result's excerpt
  var CHECKED = 10; // results looked at in their text at a time when the index cannot tell whether they hold the whole query
  var LOOKED = 50; // and at most this many in all
  var WORDS = {
    zh: { found: "找到 {n} 个结果", found_one: "找到 1 个结果", none: "没有找到“{q}”", more: "更多结果", filters: "筛选", all: "全部",
          loading: "正在搜索……", failed: "搜索暂时不可用", close: "关闭",
          updating: "预览：搜索索引正在更新，结果可能不是最新的。",
          order: ["类型", "语言", "来源", "年份", "概念"] },
    en: { found: "{n} results", found_one: "1 result", none: "No results for “{q}”", more: "More results", filters: "Filters", all: "All",
          loading: "Searching…", failed: "Search is unavailable", close: "Close",
          updating: "Preview: the search index is being updated; results may be out of date.",
          order: ["Kind", "Language", "Source", "Year", "Concept"] }
  };

  // ---- The tokenizer: src/corpus_site/search/tokens.py, the same definition (tested) ----
  // Index and query are cut by our own function, not Pagefind's (it cuts the index with
  // jieba and a query with Intl.Segmenter, which disagree): each run of Han characters is
  // its overlapping bigrams and its last character alone, each character folded to
  // simplified and written as its code point in hexadecimal with consonants for digits,
  // a token marked by a leading "q".
  var MARK = "q", HEX = "bcdfghjklmnprtvw", ASTRAL = "x", LONE = "z";
  var PREFIX = /^q(?:[bcdfghjklmnprtvw]{4}|x[bcdfghjklmnprtvw]{5})$/; // one character's code: a prefix
  var CHINESE = /^q(?:[bcdfghjklmnprtvw]{4}|x[bcdfghjklmnprtvw]{5})/; // a Chinese token
  var WHOLE = "qy"; // a thinned Chinese token's copy with every place (site/bundle.py: whole_name)

  function isHan(cp) {
    return (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }

  function spell(cp) {
    var hex = cp.toString(16);
    hex = cp <= 0xffff ? ("000" + hex).slice(-4) : ASTRAL + ("0000" + hex).slice(-5);
    return hex.replace(/[0-9a-f]/g, function (d) { return HEX.charAt(parseInt(d, 16)); });
  }

  // [{han: true, text: "…"} | {han: false, text: "…"}]: the query cut into runs of Han characters and the rest.
  function runs(text) {
    var out = [];
    Array.from(text).forEach(function (ch) {
      var han = isHan(ch.codePointAt(0)), last = out[out.length - 1];
      if (last && last.han === han) last.text += ch; else out.push({ han: han, text: ch });
    });
    return out;
  }

  function runTokens(run, last) {
    var chars = Array.from(run).map(function (ch) { return spell(ch.codePointAt(0)); });
    if (chars.length === 1) return [MARK + chars[0]];
    var tokens = [];
    for (var i = 0; i + 1 < chars.length; i++) tokens.push(MARK + chars[i] + chars[i + 1]);
    if (last) tokens.push(MARK + chars[chars.length - 1] + LONE);
    return tokens;
  }

  // A query (folded already) as the index's words: see tokens.query_tokens.
  function queryTokens(query) {
    var parts = runs(query), out = [];
    parts.forEach(function (part, i) {
      if (!part.han) { out.push.apply(out, part.text.split(/\s+/).filter(Boolean)); return; }
      var more = parts.slice(i + 1).some(function (p) { return p.text.trim(); });
      out.push.apply(out, runTokens(part.text, more));
    });
    return out;
  }

  // Traditional → simplified, for the characters of a query: OpenCC's table in 512 small
  // files by code point (assets/search-t2s/<n>.txt, pairs of characters), each fetched
  // the first time a query holds a character of its share.
  var T2S = {}, SHARDS = {}, SHARD_COUNT = 512;
  function loadFolding(base, query) {
    var wanted = {};
    Array.from(query).forEach(function (ch) {
      var cp = ch.codePointAt(0);
      if (isHan(cp)) wanted[cp % SHARD_COUNT] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (n) {
      if (!SHARDS[n]) {
        SHARDS[n] = fetch(base + n + ".txt").then(function (r) { return r.ok ? r.text() : ""; }).then(function (pairs) {
          var chars = Array.from(pairs);
          for (var i = 0; i + 1 < chars.length; i += 2) T2S[chars[i]] = chars[i + 1];
        }).catch(function () {});
      }
      return SHARDS[n];
    }));
  }
  function fold(text) {
    return Array.from(text).map(function (ch) { return T2S[ch] || ch; }).join("");
  }

  window.csSearchTokens = { queryTokens: queryTokens, fold: fold, loadFolding: loadFolding };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // What a query looks for in a text: the whole query (folded, lower-case, spaces single),
  // and its pieces (runs of Han characters, other words) for a text without the whole.
  function needles(query) {
    var whole = fold(query.replace(/"/g, " ")).replace(/\s+/g, " ").trim().toLowerCase();
    var pieces = [];
    runs(whole).forEach(function (part) {
      if (part.han) pieces.push(part.text);
      else part.text.split(/[\s\p{P}]+/u).forEach(function (w) { if (w) pieces.push(w); });
    });
    return { whole: whole, pieces: pieces };
  }

  // A result's text (its fragment's, as the build wrote it back: the reader's characters)
  // and the same folded to simplified, for matching: a page in traditional characters
  // names its own (cs_orig: pairs of simplified, own).
  function readable(text, originals) {
    text = (text || "").replace(/\s+/g, " ");
    if (!originals) return { folded: text, shown: text };
    var to = {}, chars = Array.from(originals);
    for (var i = 0; i + 1 < chars.length; i += 2) to[chars[i + 1]] = chars[i];
    return { folded: text.replace(/[\u3400-\u9fff\uf900-\ufaff]/g, function (c) { return to[c] || c; }), shown: text };
  }

  // The page's sections: for each heading, where its text starts in the page's text and
  // where the next one's does.
  function sections(data) {
    var content = (data.content || "").replace(/\s+/g, " "), from = 0, out = [];
    (data.anchors || []).filter(function (a) { return /h\d/i.test(a.element) && a.text; })
      .sort(function (a, b) { return a.location - b.location; }).forEach(function (a) {
        var at = content.indexOf(a.text.replace(/\s+/g, " "), from);
        if (at < 0) return;
        if (out.length) out[out.length - 1].end = at;
        out.push({ id: a.id, title: a.text, start: at, end: content.length });
        from = at + a.text.length;
      });
    return out.map(function (s) { s.text = content.slice(s.start, s.end); return s; });
  }

  // An excerpt of our own, from the text as the reader sees it: around the first place the
  // whole query occurs (else the first of its pieces), each occurrence marked as one.
  // Only text and <mark> reach the page.
  function excerpt(text, want, size) {
    var low = text.folded.toLowerCase(), look = [want.whole];
    var at = want.whole ? low.indexOf(want.whole) : -1;
    if (at < 0) {
      look = want.pieces;
      look.forEach(function (p) { var i = low.indexOf(p); if (i >= 0 && (at < 0 || i < at)) at = i; });
    }
    if (!size) size = text.shown.length;
    var start = Math.max(0, Math.min(at - Math.floor(size / 3), text.shown.length - size)), end = Math.min(text.shown.length, start + size);
    var marks = [];
    look.forEach(function (p) {
      if (!p) return;
      for (var i = low.indexOf(p, start); i >= 0 && i < end; i = low.indexOf(p, i + p.length)) marks.push([i, Math.min(end, i + p.length)]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = el("span", "cs-search__excerpt"), pos = start;
    if (start > 0) out.appendChild(document.createTextNode("…"));
    marks.forEach(function (m) {
      if (m[1] <= pos) return;
      var from = Math.max(pos, m[0]);
      if (from > pos) out.appendChild(document.createTextNode(text.shown.slice(pos, from)));
      out.appendChild(el("mark", null, text.shown.slice(from, m[1])));
      pos = m[1];
    });
    out.appendChild(document.createTextNode(text.shown.slice(pos, end) + (end < text.shown.length ? "…" : "")));
    return out;
  }

  function Search(box) {
    var self = this;
    this.box = box;
    this.words = WORDS[box.getAttribute("data-lang")] || WORDS.en;
    this.input = box.querySelector("input");
    this.bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
    this.folding = new URL("search-t2s/", new URL(box.getAttribute("data-script"), window.location.href)).pathname;
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

  // One bundle an interface (a large corpus is indexed in parts, merged by the build).
  // Under `mkdocs serve`, a quick rebuild's pages may be in a second, small bundle beside it
  // (search-status.json names it): merged in, the whole index's copies of them left out.
  Search.prototype.load = function () {
    if (!this.engine) {
      var delta = this.delta && this.bundle.replace(/pagefind\/$/, "") + this.delta;
      this.engine = import(this.bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ noWorker: true, excerptLength: 40 }).then(function () {
          return delta ? pagefind.mergeIndex(delta) : null;
        }).then(function () { return pagefind; });
      });
    }
    return this.engine;
  };

  // The words whose places the index keeps only the first of on a page (the commonest),
  // as a Bloom filter (site/bundle.py: bloom): asked for only when a query's phrase search
  // might have missed a page for them.  A word taken for one of them that is not finds no
  // whole copy, and costs a look at a few results' text, no more.
  function fnv(bytes, basis) {
    var value = basis;
    for (var i = 0; i < bytes.length; i++) value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    return value;
  }
  Search.prototype.thinnedWords = function () {
    if (!this.thinned) {
      this.thinned = fetch(this.bundle + "corpus-thinned.bin").then(function (r) { return r.ok ? r.arrayBuffer() : new ArrayBuffer(0); })
        .catch(function () { return new ArrayBuffer(0); })
        .then(function (buffer) {
          var bits = new Uint8Array(buffer), size = (bits.length - 1) * 8, hashes = bits[0];
          return function (word) {
            if (size <= 0) return false;
            var data = new TextEncoder().encode(word), first = fnv(data, 0x811c9dc5), second = (fnv(data, 0x9747b28c) | 1) >>> 0;
            for (var k = 0; k < hashes; k++) {
              var place = ((first + Math.imul(k, second)) >>> 0) % size;
              if (!(bits[1 + (place >> 3)] >> (place & 7) & 1)) return false;
            }
            return true;
          };
        });
    }
    return this.thinned;
  };

  // Under `mkdocs serve` (its live-reload script defines livereload()), the index is made
  // again in the background after each rebuild: search-status.json, in the interface's
  // folder, says whether it is being updated and from which rebuild the index in place is.
  // A newer index is loaded afresh.  A published site has no such file and never asks.
  Search.prototype.fresh = function () {
    if (typeof window.livereload !== "function") return Promise.resolve();
    var self = this, unknown = { updating: true, version: this.version };
    return fetch(this.bundle.replace(/pagefind\/$/, "") + "search-status.json", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : unknown; }, function () { return unknown; })
      .then(function (status) {
        self.updating = !!status.updating;
        if (self.updating || status.version === self.version) return;
        self.version = status.version;
        self.delta = status.delta || null;
        self.stale = {};
        (status.stale || []).forEach(function (id) { self.stale[id] = true; });
        var old = self.engine;
        self.engine = null;
        if (old) return old.then(function (pagefind) { return pagefind.destroy(); }).catch(function () {});
      });
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
    return this.fresh().then(function () { return self.ranked(query); }).then(function (results) {
      if (serial !== self.serial || !results) return; // a newer query has been typed since
      self.results = results;
      self.want = needles(query);
      self.shown = 0;
      self.list.textContent = "";
      self.status.textContent = (results.length
        ? (results.length === 1 ? self.words.found_one : self.words.found.replace("{n}", results.length))
        : self.words.none.replace("{q}", query)) + (self.updating ? " " + self.words.updating : "");
      if (self.updating) { // ask again until the new index is in place
        clearTimeout(self.timer);
        self.timer = setTimeout(function () { if (serial === self.serial) self.run(); }, 1500);
      }
      return self.page(serial);
    }).catch(function (error) {
      self.status.textContent = self.words.failed;
      if (window.console) console.warn("corpus-site search:", error);
    });
  };

  // The results for a query, best first.  Its words are looked for twice, loading the same
  // index chunks: as they come (each word anywhere, by prefix: Pagefind's ranking) and as
  // a phrase (the same words at consecutive places: the whole query).  A query with Chinese
  // characters finds the pages that hold it whole, in the first search's order — or, when
  // none does, those that hold its pieces; an English query lists the pages with the whole
  // phrase first, then the others.  A query in quotes finds the whole only.
  Search.prototype.ranked = function (query) {
    var self = this;
    return Promise.all([this.load(), loadFolding(this.folding, query)]).then(function (loaded) {
      var engine = loaded[0], options = { filters: self.filters }, stale = self.stale || {};
      var pagefind = {  // (the whole index's copies of the pages a delta holds are left out)
        search: function (term, options) {
          return engine.search(term, options).then(function (f) {
            return f && { results: f.results.filter(function (r) { return !stale[r.id]; }) };
          });
        }
      };
      var folded = fold(query.replace(/"/g, " ")).trim();
      if (!folded) return pagefind.search(null, options).then(function (f) { return f && f.results; });
      var words = queryTokens(folded), exact = words.slice(), parts = runs(folded).filter(function (p) { return p.text.trim(); });
      var end = parts[parts.length - 1];
      // a lone last character is found by prefix only: a quoted search takes words whole
      // (and one inside the query is the index's lone character: the run it ends)
      if (exact.length > 1 && end.han && Array.from(end.text).length === 1) exact.pop();
      exact = exact.map(function (w) { return PREFIX.test(w) ? w + LONE : w; });
      var phrase = '"' + exact.join(" ") + '"';
      // Where the index keeps only the first places of a word on a page (the commonest
      // words, thinned), a page may hold the phrase only further on.  When the phrase
      // search places fewer than ten pages, it is asked again of the thinned Chinese words'
      // copies with every place; a phrase with other thinned words is looked for in the
      // text of the first of the others (their fragments, which showing them loads anyway).
      var placed = function (found) {  // {ids: the pages that hold the phrase, sure: all of them}
        var ids = {};
        found.results.forEach(function (r) { ids[r.id] = true; });
        return self.thinnedWords().then(function (thinned) {
          var cut = exact.filter(thinned);
          if (!cut.length) return { ids: ids, sure: true };
          if (found.results.length >= CHECKED || !cut.some(function (w) { return CHINESE.test(w); })) return { ids: ids, sure: false };
          var wholly = exact.map(function (w) { return thinned(w) && CHINESE.test(w) ? WHOLE + w.slice(MARK.length) : w; });
          return pagefind.search('"' + wholly.join(" ") + '"', options).then(function (more) {
            // (none found: a word may have been taken for a thinned one that is not)
            if (!more || !more.results.length) return { ids: ids, sure: false };
            more.results.forEach(function (r) { ids[r.id] = true; });
            return { ids: ids, sure: cut.every(function (w) { return CHINESE.test(w); }) };
          });
        });
      };
      if (/"/.test(query)) {
        return pagefind.search(phrase, options).then(function (found) {
          if (!found || found.results.length >= CHECKED) return found && found.results;
          return placed(found).then(function (whole) {
            if (Object.keys(whole.ids).length === found.results.length) return found.results;
            return pagefind.search(words.join(" "), options).then(function (all) {  // (the same chunks, loaded)
              return all ? all.results.filter(function (r) { return whole.ids[r.id]; }) : found.results;
            });
          });
        });
      }
      if (words.length < 2) return pagefind.search(words.join(" "), options).then(function (f) { return f && f.results; });
      return Promise.all([pagefind.search(words.join(" "), options), pagefind.search(phrase, options)]).then(function (found) {
        if (!found[0]) return null;
        var phrased = found[1] || { results: [] }, ids = {};
        phrased.results.forEach(function (r) { ids[r.id] = true; });
        if (found[0].results.every(function (r) { return ids[r.id]; })) return found[0].results;
        var han = parts.some(function (p) { return p.han; });
        return placed(phrased).then(function (whole) {
          var first = found[0].results.filter(function (r) { return whole.ids[r.id]; });
          var rest = found[0].results.filter(function (r) { return !whole.ids[r.id]; });
          if (!rest.length) return first;
          if (whole.sure) return han && first.length ? first : first.concat(rest);
          if (first.length >= CHECKED) return first.concat(rest);
          return self.holding(first, rest, needles(query).whole);
        });
      });
    });
  };

  // ``first``, then those of ``rest`` whose text holds ``want``, then the others: ``rest``
  // is looked at ``CHECKED`` at a time, in its order, until ten pages hold it or
  // ``LOOKED`` have been looked at.
  Search.prototype.holding = function (first, rest, want) {
    var held = {}, holds = [], looked = 0;
    function next() {
      var batch = rest.slice(looked, looked + CHECKED);
      looked += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        batch.forEach(function (r, i) {
          if (readable(pages[i].content, pages[i].meta && pages[i].meta.cs_orig).folded.toLowerCase().indexOf(want) < 0) return;
          held[r.id] = true;
          holds.push(r);
        });
        if (first.length + holds.length < CHECKED && looked < rest.length && looked < LOOKED) return next();
        return first.concat(holds, rest.filter(function (r) { return !held[r.id]; }));
      });
    }
    return next();
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
    var li = el("li", "cs-search__item"), want = this.want || needles("");
    var originals = data.meta && data.meta.cs_orig;
    var link = el("a", "cs-search__result");
    link.href = data.url;
    link.appendChild(el("span", "cs-search__title", (data.meta && data.meta.title) || data.url));
    link.appendChild(excerpt(readable(data.content, originals), want, EXCERPT));
    li.appendChild(link);
    // Sections of the page (headings) where the words were found, as deep links: those
    // that hold the whole query first.
    var found = {}, holds = function (s) { return readable(s.text, originals).folded.toLowerCase().indexOf(want.whole) >= 0; };
    (data.sub_results || []).forEach(function (sub) { if (sub.anchor && sub.anchor.id) found[sub.anchor.id] = true; });
    var parts = sections(data).filter(function (s) { return found[s.id]; });
    parts = parts.filter(holds).concat(parts.filter(function (s) { return !holds(s); })).slice(0, 2);
    parts.forEach(function (part) {
      var deep = el("a", "cs-search__section");
      deep.href = data.url.split("#")[0] + "#" + part.id;
      deep.appendChild(el("span", "cs-search__title", part.title));
      deep.appendChild(excerpt(readable(part.text.slice(part.title.length), originals), want, EXCERPT));
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
