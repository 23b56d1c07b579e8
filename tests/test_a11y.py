"""The built site for every reader: screen readers, keyboards, phones, reduced motion (issue 19).

Every page of _build/html is loaded once in headless Chromium (one browser for the module) and looked at in turn:

1. light theme, 1280 px: axe-core (the WCAG 2.1 A and AA rules) finds no violation of impact serious or
   critical; no control label of an explorer is cut;
2. the same page switched to the dark theme (the theme's own data-theme/data-mode switch, as its button does):
   axe-core's colour rules (contrast, links told apart from text) find no serious or critical violation (the
   book's pages: a slide deck of slides/ has one theme, reveal.js's white, and gets the full check of 1.);
3. the window narrowed to 390 px (a phone) with prefers-reduced-motion: the page never scrolls sideways, every
   explorer's controls and figure fit its column, each slider track is at least 100 px long, no label is cut;
   "Train again" then redraws the training explorer in its end state in one frame, without animating;
4. back at 1280 px, one explorer per chapter (training in chapter 9, convolution in chapter 11) is driven by the
   keyboard alone: Tab reaches each of its controls, each shows a focus ring, and a key on each (an arrow on a
   slider, a dropdown or a feature-map pixel; Enter or Space on a button) changes what the explorer shows.

axe-core is a test asset pinned in tests/browserkit.py (npm, sha512-checked, cached in _build/test_assets/).
Without Chromium the tests skip, except when CI is set: then they fail.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from browserkit import Recorder, axe_source, chromium, launch, serve

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:                                          # the browser fixture then skips or fails
    PlaywrightTimeout = TimeoutError

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNLIB_SITE", ROOT / "_build" / "html"))
PHONE, DESKTOP = 390, 1280
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]      # WCAG 2.1, levels A and AA
COLOUR_RULES = ["color-contrast", "link-in-text-block"]     # what a change of theme (colours only) can break
BLOCKING = ("serious", "critical")
KEYBOARD_PICK = ("TrainingView", "ConvView")                # the chapter's explorer the keyboard test drives


def site_pages() -> list[str]:
    """Every HTML page of the built site (not the theme's static files or the sources)."""
    if not (SITE / "index.html").exists():
        return []
    skip = ("_static", "_sources", "_images")
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                  if not p.relative_to(SITE).parts[0] in skip)


PAGES = site_pages()
CHAPTERS = [p for p in PAGES if re.match(r"book/\d\d_", p)]

# ----------------------------------------------------------------------------------------------- in the page
READY = """() => {
  const state = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  if (state) {
    const models = JSON.parse(state.textContent).state;
    const shown = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
      .map((s) => JSON.parse(s.textContent).model_id)
      .filter((id) => models[id] && (models[id].state._dom_classes || []).includes("nnlib-explorer"));
    const boxes = [...document.querySelectorAll(".nnlib-explorer")];
    if (boxes.length < shown.length || !boxes.every((b) => b.querySelector(".nnx-svg"))) return false;
  }
  return !window.MathJax || !window.MathJax.startup || !!window.MathJax.startup.document;
}"""
THEME = """async (theme) => {
  document.documentElement.dataset.mode = theme;
  document.documentElement.dataset.theme = theme;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const fading = document.getAnimations().filter((a) => a instanceof CSSTransition);   // colours easing in
  await Promise.all(fading.map((a) => a.finished.catch(() => null)));
  return getComputedStyle(document.body).backgroundColor;
}"""
SETTLED = """async () => {
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) await window.MathJax.startup.promise;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""
RUN_AXE = """async ([type, values]) => {
  const result = await axe.run(document, { runOnly: { type, values }, resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ html: n.html.slice(0, 160), why: (n.failureSummary || "").replace(/\\s+/g, " ") })) }));
}"""
# What does not fit: a list of sentences, empty when every explorer fits its column.
LAYOUT = """() => {
  const out = [], de = document.documentElement, px = (x) => Math.round(x);
  if (de.scrollWidth > de.clientWidth + 1)
    out.push(`the page scrolls sideways: ${de.scrollWidth} px of content in a ${de.clientWidth} px window`);
  document.querySelectorAll(".nnlib-explorer").forEach((box, i) => {
    const view = (box.querySelector(".nnx") || { dataset: {} }).dataset.view || "explorer";
    const where = `${view} (explorer ${i + 1})`, b = box.getBoundingClientRect();
    const column = (box.parentElement.closest(".cell_output, .output, article") || box.parentElement).getBoundingClientRect();
    if (b.right > Math.min(column.right, de.clientWidth) + 1)
      out.push(`${where} reaches ${px(b.right)} px, its column ends at ${px(Math.min(column.right, de.clientWidth))} px`);
    if (box.scrollWidth > box.clientWidth + 1) out.push(`${where} scrolls sideways inside (${box.scrollWidth} px in ${box.clientWidth} px)`);
    const parts = box.querySelectorAll(".widget-slider, .widget-dropdown, .widget-toggle-buttons, .nnx-svg, .nnx-readout, .nnx-button");
    parts.forEach((c) => {
      const r = c.getBoundingClientRect(), label = c.querySelector(".widget-label");
      const what = label ? `control "${label.textContent}"` : c.getAttribute("class").split(" ")[0];
      if (r.left < b.left - 1 || r.right > b.right + 1)
        out.push(`${where}: ${what} spans ${px(r.left)}-${px(r.right)} px, the explorer ${px(b.left)}-${px(b.right)} px`);
      if (c.scrollWidth > c.clientWidth + 1 && !c.matches(".nnx-svg"))
        out.push(`${where}: ${what} is cut (${c.scrollWidth} px of content in ${c.clientWidth} px)`);
      if (label && label.scrollWidth > label.clientWidth + 1)
        out.push(`${where}: the label "${label.textContent}" is cut (${label.scrollWidth} px of text in ${label.clientWidth} px)`);
      const track = c.querySelector(".slider-container");
      if (track && track.getBoundingClientRect().width < 100)
        out.push(`${where}: the track of "${label.textContent}" is ${px(track.getBoundingClientRect().width)} px long (at least 100)`);
    });
  });
  return out;
}"""
# The chosen explorer of the page, made the starting point of the keyboard walk (focus just before its controls).
PICK = """(pick) => {
  const boxes = [...document.querySelectorAll(".nnlib-explorer")];
  const box = boxes.find((b) => pick.includes((b.querySelector(".nnx") || { dataset: {} }).dataset.view)) || boxes[0];
  boxes.forEach((b) => b.removeAttribute("data-keyboard"));
  box.dataset.keyboard = "yes";
  box.tabIndex = -1;
  box.focus();
  return box.querySelector(".nnx").dataset.view;
}"""
FOCUSED = """() => {
  const box = document.querySelector('[data-keyboard="yes"]'), el = document.activeElement;
  if (!box.contains(el) || el === box) return null;
  const style = getComputedStyle(el), label = el.closest(".widget-slider, .widget-dropdown, .widget-toggle-buttons");
  const kind = el.matches(".noUi-handle") ? "slider" : el.tagName === "SELECT" ? "dropdown"
             : el.tagName === "BUTTON" ? "button" : el.closest("svg") ? "pixel" : el.isContentEditable ? "readout" : el.tagName;
  const name = kind === "pixel" ? el.getAttribute("aria-label")
             : label ? label.querySelector(".widget-label").textContent : el.textContent.trim();
  const said = kind === "slider" ? { name: el.getAttribute("aria-label") || "", value: el.getAttribute("aria-valuetext") || "",
                                      shown: label.querySelector(".widget-readout").textContent.trim() } : null;
  return { kind, name, said, pressed: el.getAttribute("aria-pressed"),
           ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
           atEnd: kind === "slider" ? el.getAttribute("aria-valuenow") === el.getAttribute("aria-valuemax")
                : kind === "dropdown" ? el.selectedIndex === el.options.length - 1
                : kind === "pixel" ? /column 7/.test(el.getAttribute("aria-label")) : false };
}"""
# "Train again" on every training explorer (reduced motion is on): how each one drew its run.
RETRAIN = """() => [...document.querySelectorAll('.nnx[data-view="TrainingView"]')].map((v) => {
  v.dataset.frames = "none";
  v.querySelector("button.nnx-button").click();
  return { training: v.dataset.training, frames: v.dataset.frames };
})"""
SHOWN = """() => { const v = document.querySelector('[data-keyboard="yes"] .nnx');
  return v.querySelector(".nnx-readout").innerHTML + "|" + v.querySelector("svg").innerHTML + "|" + (v.dataset.training || ""); }"""
CONTROLS = """() => document.querySelector('[data-keyboard="yes"]')
  .querySelectorAll('.noUi-handle, select, button, svg [tabindex="0"]').length"""


def _wait_ready(page):
    page.wait_for_function(READY, timeout=30_000)
    page.evaluate(SETTLED)


def _keyboard_walk(page, pick=KEYBOARD_PICK) -> dict:
    """Tab through the chosen explorer; on each control press the key that moves it. Returns what happened."""
    view = page.evaluate(PICK, list(pick))
    if view == "TrainingView":
        page.wait_for_function("() => document.querySelector('[data-keyboard] .nnx').dataset.training === 'done'",
                               timeout=30_000)
    want = page.evaluate(CONTROLS)
    stops, problems = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        here = page.evaluate(FOCUSED)
        if here is None:
            break
        if here["kind"] == "readout":              # the slider's editable number: Tab goes on to the next control
            continue
        stops.append(f'{here["kind"]} {here["name"]}')
        if not here["ring"]:
            problems.append(f'{here["kind"]} "{here["name"]}" shows no focus ring (outline of 2 px or more)')
        if here["kind"] == "button" and here["pressed"] == "true":
            continue                               # the toggle already chosen: pressing it changes nothing
        key = {"slider": "ArrowLeft" if here["atEnd"] else "ArrowRight",
               "dropdown": "ArrowUp" if here["atEnd"] else "ArrowDown",
               "pixel": "ArrowLeft" if here["atEnd"] else "ArrowRight", "button": "Enter"}.get(here["kind"])
        if key is None:
            problems.append(f'Tab stopped on {here["kind"]} "{here["name"]}", which is not one of its controls')
            continue
        before = page.evaluate(SHOWN)
        page.keyboard.press(key)
        try:
            page.wait_for_function(f"() => ({SHOWN})() !== {json.dumps(before)}", timeout=3_000)
        except PlaywrightTimeout:
            problems.append(f'{key} on {here["kind"]} "{here["name"]}" did not change the explorer')
        if here["kind"] == "slider":               # a screen reader hears the label, then the number shown
            said = page.evaluate(FOCUSED)["said"]
            if not said["name"].startswith(here["name"]) or not said["value"].startswith(said["shown"]):
                problems.append(f'slider "{here["name"]}" is announced as {said["name"]!r} = {said["value"]!r}, '
                                f'it shows {here["name"]} = {said["shown"]}')
        if here["kind"] == "pixel":
            break                                  # the arrows move along the feature map, inside the figure
    return {"view": view, "stops": stops, "controls": want, "problems": problems}


# ------------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def browser():
    if not PAGES:
        pytest.fail(f"{SITE} has no built site: run `make book` first.", pytrace=False)
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    axe = axe_source()
    with serve(SITE) as base, sync_playwright() as pw:
        chromium_ = launch(pw)
        yield chromium_, base, axe
        chromium_.close()


@pytest.fixture(scope="module")
def survey(browser):
    """Every page visited once, looked at in the four settings of the module docstring: dict page -> findings."""
    chromium_, base, axe = browser
    context = chromium_.new_context(viewport={"width": DESKTOP, "height": 900}, color_scheme="light",
                                    service_workers="block")
    context.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
    found = {}
    for doc in PAGES:
        page = context.new_page()
        rec = Recorder(page)
        page.goto(f"{base}/{doc}", wait_until="load")
        _wait_ready(page)
        page.add_script_tag(content=axe)
        got = found[doc] = {"explorers": page.evaluate("document.querySelectorAll('.nnlib-explorer').length")}
        chapter = doc in CHAPTERS
        # 1. light, desktop
        got["light"] = {"background": page.evaluate(THEME, "light"), "axe": page.evaluate(RUN_AXE, ["tag", AXE_TAGS])}
        if chapter:
            got["layout", DESKTOP] = page.evaluate(LAYOUT)
        # 2. dark, desktop (the book's pages; a slide deck has one theme, reveal.js's white, checked in 1.)
        if not doc.startswith("slides/"):
            got["dark"] = {"background": page.evaluate(THEME, "dark"),
                           "axe": page.evaluate(RUN_AXE, ["rule", COLOUR_RULES])}
            page.evaluate(THEME, "light")
        if chapter:
            # 3. phone, reduced motion
            page.set_viewport_size({"width": PHONE, "height": 900})
            page.emulate_media(reduced_motion="reduce")
            page.evaluate(SETTLED)
            got["layout", PHONE] = page.evaluate(LAYOUT)
            got["training"] = page.evaluate(RETRAIN)
            page.emulate_media(reduced_motion="no-preference")
            page.set_viewport_size({"width": DESKTOP, "height": 900})
            page.evaluate(SETTLED)
            # 4. keyboard
            if got["explorers"]:
                got["keyboard"] = _keyboard_walk(page)
        got["problems"] = rec.problems()
        page.close()
    context.close()
    return found


# --------------------------------------------------------------------------------------------------- tests
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(survey, theme):
    themed = [got for got in survey.values() if "dark" in got]
    assert len(themed) >= len(CHAPTERS), "the dark theme was checked on fewer pages than there are chapters"
    backgrounds = {got[theme]["background"] for got in themed}
    other = {got["dark" if theme == "light" else "light"]["background"] for got in themed}
    assert not backgrounds & other, f"the {theme} theme did not change the page's colours: {backgrounds}"
    lines = []
    for doc, got in survey.items():
        for v in got.get(theme, {"axe": []})["axe"]:
            if v["impact"] in BLOCKING:
                lines.append(f"{doc}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
                lines += [f"    {n['html']}\n      {n['why']}" for n in v["nodes"][:3]]
    assert not lines, f"axe-core {theme} theme, WCAG 2.1 A/AA:\n" + "\n".join(lines)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_explorers_fit_the_screen_and_show_every_label(survey, width):
    lines = [f"{doc}: {p}" for doc in CHAPTERS for p in survey[doc]["layout", width]]
    assert not lines, f"at {width} px wide:\n" + "\n".join(lines)
    assert any(survey[doc]["explorers"] for doc in CHAPTERS), "no chapter shows an explorer: nothing was checked"


def test_every_chapter_explorer_can_be_driven_by_keyboard_alone(survey):
    driven = {doc: got["keyboard"] for doc, got in survey.items() if "keyboard" in got}
    assert driven, "no chapter shows an explorer"
    lines = []
    for doc, walk in driven.items():
        lines += [f"{doc} {walk['view']}: {p}" for p in walk["problems"]]
        if len(walk["stops"]) < walk["controls"]:
            lines.append(f"{doc} {walk['view']}: Tab reached {len(walk['stops'])} of its {walk['controls']} controls: "
                         f"{', '.join(walk['stops'])}")
    assert not lines, "\n".join(lines)
    views = {walk["view"] for walk in driven.values()}
    assert {"TrainingView", "ConvView"} <= views, f"the keyboard walk must cover training and conv, got {sorted(views)}"
    walks = " ".join(" ".join(w["stops"]) for w in driven.values())
    assert "button Train again" in walks and "pixel feature map pixel" in walks, walks


def test_training_shows_its_end_state_without_animation_when_motion_is_reduced(survey):
    runs = [(doc, t) for doc, got in survey.items() for t in got.get("training", [])]
    assert runs, "no page shows the training explorer"
    for doc, t in runs:
        assert t == {"training": "done", "frames": "1"}, (
            f"{doc}: with prefers-reduced-motion, Train again should draw the end state at once (training=done "
            f"after 1 frame), it shows training={t['training']!r} after {t['frames']!r} frames")


def test_pages_load_cleanly_while_checked(survey):
    lines = [f"{doc}: {got['problems']}" for doc, got in survey.items() if got["problems"]]
    assert not lines, "\n".join(lines)
