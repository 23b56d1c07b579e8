"""The learning explorers on the built site (_build/html, `make book`), in headless Chromium with no kernel.

For every chapter that shows one of them (gradient descent, training, convolution, RNN, bump challenge, tower,
generalisation), every slider and dropdown is moved as a keyboard user would: the readout or the figure changes
within one animation frame (the training explorer starts training), the numbers and verdict shown are nnlib's for
the inputs the page records, and the page asks no other host for anything. Also: the training explorer animates to
the end and rests (its frame rate is printed), the convolution explorer shows a pixel's nine products on pointing
and on keyboard focus, and the gradient-descent readout's verdict follows the path.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from browserkit import Recorder, chromium, launch, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNLIB_SITE", ROOT / "_build" / "html"))
widgets = pytest.importorskip("nnlib.widgets")

# Python view class (the page's data-view) -> builder
VIEWS = {"GradientDescentView": "gradient_descent_explorer", "TrainingView": "training_explorer",
         "ConvView": "conv_explorer", "RNNView": "rnn_explorer", "ChallengeView": "bump_challenge",
         "TowerView": "bump_tower", "GeneralisationView": "generalisation_explorer"}
# the chapters that must show them (notes/CONVENTIONS.md); others are found by their calls in the notebooks
REQUIRED = {"book/06_gradient_descent": {"gradient_descent_explorer"}, "book/07_momentum": {"gradient_descent_explorer"},
            "book/09_training": {"training_explorer"},
            "book/11_other_neurons": {"conv_explorer", "rnn_explorer"}}
VERDICTS = {"bump_challenge": lambda s: "matched" if s["matched"] else "not yet",
            "bump_tower": lambda s: "a tower" if s["stands"] else "not a tower yet",
            "training_explorer": lambda s: "diverged" if s["diverged"] else None}


def chapters():
    """{chapter: builders it must show}: REQUIRED, plus any chapter whose notebook calls one of our builders."""
    found = {doc: set(b) for doc, b in REQUIRED.items()}
    for nb in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        code = "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
        calls = {b for b in VIEWS.values() if re.search(rf"(?<!def ){b}\(", code)}
        if calls:
            found.setdefault(f"book/{nb.stem}", set()).update(calls)
    return found


CHAPTERS = chapters()
SNAPSHOT = "root => root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML"
AFTER_ONE_FRAME = """root => new Promise(done => requestAnimationFrame(() => done(
    root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML)))"""


@pytest.fixture(scope="module")
def browser_page():
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} is missing: run `make book` first.", pytrace=False)
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, serve(SITE) as base:
        browser = launch(pw)

        def open_page(doc):
            context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            recorder = Recorder(page)
            page.goto(f"{base}/{doc}.html", wait_until="load")
            try:
                page.wait_for_selector(".nnx[data-view]", state="attached", timeout=20_000)
            except Exception:   # no live explorer on the page: the test's own assertion says which one is missing
                pass
            return page, recorder

        yield open_page
        browser.close()


def embedded_curves(page):
    """The generalisation explorer's curves, from the page's saved widget state (what its view was built from)."""
    for script in page.locator('script[type="application/vnd.jupyter.widget-state+json"]').all():
        for model in json.loads(script.inner_text())["state"].values():
            if "curves" in model.get("state", {}):
                c = model["state"]["curves"]
                return {s: {"loss": l, "val_loss": v} for s, l, v in zip(c["sizes"], c["loss"], c["val_loss"])}
    raise AssertionError("no generalisation curves in the page's widget state")


def nnlib_readout(page, view):
    """(builder, what the page shows, what nnlib computes): every data-key number of the readout, formatted as the
    page formats it, and the verdict, recomputed by the Python explorer from the inputs the page recorded."""
    builder = VIEWS[view.get_attribute("data-view")]
    inputs = json.loads(view.get_attribute("data-inputs"))
    if builder == "generalisation_explorer":
        explorer = widgets.generalisation_explorer(embedded_curves(page))
    elif builder == "bump_challenge":                # its number of bumps and tolerance are not controls
        explorer = widgets.bump_challenge(bumps=inputs["bumps"], tolerance=inputs["tolerance"])
    else:
        explorer = getattr(widgets, builder)()
    explorer.set(**{k: inputs[k] for k in explorer.controls if k != "preset"})
    state = explorer.state
    shown, expected = {}, {}
    for item in view.locator(".nnx-readout [data-key]").all():
        key = item.get_attribute("data-key")
        shown[key] = item.inner_text().strip()
        if key == "verdict":
            expected[key] = VERDICTS[builder](state) if builder in VERDICTS else state["verdict"]
        else:
            value = state["feature_map"][inputs["row"]][inputs["col"]] if key == "pixel" else state[key]
            expected[key] = widgets.fmt(value, int(item.get_attribute("data-digits")))
    return builder, shown, expected


def controls(root):
    return ([("slider", h) for h in root.locator(".widget-slider .noUi-handle").all()]
            + [("select", d) for d in root.locator(".widget-dropdown select").all()])


def move(page, kind, control):
    """One step of one control, as a keyboard user would (a dropdown: the next option)."""
    if kind == "slider":
        control.focus()
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    else:
        options = control.locator("option").all_inner_texts()
        current = control.evaluate("s => s.options[s.selectedIndex].text")
        control.select_option(label=options[(options.index(current) + 1) % len(options)])


def settle(view):
    """Wait until a training run has animated to its end (other explorers are settled at once)."""
    view.page.wait_for_function("v => v.dataset.training !== 'running'", arg=view.element_handle(), timeout=30_000)


def explorers_on(page):
    out = []
    for root in page.locator(".cell_output .nnlib-explorer").all():
        view = root.locator(".nnx[data-view]")
        if view.count() and view.get_attribute("data-view") in VIEWS:
            out.append((root, view))
    return out


@pytest.mark.parametrize("doc", sorted(CHAPTERS))
def test_every_control_moves_the_view_with_nnlibs_numbers(doc, browser_page):
    page, recorder = browser_page(doc)
    found = explorers_on(page)
    shown_builders = {VIEWS[v.get_attribute("data-view")] for _, v in found}
    assert CHAPTERS[doc] <= shown_builders, (f"{doc}.html shows {sorted(shown_builders)}, expected "
                                             f"{sorted(CHAPTERS[doc])}: re-execute the chapter to store its widgets")
    for root, view in found:
        settle(view)
        builder, shown, expected = nnlib_readout(page, view)
        assert shown and shown == expected, f"{doc}: {builder} shows {shown}, nnlib says {expected}"
        assert view.locator('.nnx-readout[aria-live="polite"]').count() == 1
        desc = lambda: view.locator("svg.nnx-svg > desc").text_content()  # noqa: E731
        descriptions = {desc()}
        assert view.locator("svg.nnx-svg > title").text_content().strip() and desc().strip()
        moved = controls(root)
        extra = {"conv_explorer": 2, "bump_challenge": 2}.get(builder, 0)        # row, col; bumps, tolerance
        assert len(moved) == len(json.loads(view.get_attribute("data-inputs"))) - extra
        for kind, control in moved:
            before = view.evaluate(SNAPSHOT)
            move(page, kind, control)
            after = view.evaluate(AFTER_ONE_FRAME)
            assert after != before, f"{doc}: moving a {kind} of {builder} changed nothing within one frame"
            if builder == "training_explorer":
                assert view.get_attribute("data-training") == "running", "a control change did not start training"
            settle(view)
            _, shown, expected = nnlib_readout(page, view)
            assert shown == expected, f"{doc}: after moving a {kind}, {builder} shows {shown}, nnlib says {expected}"
            descriptions.add(desc())
        assert len(descriptions) > 1, f"{doc}: {builder}'s SVG <desc> does not follow the controls"
    assert not recorder.problems(), recorder.problems()


def test_training_animates_to_the_end_then_rests(browser_page):
    page, recorder = browser_page("book/09_training")
    root, view = next((r, v) for r, v in explorers_on(page) if v.get_attribute("data-view") == "TrainingView")
    settle(view)
    root.locator("button.nnx-button").click()
    assert view.get_attribute("data-training") == "running"
    settle(view)
    epochs = json.loads(view.get_attribute("data-inputs"))["epochs"]
    assert f"epoch {epochs} of {epochs}" in view.locator(".nnx-readout").inner_text()
    rest = view.evaluate(SNAPSHOT)
    page.wait_for_timeout(300)
    assert view.evaluate(SNAPSHOT) == rest, "the explorer kept redrawing after the end of training"
    fps = float(view.get_attribute("data-fps"))
    print(f"training animation: {view.get_attribute('data-frames')} frames at {fps:.1f} frames per second")
    assert fps > 10
    assert not recorder.problems(), recorder.problems()


def test_conv_pixel_shows_its_nine_products_on_pointing_and_focus(browser_page):
    page, recorder = browser_page("book/11_other_neurons")
    _, view = next((r, v) for r, v in explorers_on(page) if v.get_attribute("data-view") == "ConvView")
    cells = view.locator('rect[tabindex]')
    assert cells.count() == 64 and view.locator('rect[tabindex="0"]').count() == 1      # one tab stop, arrows move
    cells.nth(8 * 2 + 5).hover()
    inputs = json.loads(view.get_attribute("data-inputs"))
    assert (inputs["row"], inputs["col"]) == (2, 5)
    assert "row 2, column 5" in view.locator(".nnx-readout").inner_text()
    assert view.locator(".nnx-readout td").count() == 9
    view.locator('rect[tabindex="0"]').focus()
    page.keyboard.press("ArrowDown")
    inputs = json.loads(view.get_attribute("data-inputs"))
    assert (inputs["row"], inputs["col"]) == (3, 5)
    _, shown, expected = nnlib_readout(page, view)
    assert shown["pixel"] == expected["pixel"]
    assert not recorder.problems(), recorder.problems()
