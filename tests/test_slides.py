"""The slide decks (tools/slides.py, issue 18): complete, offline, steppable, live, printable.

The rules (tools/slides_meta.py) are tested on the chapters as they are now; the browser tests open the decks
of the built site (`make book` writes _build/html/slides/; SLIDES_SITE=folder tests another built site) in one
headless Chromium.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

import browserkit  # noqa: E402
import slides  # noqa: E402
import slides_meta  # noqa: E402

SITE = Path(os.environ.get("SLIDES_SITE", ROOT / "_build" / "html"))
CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _nb(chapter):
    return nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)


def _deck_source(chapter):
    """The executed chapter the deck was built from (as tools/slides.py build chooses it)."""
    path = ROOT / "book" / f"{chapter}.ipynb"
    return nbformat.read(slides.executed_copy(path, None), as_version=4)


def _explorers(chapter, nb=None):
    """Every explorer builder a chapter calls, in order (read from the code, not from the rules)."""
    return [m.group(2) for c in (nb or _nb(chapter)).cells if c.cell_type == "code"
            for m in [slides_meta.EXPLORER_CALL.search(c.source)] if m]


# ------------------------------------------------------------------------------------------ the rules
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_deck_is_complete(chapter):
    """A title slide, every explorer and every prompt on a slide, every prompt's answers on a later fragment."""
    nb = _nb(chapter)
    assert slides_meta.problems(nb, chapter) == []
    segs = slides_meta.chapter_segments(nb, chapter)
    shown = [s for s in segs if s.slide_type not in ("skip", "notes")]
    assert shown[0].kind == "title" and shown[0].slide_type == "slide"
    assert [s.extra["explorer"] for s in shown if s.kind == "explorer"] == _explorers(chapter)
    for i, seg in enumerate(segs):
        if seg.kind == "prompt":
            later = [s for s in segs[i + 1:] if s.kind in ("answers", "prompt", "section")]
            assert later and later[0].kind == "answers" and later[0].slide_type == "fragment", \
                f"{chapter}: the prompt in cell {seg.cell} has no answers on the next fragment"
    # exercise code, checks and solutions stay out of the lecture
    for seg in segs:
        if seg.kind in ("solution", "check"):
            assert seg.slide_type == "skip", f"{chapter}: cell {seg.cell} ({seg.kind}) is shown"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_carries_its_slide_types(chapter):
    """What RISE shows in JupyterLab: every cell's slide type is the one the rules choose (so a chapter edited
    since is not presented with stale or missing slide types)."""
    stale = slides.stale_types(_nb(chapter), Path("book") / f"{chapter}.ipynb")
    assert not stale, f"{len(stale)} cells:\n" + "\n".join(stale[:10])


def test_meta_check_names_a_stale_slide_type(tmp_path, capsys):
    """A cell edited since the last ``meta`` (so the rules now choose another slide type) is reported by
    ``meta --check``, as the test above would report it, and ``meta`` puts it right."""
    copy = tmp_path / "04_networks.ipynb"
    shutil.copy(ROOT / "book" / "04_networks.ipynb", copy)
    nb = json.loads(copy.read_text())
    i, cell = next((i, c) for i, c in enumerate(nb["cells"]) if c["metadata"].get("slideshow", {}).get("slide_type")
                   in ("subslide", "slide"))
    cell["metadata"]["slideshow"]["slide_type"] = "skip"
    copy.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    assert slides.main(["meta", "--check", str(copy)]) != 0
    assert f"cell {i} has slide type 'skip'" in capsys.readouterr().err
    slides.main(["meta", str(copy)])
    assert slides.main(["meta", "--check", str(copy)]) == 0


def test_meta_is_idempotent_and_writes_only_slide_types(tmp_path):
    src = ROOT / "book" / "04_networks.ipynb"
    copy = tmp_path / src.name
    shutil.copy(src, copy)
    assert slides.main(["meta", str(copy)]) == 0
    first = copy.read_text()
    assert slides.main(["meta", str(copy)]) == 0
    assert copy.read_text() == first, "a second run changed the notebook"

    def without_slideshow(path):
        nb = json.loads(Path(path).read_text())
        for cell in nb["cells"]:
            cell["metadata"].pop("slideshow", None)
        return nb

    assert without_slideshow(copy) == without_slideshow(src), "meta changed something besides slideshow"
    written = nbformat.read(copy, as_version=4)
    types = [c.metadata.get("slideshow", {}).get("slide_type") for c in written.cells]
    assert all(t in slides_meta.SLIDE_TYPES for t in types), types
    assert types[0] == "slide" and "fragment" in types and "skip" in types


def test_check_names_what_is_missing(tmp_path, capsys):
    copy = tmp_path / "02_firing.ipynb"
    shutil.copy(ROOT / "book" / "02_firing.ipynb", copy)
    slides.main(["meta", str(copy)])
    assert slides.main(["meta", "--check", str(copy)]) == 0
    nb = nbformat.read(copy, as_version=4)
    explorer = next(i for i, c in enumerate(nb.cells) if "gate_explorer(" in c.source and c.cell_type == "code")
    nb.cells[explorer].metadata["slideshow"]["slide_type"] = "skip"
    nb.cells[0].metadata["slideshow"]["slide_type"] = "notes"
    nbformat.write(nb, copy)
    capsys.readouterr()
    assert slides.main(["meta", "--check", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f"explorer gate_explorer (cell {explorer}) is left out of the deck (slide type 'skip')" in err
    assert "no title slide" in err


def test_markdown_is_cut_at_headings_prompts_and_answers():
    source = "\n".join([
        "*Figure: a curve.*", "", "## A section", "", "Some text.", "",
        "**Predict, then move the sliders.** What happens?", "",
        "````{dropdown} Answers (open after you have predicted)", "```python", "## not a heading", "```", "````",
        "Afterwards."])
    pieces = slides_meta.split_markdown(source)
    kinds = [slides_meta.markdown_kind(p) for p in pieces]
    assert kinds == ["caption", "section", "prompt", "answers", "text"], list(zip(kinds, pieces))
    assert "## not a heading" in pieces[3]


def test_myst_becomes_what_a_deck_can_show():
    titles = {"02_firing": "2. Firing and thresholds"}
    md = slides.myst_to_markdown("\n".join([
        "(lab)=", "A {term}`neuron <artificial neuron>` and a {term}`bias`, see {doc}`02_firing`.", "",
        "```{dropdown} Answers", ":open:", "1. $z = 1$", "```", "", "```{note}", "Careful.", "```"]), titles)
    assert "(lab)=" not in md and "{term}" not in md
    assert "A neuron and a bias, see [2. Firing and thresholds](../book/02_firing.html)." in md
    assert "<details>\n<summary>Answers</summary>\n\n1. $z = 1$\n\n</details>" in md and ":open:" not in md
    assert '<div class="admonition note">' in md and "Careful." in md


def test_speaker_notes_come_from_the_instructors_guide():
    notes = slides.guide_notes("01_neuron")
    assert any(b.startswith("**Objectives**") for b in notes["title"])
    assert any("*Answer:*" in b for b in notes["neuron_explorer"])
    deck = slides.deck_notebook(_nb("01_neuron"), "01_neuron", {})
    types = [c.metadata["slideshow"]["slide_type"] for c in deck.cells]
    explorer = next(i for i, c in enumerate(deck.cells) if "neuron_explorer(" in c.source)
    assert types[explorer + 1] == "notes" and "*Answer:*" in deck.cells[explorer + 1].source


# ----------------------------------------------------------------------------------------- the decks
def _deck(chapter) -> Path:
    path = SITE / "slides" / f"{chapter}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book` (it writes the decks after the book)", pytrace=False)
    return path


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_deck_loads_nothing_from_another_host(chapter):
    text = _deck(chapter).read_text(encoding="utf-8")
    assert slides.foreign_urls(text) == []
    # the dropdowns are <details> with the answer inside, folded
    for m in re.finditer(r"<details>(.*?)</details>", text, re.S):
        assert "<summary>" in m.group(1) and len(m.group(1)) > 80, m.group(0)[:300]


def test_deck_styles_load_nothing_from_another_host():
    css = SITE / "slides" / "notebook.css"
    assert css.exists(), f"{css} is missing: run `make book`"
    assert slides.foreign_urls(css.read_text(encoding="utf-8")) == []


def test_chapter_page_links_to_its_deck():
    for chapter in CHAPTERS:
        page = SITE / "book" / f"{chapter}.html"
        assert page.exists(), f"{page} is missing: run `make book`"
        assert f'href="../slides/{chapter}.html"' in page.read_text(encoding="utf-8"), \
            f"book/{chapter}.html has no link to its deck"


@pytest.fixture(scope="module")
def browser():
    if browserkit.chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with browserkit.serve(SITE) as base, sync_playwright() as pw:
        chromium = browserkit.launch(pw)
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        yield context, base
        chromium.close()


SNAPSHOT = """el => el.innerHTML"""
AFTER_ONE_FRAME = """el => new Promise(done => requestAnimationFrame(() => done(el.innerHTML)))"""
GO_TO = """el => { const s = el.closest('section'); const ix = Reveal.getIndices(s); Reveal.slide(ix.h, ix.v); }"""


def _open(context, base, chapter, query=""):
    page = context.new_page()
    recorder = browserkit.Recorder(page)
    page.goto(f"{base}/slides/{chapter}.html{query}")
    page.wait_for_selector("html[data-deck-ready]", timeout=60000)
    return page, recorder


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_deck_steps_and_its_explorers_move(browser, chapter):
    """The deck opens with no error and no request to another host, the arrow key and the space bar step
    forward, and every slider of every explorer changes its view within one frame (without moving the deck)."""
    context, base = browser
    _deck(chapter)
    page, rec = _open(context, base, chapter)
    try:
        source = _deck_source(chapter)
        expected = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide")
                       for c in slides.deck_notebook(source, chapter, {}).cells)
        assert page.evaluate("Reveal.getTotalSlides()") == expected
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.keyboard.press("ArrowRight")
        first = page.evaluate("Reveal.getSlidePastCount()")
        assert first == 1, "the arrow key did not step to the second slide"
        page.keyboard.press("Space")
        assert page.evaluate("Reveal.getSlidePastCount()") == 2, "the space bar did not step forward"
        page.wait_for_selector(".nnlib-explorer .nnx", state="attached", timeout=30000)
        roots = page.locator(".nnlib-explorer").all()
        assert len(roots) == len(_explorers(chapter, source)), (
            f"{chapter}: {len(roots)} explorers in the deck, the chapter has {_explorers(chapter, source)}")
        for n, root in enumerate(roots):
            root.evaluate(GO_TO)
            view = root.locator(".nnx").first
            handles = root.locator(".widget-slider .noUi-handle").all()
            assert handles, f"{chapter}: explorer {n} has no slider"
            for handle in handles:
                where = page.evaluate("Reveal.getSlidePastCount()")
                before = view.evaluate(SNAPSHOT)
                handle.focus()
                at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                after = view.evaluate(AFTER_ONE_FRAME)
                assert after != before, f"{chapter}: a slider of explorer {n} changed nothing within one frame"
                assert page.evaluate("Reveal.getSlidePastCount()") == where, \
                    f"{chapter}: the arrow key on a slider moved the deck"
        assert not rec.problems(), rec.problems()
    finally:
        page.close()


def test_speaker_view_shows_the_guides_notes(browser):
    context, base = browser
    page, rec = _open(context, base, "01_neuron")
    try:
        with context.expect_page(timeout=30000) as popup:
            page.keyboard.press("s")
        speaker = popup.value
        speaker.wait_for_selector(".speaker-controls-notes", timeout=30000)
        speaker.wait_for_function(
            "() => document.querySelector('.speaker-controls-notes .value')?.textContent.includes('Objectives')",
            timeout=30000)
        speaker.close()
        assert not rec.problems(), rec.problems()
    finally:
        page.close()


def test_deck_prints_one_slide_a_page(browser):
    context, base = browser
    page, rec = _open(context, base, "01_neuron", "?print-pdf")
    try:
        slides_n = page.evaluate("Reveal.getTotalSlides()")
        assert page.locator(".pdf-page").count() == slides_n
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages == slides_n, f"{pages} PDF pages for {slides_n} slides"
        assert not rec.problems(), rec.problems()
    finally:
        page.close()


# ------------------------------------------------------------------------------- live, in JupyterLab
def test_rise_presents_a_chapter_with_the_written_slide_types(browser, tmp_path):
    """`make instructor`'s path: JupyterLab with jupyterlab-rise presents a chapter whose cells carry the slide
    types `slides.py meta` wrote: one slide per slide/subslide cell, and the space bar steps on."""
    import secrets
    import signal
    import socket
    import subprocess
    import time

    import requests

    chapter = tmp_path / "01_neuron.ipynb"
    shutil.copy(ROOT / "book" / "01_neuron.ipynb", chapter)
    slides.main(["meta", str(chapter)])
    expected = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide")
                   for c in nbformat.read(chapter, as_version=4).cells)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")))
    url, auth = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
    context, _ = browser
    page = None
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                requests.get(f"{url}/api/status", headers=auth, timeout=2).raise_for_status()
                break
            except requests.RequestException:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.5)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/rise/{chapter.name}?token={token}")
        page.wait_for_selector(".reveal .slides section", timeout=90000)
        leaves = """() => [...document.querySelectorAll('.reveal .slides section')]
                            .filter(s => !s.querySelector('section'))"""
        page.wait_for_function(f"() => ({leaves})().length === {expected}", timeout=30000)
        assert "The artificial neuron" in page.locator(".reveal .slides section.present").first.inner_text()
        page.keyboard.press("Space")
        page.wait_for_function(f"() => ({leaves})().findIndex(s => s.classList.contains('present')) === 1",
                               timeout=10000)
        assert not errors, errors
    finally:
        if page is not None:
            page.close()
        try:
            requests.post(f"{url}/api/shutdown", headers=auth, timeout=5)
            proc.wait(timeout=30)
        except (requests.RequestException, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
