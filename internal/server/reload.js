// reload.js is the live-preview client of `folio serve`, which injects it into every page it
// serves (never into built output). It listens to the server's event stream:
//   hello   the current build; a page served from an older one (server restarted, edit while
//           loading) reloads as for a reload event;
//   reload  changed page paths; when this page is one of them it fetches the new HTML, finds
//           the first top-level block of .prose that differs, reloads, and scrolls that block
//           into view with a brief mark; if nothing in .prose changed the scroll position stays;
//   css     the stylesheet alone changed: swapped in place, no reload;
//   error   the build failed: an overlay with file, line and message over the last good page;
//   ok      the build is good again: the overlay goes away.
// It reconnects with backoff when the server goes away.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var eventsURL = me.getAttribute("data-events");
  var build = me.getAttribute("data-build");
  var KEY = "folio-serve-reload";

  function blocks(doc) {
    var prose = doc.querySelector(".prose");
    var out = [];
    if (!prose) return out;
    for (var el = prose.firstElementChild; el; el = el.nextElementSibling) out.push(el);
    return out;
  }

  // The blocks as served, before deferred scripts (copy buttons, theme) change the DOM: this
  // script sits at the end of <body>, so it runs before them.
  var served = blocks(document).map(function (el) { return el.outerHTML; });

  // firstChange is the index of the first block of next that differs from prev, or -1.
  function firstChange(prev, next) {
    var n = Math.min(prev.length, next.length);
    for (var i = 0; i < n; i++) {
      if (prev[i] !== next[i]) return i;
    }
    if (next.length > prev.length) return n;
    if (next.length < prev.length) return next.length - 1;
    return -1;
  }

  function here() {
    try { return decodeURI(location.pathname); } catch (e) { return location.pathname; }
  }

  function stash(s) {
    try { sessionStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ }
  }

  function reload(block) {
    stash({ path: here(), block: block, x: window.scrollX, y: window.scrollY });
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    location.reload();
  }

  // update reloads this page after working out which block changed.
  function update() {
    fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        reload(firstChange(served, blocks(doc).map(function (el) { return el.outerHTML; })));
      })
      .catch(function () { reload(-1); });
  }

  // restore runs once after a reload this script caused: it brings the author back. It
  // scrolls when the document is parsed and again on load (late layout shifts), unless the
  // author scrolled in between; browser scroll restoration stays off until then, or it would
  // undo this.
  function restore() {
    var s = null;
    try {
      s = JSON.parse(sessionStorage.getItem(KEY));
      sessionStorage.removeItem(KEY);
    } catch (e) { s = null; }
    if (!s || s.path !== here()) {
      if ("scrollRestoration" in history) history.scrollRestoration = "auto";
      return;
    }
    var list = blocks(document);
    var el = s.block >= 0 && s.block < list.length ? list[s.block] : null;
    function apply() {
      if (el) el.scrollIntoView({ block: "center" });
      else window.scrollTo(s.x || 0, s.y || 0);
      return window.scrollY;
    }
    var y = apply();
    if (el) {
      el.setAttribute("data-folio-changed", "");
      setTimeout(function () { el.removeAttribute("data-folio-changed"); }, 2500);
    }
    function settle() {
      if (Math.abs(window.scrollY - y) < 2) apply();
      if ("scrollRestoration" in history) history.scrollRestoration = "auto";
    }
    if (document.readyState === "complete") settle();
    else window.addEventListener("load", function () { setTimeout(settle, 0); }, { once: true });
  }

  var style = document.createElement("style");
  style.textContent =
    "[data-folio-changed]{outline:3px solid #f5a623;outline-offset:4px;border-radius:2px;" +
    "animation:folio-changed 2.5s ease-out forwards}" +
    "@keyframes folio-changed{0%{outline-color:#f5a623}70%{outline-color:#f5a623}100%{outline-color:transparent}}" +
    "#folio-overlay{position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;" +
    "margin:0;padding:1rem 1.25rem;background:#2b1416;color:#ffe8e8;border-bottom:4px solid #e5484d;" +
    "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 4px 24px rgba(0,0,0,.4)}" +
    "#folio-overlay h2{margin:0 0 .5rem;font:600 15px/1.4 system-ui,sans-serif;color:#fff}" +
    "#folio-overlay ul{margin:0;padding:0;list-style:none}" +
    "#folio-overlay li{margin:.25rem 0;white-space:pre-wrap;word-break:break-word}" +
    "#folio-overlay .pos{color:#ffb4b4}" +
    "#folio-overlay button{position:absolute;top:.5rem;right:.75rem;background:none;border:0;color:#fff;font-size:20px;cursor:pointer}";
  document.head.appendChild(style);

  function showErrors(d) {
    hideErrors();
    var box = document.createElement("div");
    box.id = "folio-overlay";
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = "Build failed: still showing the last good build";
    box.appendChild(h);
    var ul = document.createElement("ul");
    (d.problems || []).forEach(function (p) {
      var li = document.createElement("li");
      var pos = document.createElement("span");
      pos.className = "pos";
      pos.textContent = p.file ? p.file + (p.line > 0 ? ":" + p.line : "") + ": " : "";
      li.appendChild(pos);
      li.appendChild(document.createTextNode(p.message));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Hide");
    close.textContent = "×";
    close.onclick = hideErrors;
    box.appendChild(close);
    document.body.appendChild(box);
  }

  function hideErrors() {
    var box = document.getElementById("folio-overlay");
    if (box) box.remove();
  }

  function swapCSS(d) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (new URL(old.href, location.href).pathname !== d.old) continue;
      var next = old.cloneNode();
      next.href = d.new + (d.new === d.old ? "?t=" + Date.now() : "");
      next.onload = function () { old.remove(); };
      old.after(next);
      return true;
    }
    return false;
  }

  var delay = 250;
  var timer = 0;

  function connect() {
    var es = new EventSource(eventsURL);
    es.addEventListener("hello", function (e) {
      delay = 250;
      // A build this page missed (made while it loaded, or while the stream was down) is
      // caught up like any reload, changed block marked.
      if (JSON.parse(e.data).build !== build) update();
    });
    es.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      var mine = d.paths.indexOf(here()) >= 0;
      build = e.lastEventId;
      if (d.all || mine) update();
    });
    es.addEventListener("css", function (e) {
      build = e.lastEventId;
      if (!swapCSS(JSON.parse(e.data))) reload(-1);
    });
    es.addEventListener("ok", function (e) {
      build = e.lastEventId;
      hideErrors();
    });
    // A build error arrives as an "error" event with data; a lost connection as one without.
    es.addEventListener("error", function (e) {
      if (e.data !== undefined) {
        showErrors(JSON.parse(e.data));
        return;
      }
      es.close();
      clearTimeout(timer);
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
  connect();
})();
