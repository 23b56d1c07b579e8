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
  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["data-mode"] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
