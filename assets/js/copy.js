// copy.js gives every code block a Copy button. It is progressive
// enhancement: the button is created here, so a page read without
// JavaScript has no button and loses nothing. Load it with `defer`.
//
// A block is any `pre > code`, normally chroma's
// <div class="code"><pre class="chroma"><code>…</code></pre></div>.
// What is copied is the code as shown, minus what a reader would not type:
// chroma's line numbers (span.ln inline, span.lnt in the separate table
// cell, which has no <code> and is never read) and shell prompts.
(function () {
  "use strict";

  // Languages whose lines may start with a "$ " prompt.
  var SHELLS = /^(sh|bash|shell|zsh|console|shell-session|bash-session|terminal)$/;

  var zh = /^zh\b/i.test(document.documentElement.lang || "");
  var text = zh
    ? { label: "复制代码", button: "复制", done: "已复制", failed: "复制失败，请手动选择代码" }
    : { label: "Copy code", button: "Copy", done: "Copied", failed: "Copy failed; select the code by hand" };

  // blockLang reads the block's language from data-lang (on the code, the
  // pre or the wrapper) or a language-xxx class; "" when unknown.
  function blockLang(code) {
    var el = code.closest("[data-lang]");
    if (el) return el.getAttribute("data-lang").toLowerCase();
    var m = /(?:^|\s)language-(\S+)/.exec(code.className + " " + code.parentElement.className);
    return m ? m[1].toLowerCase() : "";
  }

  // codeText is the whole extraction rule: the text of a code element as
  // shown, without line numbers and prompts, and without the final
  // newline (so pasting a command into a terminal does not run it).
  //   - span.ln / span.lnt (chroma line numbers) are dropped;
  //   - span.gp (chroma's console prompt, "$", "#", "user@host$") is
  //     dropped with the blank after it;
  //   - in a shell block (data-lang/language- sh, bash, console…, or of
  //     unknown language whose first line starts with "$ "), a leading
  //     "$ " is dropped from every line.
  function codeText(code) {
    var copy = code.cloneNode(true);
    copy.querySelectorAll(".ln, .lnt").forEach(function (n) { n.remove(); });
    var prompts = copy.querySelectorAll(".gp");
    prompts.forEach(function (n) {
      var next = n.nextSibling;
      if (next && next.nodeType === Node.TEXT_NODE) {
        next.nodeValue = next.nodeValue.replace(/^[ \t]/, "");
      }
      n.remove();
    });
    var s = copy.textContent.replace(/\r\n?/g, "\n");
    var lang = blockLang(code);
    var shell = SHELLS.test(lang) || (lang === "" && /^\s*\$ /.test(s));
    if (shell && prompts.length === 0) {
      s = s.replace(/^\$(?: |$)/gm, "");
    }
    return s.replace(/\n+$/, "");
  }

  // write puts s on the clipboard: the async Clipboard API where the page
  // is a secure context (https, localhost), else a hidden textarea and
  // execCommand, which plain-http previews still allow.
  function write(s) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(s);
    }
    return new Promise(function (resolve, reject) {
      var active = document.activeElement;
      var ta = document.createElement("textarea");
      ta.value = s;
      ta.setAttribute("readonly", "");
      ta.className = "copy-scratch";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      ta.remove();
      if (active && active.focus) active.focus();
      if (ok) resolve();
      else reject(new Error("copy refused"));
    });
  }

  var status; // one polite live region tells screen readers the result

  function announce(msg) {
    if (!status) {
      status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = msg;
  }

  // selectCode lets a reader copy by hand when the browser refuses.
  function selectCode(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function add(code) {
    var pre = code.parentElement;
    if (pre.hasAttribute("data-copy")) return;
    pre.setAttribute("data-copy", "");

    // The host holds the button: the .code wrapper, else chroma's
    // line-number table wrapper, else a new wrapper around a bare pre.
    // The bar goes right above the block, after a caption if there is one.
    var table = pre.closest("table.lntable");
    var block = table || pre;
    var host = pre.closest(".code") || (table && table.parentElement);
    if (!host) {
      host = document.createElement("div");
      pre.parentNode.insertBefore(host, pre);
      host.appendChild(pre);
    }
    while (block.parentElement !== host) block = block.parentElement;
    host.classList.add("copy-host");

    var bar = document.createElement("div");
    bar.className = "copy-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-btn";
    button.setAttribute("aria-label", text.label);
    button.textContent = text.button;
    bar.appendChild(button);
    host.insertBefore(bar, block);

    var timer = 0;
    function show(msg, state) {
      button.textContent = msg;
      button.setAttribute("data-state", state);
      announce(msg);
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.textContent = text.button;
        button.removeAttribute("data-state");
      }, 2000);
    }
    button.addEventListener("click", function () {
      write(codeText(code)).then(
        function () { show(text.done, "done"); },
        function () { selectCode(code); show(text.failed, "failed"); }
      );
    });
  }

  function init() {
    document.querySelectorAll("pre > code").forEach(add);
  }

  // For tests in a browser: the extraction rule on its own.
  window.folio = window.folio || {};
  window.folio.codeText = codeText;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
