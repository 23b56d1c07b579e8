/* Loaded on every page of the site (tools/book_site.py adds it). Three controls of the theme and of MyST-NB carry
 * an aria-label that differs from the words they show, which WCAG 2.5.3 (label in name) forbids: a reader who
 * says "click Show code cell source" to a speech-input program, or who hears one name and sees another, is lost.
 *
 * - the search field button shows "Search Ctrl+K" but is named "Search": the name now comes from what it shows,
 *   and the shortcut is declared with aria-keyshortcuts;
 * - the colour-mode button's icons (sun, moon, half circle) carry titles but no words to read: they are
 *   decoration (aria-hidden); the button keeps its name "Color mode" and says which mode is on;
 * - the "Show code cell source" / "Hide code cell source" toggles are named "Toggle hidden content": the name now
 *   comes from the visible words.
 * Fixes are idempotent and re-applied when the theme redraws these parts (it does so on load and on a mode change).
 */
(function () {
  "use strict";
  function fix(root) {
    root.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      if (button.textContent.trim()) {
        button.removeAttribute("aria-label");
        button.setAttribute("aria-keyshortcuts", "Control+K");
      }
    });
    root.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll("i, svg").forEach(function (icon) {
        if (icon.getAttribute("aria-hidden") !== "true") icon.setAttribute("aria-hidden", "true");
      });
      var mode = document.documentElement.dataset.mode;
      var name = "Color mode" + (mode ? ": " + ({ auto: "system settings" }[mode] || mode) : "");
      if (button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
    });
    root.querySelectorAll("details > summary[aria-label]").forEach(function (summary) {
      if (summary.textContent.trim()) summary.removeAttribute("aria-label");
    });
  }
  // An inline formula wider than its paragraph (on a phone) scrolls in its own box (site-a11y.css), the others
  // stay plain inline text. Checked once MathJax has typeset the page, and again when the width changes.
  function markWideMath() {
    document.querySelectorAll('mjx-container[jax="CHTML"]:not([display="true"])').forEach(function (math) {
      var block = math.closest("p, li, dd, td, th, div, section, article");   // the column, not span.math
      var column = block ? block.clientWidth : 0;
      math.classList.toggle("nnx-wide-math", column > 0 && math.getBoundingClientRect().width > column);
    });
  }
  function whenTypeset() {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) mj.startup.promise.then(markWideMath);
    else markWideMath();
  }
  function start() {
    fix(document);
    if (document.readyState === "complete") whenTypeset();
    else window.addEventListener("load", whenTypeset);
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(markWideMath, 100);
    });
    new MutationObserver(function () { fix(document); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["data-mode"] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
