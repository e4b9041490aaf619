// Theme toggle: switches light/dark and remembers the choice. The <head> applies a stored
// choice before first paint, so pages never flash the wrong theme, and marks the page .js,
// which shows the button (CSS); without JavaScript it stays hidden and the system preference
// applies.
(function () {
  var btn = document.querySelector("button.theme");
  if (!btn) return;
  var root = document.documentElement;
  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function sync() { btn.setAttribute("aria-pressed", current() === "dark" ? "true" : "false"); }
  sync();
  btn.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("folio-theme", next); } catch (e) {}
    sync();
  });
})();
