// Search: the header's search field (a link to the plain search page without JavaScript)
// opens a dialog, on click or with the "/" key, that answers as the reader types. The index is
// fetched only then: a manifest revalidated on every open, and the content-hashed parts that
// the query needs. Tokenizing and ranking follow internal/search (Tokenize, Stem, ParseQuery,
// Search, Snippet) rule for rule; the browser tests compare the two.
//
// Also here, because it is as small: the language switcher keeps the reader's section.
(function () {
  "use strict";

  // --- Tokenizer (internal/search/tokenize.go) ---

  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  var WORD = /[\p{L}\p{Nd}]/u;
  var STOP = {};
  "a an and are as at be by for from in is it its of on or that the this to was with".split(" ").forEach(function (w) { STOP[w] = true; });

  function fold(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCodePoint(c - 0xfee0);
    // Go's unicode.ToLower maps one code point to one; keep the first of a longer mapping.
    return Array.from(ch.toLowerCase())[0];
  }

  function hasVowel(s) { return /[aeiouy]/.test(s); }

  function undouble(w) {
    var n = w.length;
    if (n >= 3 && w[n - 1] === w[n - 2] && "aeioulsz".indexOf(w[n - 1]) < 0) return w.slice(0, -1);
    return w;
  }

  function ends(w, s) { return w.slice(-s.length) === s; }

  function stem(w) {
    if (!/^[a-z]+$/.test(w) || w.length < 4) return w;
    if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) w = w.slice(0, -1);
    if (ends(w, "ing") && w.length > 5 && hasVowel(w.slice(0, -3))) w = undouble(w.slice(0, -3));
    else if (ends(w, "ed") && w.length > 4 && hasVowel(w.slice(0, -2))) w = undouble(w.slice(0, -2));
    if (ends(w, "e") && w.length > 4) w = w.slice(0, -1);
    return w;
  }

  function wordTerm(w) {
    var runes = Array.from(w).length;
    if ((runes < 2 && !/^[0-9]+$/.test(w)) || STOP[w]) return "";
    return stem(w);
  }

  // kind classifies a code point: 2 CJK, 1 other letter or digit, 0 neither. Results are
  // cached: the Unicode property tests are the cost of tokenizing.
  var kinds = new Map();
  function kind(c) {
    if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
    var k = kinds.get(c);
    if (k === undefined) {
      var ch = String.fromCodePoint(c);
      k = CJK.test(ch) ? 2 : WORD.test(ch) ? 1 : 0;
      kinds.set(c, k);
    }
    return k;
  }

  function foldCode(c) {
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    if (c < 128) return String.fromCharCode(c);
    return fold(String.fromCodePoint(c));
  }

  // tokenize returns {term, start, end} with start and end in UTF-16 units of text.
  function tokenize(text) {
    var toks = [];
    var i = 0;
    var n = text.length;
    while (i < n) {
      var c = text.codePointAt(i);
      var k = kind(c);
      if (k === 2) {
        var starts = [];
        var j = i;
        while (j < n) {
          var d = text.codePointAt(j);
          if (kind(d) !== 2) break;
          starts.push(j);
          j += d > 0xffff ? 2 : 1;
        }
        starts.push(j);
        for (var m = 0; m + 2 < starts.length; m++) {
          toks.push({ term: text.slice(starts[m], starts[m + 2]), start: starts[m], end: starts[m + 2] });
        }
        var last = starts.length - 2;
        toks.push({ term: text.slice(starts[last], j), start: starts[last], end: j });
        i = j;
      } else if (k === 1) {
        var w = "";
        var e = i;
        while (e < n) {
          var f = text.codePointAt(e);
          if (kind(f) !== 1) break;
          w += foldCode(f);
          e += f > 0xffff ? 2 : 1;
        }
        var t = wordTerm(w);
        if (t) toks.push({ term: t, start: i, end: e });
        i = e;
      } else {
        i += c > 0xffff ? 2 : 1;
      }
    }
    return toks;
  }

  function isLoneCJK(term) {
    var cs = Array.from(term);
    return cs.length === 1 && CJK.test(cs[0]);
  }

  function parseQuery(q) {
    var toks = tokenize(q);
    var terms = [];
    var seen = {};
    toks.forEach(function (t, i) {
      var lone = isLoneCJK(t.term);
      if (lone && i > 0 && toks[i - 1].end === t.end) return; // the tail of a longer run
      var qt = { term: t.term, prefix: "" };
      if (lone) qt.prefix = t.term;
      else if (i === toks.length - 1 && t.end === q.length && !CJK.test(String.fromCodePoint(t.term.codePointAt(0)))) {
        qt.prefix = Array.from(q.slice(t.start, t.end)).map(fold).join("");
      }
      if (!seen[qt.term]) {
        seen[qt.term] = true;
        terms.push(qt);
      }
    });
    var runs = [];
    var re = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
    var m;
    while ((m = re.exec(q))) if (Array.from(m[0]).length > 2) runs.push(m[0]);
    return { terms: terms, runs: runs };
  }

  // --- Index (internal/search/parts.go, reader.go) ---

  var CANDIDATES = 50;
  var SNIPPET_WIDTH = 90;

  function less(a, b) { return a < b; } // UTF-16 order, as the parts were cut

  function Index(dir) {
    this.dir = dir;
    this.manifest = null;
    this.terms = {}; // file → {keys: sorted terms, map: term → [gap, weight, ...]}
    this.docs = {}; // file → documents
    this.pending = {};
  }

  Index.prototype.fetchJSON = function (file, fresh) {
    var url = this.dir + file;
    if (!this.pending[url]) {
      this.pending[url] = fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return this.pending[url];
  };

  Index.prototype.open = function () {
    var ix = this;
    if (!ix.opening) {
      ix.opening = ix.fetchJSON("index.json", true).then(function (m) {
        if (m.v !== 1) throw new Error("unknown search index version " + m.v);
        ix.manifest = m;
        // A small index is fetched whole at once, so the first keystroke needs no round trip.
        if (m.terms.length + m.docs.length <= 8) {
          return Promise.all(m.terms.map(function (t) { return ix.termPart(t[1]); })
            .concat(m.docs.map(function (d) { return ix.docPart(d[1]); }))).then(function () { return ix; });
        }
        return ix;
      });
    }
    return ix.opening;
  };

  Index.prototype.termPart = function (file) {
    var ix = this;
    if (ix.terms[file]) return Promise.resolve(ix.terms[file]);
    return ix.fetchJSON(file).then(function (map) {
      ix.terms[file] = { keys: Object.keys(map).sort(), map: map };
      return ix.terms[file];
    });
  };

  Index.prototype.docPart = function (file) {
    var ix = this;
    if (ix.docs[file]) return Promise.resolve(ix.docs[file]);
    return ix.fetchJSON(file).then(function (f) {
      ix.docs[file] = f.docs.map(function (d) {
        var p = f.pages[d[0]];
        return { title: p[0], url: p[1], id: d[1], heading: d[2], text: d[3] };
      });
      return ix.docs[file];
    });
  };

  // partOf is the index of the term part that holds term.
  Index.prototype.partOf = function (term) {
    var ts = this.manifest.terms;
    var lo = 0;
    var hi = ts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (less(term, ts[mid][0])) hi = mid;
      else lo = mid + 1;
    }
    return Math.max(lo - 1, 0);
  };

  // partsFor lists the term parts a query term needs: its own, and for a prefix every later
  // part whose first term still starts with it.
  Index.prototype.partsFor = function (qt) {
    var ts = this.manifest.terms;
    var files = [ts[this.partOf(qt.term)][1]];
    if (qt.prefix) {
      var i = this.partOf(qt.prefix);
      files.push(ts[i][1]);
      while (i + 1 < ts.length && ts[i + 1][0].indexOf(qt.prefix) === 0) files.push(ts[++i][1]);
    }
    return files;
  };

  function postings(raw, into, discount) {
    var doc = 0;
    for (var i = 0; i < raw.length; i += 2) {
      doc += raw[i];
      var w = discount ? Math.ceil((raw[i + 1] * 3) / 4) : raw[i + 1];
      if (!(doc in into) || into[doc] < w) into[doc] = w;
    }
  }

  // lookup collects {doc: weight} for a term, and for a prefix every longer term too.
  Index.prototype.lookup = function (qt) {
    var best = {};
    var part = this.terms[this.manifest.terms[this.partOf(qt.term)][1]];
    if (part.map[qt.term]) postings(part.map[qt.term], best, false);
    if (!qt.prefix) return best;
    var ts = this.manifest.terms;
    for (var i = this.partOf(qt.prefix); i < ts.length; i++) {
      if (i > this.partOf(qt.prefix) && ts[i][0].indexOf(qt.prefix) !== 0) break;
      var p = this.terms[ts[i][1]];
      var lo = 0;
      var hi = p.keys.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (less(p.keys[mid], qt.prefix)) lo = mid + 1;
        else hi = mid;
      }
      for (var k = lo; k < p.keys.length && p.keys[k].indexOf(qt.prefix) === 0; k++) {
        postings(p.map[p.keys[k]], best, p.keys[k] !== qt.prefix);
      }
    }
    return best;
  };

  Index.prototype.docFile = function (n) {
    var ds = this.manifest.docs;
    var i = ds.length - 1;
    while (i > 0 && ds[i][0] > n) i--;
    return ds[i];
  };

  // search answers q with at most limit results; took is the milliseconds spent ranking and
  // cutting snippets, once the parts are in memory (fetching is not counted).
  Index.prototype.search = function (q, limit) {
    var ix = this;
    var pq = parseQuery(q);
    if (!pq.terms.length) return Promise.resolve({ results: [], took: 0, query: pq });
    var need = {};
    pq.terms.forEach(function (qt) { ix.partsFor(qt).forEach(function (f) { need[f] = true; }); });
    var took = 0;
    return Promise.all(Object.keys(need).map(function (f) { return ix.termPart(f); })).then(function () {
      var t0 = performance.now();
      var hits = ix.rank(pq);
      took += performance.now() - t0;
      var out = [];
      var at = 0;
      // Fetch the texts of as many candidates as are still wanted, keep those that hold the
      // query's CJK runs as they are, and go on until the page is full or none are left.
      function next() {
        var batch = hits.slice(at, at + limit - out.length);
        at += batch.length;
        var files = {};
        batch.forEach(function (h) { files[ix.docFile(h.doc)[1]] = true; });
        return Promise.all(Object.keys(files).map(function (f) { return ix.docPart(f); })).then(function () {
          var t1 = performance.now();
          batch.forEach(function (h) {
            var part = ix.docFile(h.doc);
            var d = ix.docs[part[1]][h.doc - part[0]];
            if (hasRuns(pq, d)) out.push(result(h, d, pq));
          });
          took += performance.now() - t1;
          if (out.length < limit && at < hits.length) return next();
          return { results: out, took: took, query: pq };
        });
      }
      return next();
    });
  };

  Index.prototype.rank = function (pq) {
    var score = {};
    var matched = {};
    var ix = this;
    pq.terms.forEach(function (qt) {
      var found = ix.lookup(qt);
      for (var d in found) {
        score[d] = (score[d] || 0) + found[d];
        matched[d] = (matched[d] || 0) + 1;
      }
    });
    var hits = [];
    for (var d in matched) if (matched[d] === pq.terms.length) hits.push({ doc: +d, score: score[d] });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits.slice(0, CANDIDATES);
  };

  // hasRuns: a result holds every long CJK run of the query as it is (a text cut short at
  // build time gets the benefit of the doubt).
  function hasRuns(pq, d) {
    return pq.runs.every(function (run) {
      return d.heading.indexOf(run) >= 0 || d.title.indexOf(run) >= 0 || d.text.indexOf(run) >= 0 || d.text.slice(-1) === "…";
    });
  }

  function result(h, d, pq) {
    return { doc: h.doc, score: h.score, title: d.title, heading: d.heading, href: d.id ? d.url + "#" + d.id : d.url, snippet: snippet(d.text, pq, SNIPPET_WIDTH) };
  }

  // --- Snippets (internal/search/snippet.go) ---

  function matches(text, pq) {
    var exact = {};
    var prefixes = [];
    pq.terms.forEach(function (t) {
      exact[t.term] = true;
      if (t.prefix) prefixes.push({ p: t.prefix, cjk: isLoneCJK(t.prefix) });
    });
    var marks = [];
    tokenize(text).forEach(function (tok) {
      if (exact[tok.term]) {
        marks.push([tok.start, tok.end]);
        return;
      }
      prefixes.forEach(function (x) {
        // Stemming keeps a word's first letter: a word that starts otherwise cannot match.
        if (tok.term.charCodeAt(0) !== x.p.charCodeAt(0)) return;
        if (x.cjk) {
          if (tok.term.indexOf(x.p) === 0) marks.push([tok.start, tok.start + x.p.length]);
        } else if (tok.term.indexOf(x.p) === 0 || Array.from(text.slice(tok.start, tok.end)).map(fold).join("").indexOf(x.p) === 0) {
          marks.push([tok.start, tok.end]);
        }
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    marks.forEach(function (m) {
      var k = merged.length - 1;
      if (k >= 0 && m[0] <= merged[k][1]) merged[k][1] = Math.max(merged[k][1], m[1]);
      else merged.push([m[0], m[1]]);
    });
    return merged;
  }

  function back(text, i, n) {
    var j = i;
    for (var k = 0; k < n && j > 0; k++) {
      j -= j >= 2 && /[\udc00-\udfff]/.test(text[j - 1]) && /[\ud800-\udbff]/.test(text[j - 2]) ? 2 : 1;
    }
    if (j === 0) return 0;
    var sp = text.slice(j, i).indexOf(" ");
    return sp >= 0 ? j + sp + 1 : j;
  }

  function forward(text, i, n) {
    var j = i;
    for (var k = 0; k < n && j < text.length; k++) j += text.codePointAt(j) > 0xffff ? 2 : 1;
    if (j === text.length) return j;
    var sp = text.slice(i, j).lastIndexOf(" ");
    return sp > 0 && Array.from(text.slice(i + sp, j)).length < 20 ? i + sp : j;
  }

  // snippet returns [{text, mark}] around the first match.
  function snippet(text, pq, width) {
    var marks = matches(text, pq);
    var start = marks.length ? back(text, marks[0][0], Math.floor(width / 4)) : 0;
    var end = forward(text, start, width);
    var out = [];
    if (start > 0) out.push({ text: "…", mark: false });
    var at = start;
    marks.forEach(function (m) {
      if (m[1] <= at || m[0] >= end) return;
      var s = Math.max(m[0], at);
      var e = Math.min(m[1], end);
      if (s > at) out.push({ text: text.slice(at, s), mark: false });
      out.push({ text: text.slice(s, e), mark: true });
      at = e;
    });
    if (at < end) out.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) out.push({ text: "…", mark: false });
    return out;
  }

  // --- The dialog ---

  var dialog = document.querySelector(".search-dialog");
  var opener = document.querySelector(".search-open");
  var api = (window.folio = window.folio || {});
  api.search = { tokenize: tokenize, parseQuery: parseQuery, stem: stem };
  keepSection();
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  var input = dialog.querySelector(".search-input");
  var list = dialog.querySelector(".search-results");
  var status = dialog.querySelector(".search-status");
  var index = new Index(dialog.getAttribute("data-index"));
  var active = -1;
  var seq = 0;
  var returnFocus = null;
  opener.setAttribute("aria-haspopup", "dialog");
  opener.setAttribute("role", "button");

  function say(key, arg) {
    var s = dialog.getAttribute("data-" + key) || "";
    return s.replace("%s", arg).replace("%d", arg);
  }

  function options() { return list.querySelectorAll("[role=option]"); }

  function setActive(i) {
    var opts = options();
    if (!opts.length) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    active = (i + opts.length) % opts.length;
    opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  function render(res, q) {
    list.textContent = "";
    res.results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = r.href;
      a.tabIndex = -1;
      var where = document.createElement("span");
      where.className = "search-where";
      where.textContent = r.heading ? r.title + " › " + r.heading : r.title;
      var snip = document.createElement("span");
      snip.className = "search-snippet";
      r.snippet.forEach(function (s) {
        var el = s.mark ? document.createElement("mark") : document.createTextNode(s.text);
        if (s.mark) el.textContent = s.text;
        snip.appendChild(el);
      });
      a.appendChild(where);
      a.appendChild(snip);
      li.appendChild(a);
      li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      list.appendChild(li);
    });
    input.setAttribute("aria-expanded", res.results.length ? "true" : "false");
    setActive(0);
    status.textContent = q.trim() ? (res.results.length ? say("count", res.results.length) : say("none", q.trim())) : "";
  }

  function run() {
    var q = input.value;
    var mine = ++seq;
    if (!q.trim()) {
      render({ results: [] }, "");
      return;
    }
    index.open().then(function () { return index.search(q, 10); }).then(function (res) {
      if (mine !== seq) return; // a later keystroke has its own answer coming
      api.search.last = { query: q, took: res.took, count: res.results.length };
      render(res, q);
    }, function () {
      if (mine === seq) status.textContent = say("failed");
    });
  }

  function open(q) {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    if (typeof q === "string") input.value = q;
    input.focus();
    input.select();
    if (!index.manifest) status.textContent = say("loading");
    index.open().then(function () {
      if (status.textContent === say("loading")) status.textContent = "";
      if (input.value) run();
    }, function () { status.textContent = say("failed"); });
  }

  function close() {
    if (!dialog.open) return;
    dialog.close();
    input.setAttribute("aria-expanded", "false");
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  api.search.open = open;
  api.search.close = close;
  api.search.query = function (q, limit) {
    return index.open().then(function () { return index.search(q, limit || 10); });
  };

  opener.addEventListener("keydown", function (e) {
    if (e.key === " ") { // a button opens on Space too
      e.preventDefault();
      open();
    }
  });
  opener.addEventListener("click", function (e) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    open();
  });
  document.addEventListener("keydown", function (e) {
    if (dialog.open || e.defaultPrevented) return;
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      open();
    }
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      var opt = options()[active];
      if (opt) follow(opt.querySelector("a"));
    }
  });
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  dialog.addEventListener("cancel", function (e) {
    e.preventDefault();
    close();
  });
  dialog.addEventListener("click", function (e) {
    if (e.target === dialog) close(); // the backdrop
    var a = e.target.closest && e.target.closest("a");
    if (a && list.contains(a)) {
      e.preventDefault();
      follow(a);
    }
  });
  dialog.querySelector(".search-close").addEventListener("click", close);

  function follow(a) {
    var url = new URL(a.href, location.href);
    close();
    if (url.pathname === location.pathname && url.hash) {
      location.hash = url.hash;
    } else {
      location.href = url.href;
    }
  }

  if (document.body.classList.contains("search-page")) {
    var q = new URLSearchParams(location.search).get("q");
    open(q || "");
  }

  // --- The language switcher keeps the section (section ids match across editions) ---

  function keepSection() {
    var links = document.querySelectorAll("a[data-lang-switch]");
    var heads = document.querySelectorAll(".prose h2[id], .prose h3[id]");
    if (!links.length || !heads.length) return;
    var bases = [];
    links.forEach(function (a) {
      // Only a real translation has the same sections; an untranslated chapter's switcher
      // leads to the other cover and gets no anchor.
      var alt = document.querySelector('link[rel=alternate][hreflang="' + a.hreflang + '"]');
      bases.push(alt ? a.href.split("#")[0] : null);
    });
    // A heading counts as reached once it is under the sticky header, where an anchor jump
    // puts it (scroll-padding-top). Read at the first update, not at load: reading a computed
    // style here would work out the page's style inside this script, before its first paint.
    var pad = -1;
    var ticking = false;
    function update() {
      ticking = false;
      if (pad < 0) pad = (parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0) + 16;
      var id = "";
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top > pad) break;
        id = heads[i].id;
      }
      // The section the reader jumped to stays theirs while it is on screen, even at the end
      // of the page where it cannot scroll up to the header.
      var h = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (h && Array.prototype.indexOf.call(heads, h) >= 0) {
        var top = h.getBoundingClientRect().top;
        if (top >= 0 && top < innerHeight) id = h.id;
      }
      links.forEach(function (a, k) {
        if (bases[k]) a.href = id ? bases[k] + "#" + encodeURIComponent(id) : bases[k];
      });
    }
    addEventListener("scroll", function () {
      if (!ticking) {
        ticking = true;
        requestAnimationFrame(update);
      }
    }, { passive: true });
    addEventListener("hashchange", update);
    // At load, only a jump to a section has put the reader past a heading (a restored scroll
    // position comes with a scroll event). Reading positions any earlier would lay the page
    // out inside this script, before its first paint.
    if (location.hash) update();
  }
})();
