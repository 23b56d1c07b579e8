"""A class on a real JupyterHub (tools/hub: the hub `make hub` starts), driven as students and an instructor use it.

One hub for the module, on free ports of 127.0.0.1, with configurable-http-proxy from the pinned npm lock file:

* two students log in with the class password and follow chapter 1's nbgitpuller link in headless Chromium;
  the course lands in their homes, learner copies only (no solution line anywhere);
* in JupyterLab, chapter 1 runs up to its first exercise (which stops with NotImplementedError) and the
  explorer moves when a slider is pressed;
* the kernel imports the nnlib that came with the pull, also after the instructor changes nnlib;
* the instructor changes chapter 1: a second click on the link brings the change and keeps each student's own
  answer; a student who had edited the very cell the instructor changed gets a note above it in the notebook
  (and in the pull's log) with the instructor's new version: nothing is lost silently;
* the instructor has nbgrader's formgrader, the students do not;
* stopping the hub leaves no process behind.

Skips only when node/npm or git is missing (the hub cannot start without them) and says which.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "hub"))
sys.path.insert(0, str(ROOT / "tests"))
import hubkit  # noqa: E402
import learner_branch  # noqa: E402
from browserkit import chromium, launch  # noqa: E402

CHAPTER = "01_neuron.ipynb"
STUDENTS = ("alice", "bob")
MISSING = [tool for tool in ("node", "npm", "git") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"the hub tests need {', '.join(MISSING)} (not on PATH)")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    state = tmp_path_factory.mktemp("hub")
    hubkit.publish_course(state)
    h = hubkit.Hub(state, expose_app=True).start()
    yield h
    h.stop()


@pytest.fixture(scope="module")
def browser():
    if chromium() is None:
        pytest.fail("Chromium not found (apt-get install chromium): the hub tests log in as students with it",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(hub, browser):
    """One logged-in browser page per student, left on the chapter the link opened (first pull)."""
    out = {}
    for name in STUDENTS:   # both log in at once, as a class does
        out[name] = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        follow_link(out[name], hub, login=name, wait=False)
    for page in out.values():
        wait_for_chapter(page)
    yield out
    for page in out.values():
        page.context.close()


def follow_link(page, hub, login=None, wait=True):
    """Click chapter 1's hub link as a student: log in if asked, wait for the chapter to open in JupyterLab."""
    page.goto(hubkit.pull_link(hub.url, hub.state, CHAPTER))
    if login:
        page.fill("#username_input", login)
        page.fill("#password_input", hub.password)
        page.click("#login_submit")
    if wait:
        wait_for_chapter(page)


def wait_for_chapter(page):
    page.wait_for_url(re.compile(rf"/lab/tree/course/book/{CHAPTER}"), timeout=150_000)
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')",
                           timeout=90_000)


def learner_copy(hub, user) -> Path:
    return hub.home(user) / "course" / "book" / CHAPTER


def kernel_run(hub, user, code, path=f"course/book/{CHAPTER}"):
    """Run ``code`` in a new kernel of ``user``'s server started for the notebook ``path`` (in its folder, as
    JupyterLab starts it); return what it printed."""
    with hubkit.KernelSession(hub, user, path) as kernel:
        out, error = kernel.execute(code)
    assert error is None, out
    return out


def instructor_changes(hub, edit, message):
    """Change the published learner branch the way the instructor's next publication would."""
    tree = hub.state / "learner-tree"
    edit(tree)
    commit, changed = learner_branch.commit_tree(tree, hubkit.course_repo(hub.state), message=message)
    assert changed


def cell_by_id(nb, cell_id):
    return next(c for c in nb.cells if c.get("id") == cell_id)


# ------------------------------------------------------------------------------------------------ tests
def test_students_get_learner_copies_in_their_homes(hub, pages):
    for name in STUDENTS:
        book = hub.home(name) / "course" / "book"
        notebooks = sorted(book.glob("*.ipynb"))
        assert set(hubkit.chapters()) <= {p.name for p in notebooks}, f"{name}'s course/book holds {notebooks}"
        for nb in notebooks:
            assert "BEGIN SOLUTION" not in nb.read_text(), f"{name}'s {nb.name} holds a solution"
        assert "NotImplementedError" in learner_copy(hub, name).read_text()
        assert (book / "nnlib").resolve() == (hub.home(name) / "course" / "nnlib").resolve()
    assert not (hub.home("alice") / "course.git").exists()


def test_chapter_1_runs_to_its_first_exercise_and_the_explorer_moves(hub, pages):
    page = pages["alice"]
    page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
        return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel &&
               w.sessionContext.session.kernel.status === 'idle'; }""", timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("[...document.querySelectorAll('.jp-OutputArea-output')]"
                           ".some(o => o.textContent.includes('NotImplementedError'))", timeout=120_000)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if "Error" in t]
    assert texts and all("NotImplementedError" in t for t in texts), texts   # only the first exercise stops it
    assert errors.count() <= 1
    view = page.locator(".nnx").first
    view.wait_for(timeout=60_000)
    before = view.locator(".nnx-readout").inner_text()
    handle = page.locator(".nnlib-explorer .widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, b]) => el.innerText !== b", arg=[view.locator(".nnx-readout").element_handle(),
                                                                   before], timeout=10_000)
    # leave the page as a student closing the tab would, without JupyterLab saving its copy over the file later
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.context.model.dirty = false; }")
    page.goto(f"{hub.url}/hub/home")


def test_the_kernel_imports_the_nnlib_that_came_with_the_pull(hub, pages):
    home = hub.home("alice")
    where = kernel_run(hub, "alice", "import nnlib, os; print(os.path.realpath(nnlib.__file__))").strip()
    assert where == str((home / "course" / "nnlib" / "__init__.py").resolve())

    def bump(tree):
        init = tree / "nnlib" / "__init__.py"
        init.write_text(init.read_text() + '\nCOURSE_HUB_TEST = "nnlib from the second publication"\n')

    instructor_changes(hub, bump, "nnlib: a change the students must get")
    follow_link(pages["alice"], hub)
    out = kernel_run(hub, "alice", "import nnlib; print(nnlib.COURSE_HUB_TEST)")
    assert out.strip() == "nnlib from the second publication"


def test_second_pull_brings_the_change_keeps_answers_and_reports_the_collision(hub, pages):
    path = f"book/{CHAPTER}"
    original = nbformat.read(hub.state / "learner-tree" / path, as_version=4)
    exercise = next(c for c in original.cells if c.cell_type == "code" and "NotImplementedError" in c.source)
    changed = next(c for c in original.cells if c.cell_type == "markdown" and c.source.startswith("## The cell"))
    solved = nbformat.read(ROOT / "book" / CHAPTER, as_version=4)
    answer = re.sub(r"\s*### (BEGIN|END) SOLUTION", "", cell_by_id(solved, exercise.id).source)

    # alice answers the first exercise; bob rewrites the very cell the instructor is about to change
    for name, cell_id, text in (("alice", exercise.id, answer),
                                ("bob", changed.id, "## The cell that inspired it\n\nMy own notes: dendrites in.")):
        copy = learner_copy(hub, name)
        nb = nbformat.read(copy, as_version=4)
        cell_by_id(nb, cell_id).source = text
        nbformat.write(nb, copy)
    new_text = changed.source + "\n\nAdded by the instructor after the first class."

    def edit(tree):
        nb = nbformat.read(tree / path, as_version=4)
        cell_by_id(nb, changed.id).source = new_text
        nbformat.write(nb, tree / path)

    instructor_changes(hub, edit, "chapter 1: a sentence more about the nerve cell")
    for name in STUDENTS:
        follow_link(pages[name], hub)

    alice = nbformat.read(learner_copy(hub, "alice"), as_version=4)
    assert cell_by_id(alice, changed.id).source == new_text                 # the change arrived
    assert cell_by_id(alice, exercise.id).source == answer                  # her answer stayed
    assert not [c for c in alice.cells if "instructor-update" in c.metadata.get("tags", [])]

    bob = nbformat.read(learner_copy(hub, "bob"), as_version=4)
    mine = cell_by_id(bob, changed.id)
    assert mine.source.endswith("My own notes: dendrites in.")              # his version stayed ...
    index = bob.cells.index(mine)
    note = bob.cells[index - 1]                                             # ... with a note just above it
    assert "instructor-update" in note.metadata.get("tags", []), [c.source[:60] for c in bob.cells[:6]]
    assert "The instructor changed the cell below" in note.source and new_text in note.source
    # bob sees the note in the notebook the link opened (JupyterLab reloads the changed file)
    pages["bob"].locator(".jp-RenderedMarkdown", has_text="The instructor changed the cell below").first.wait_for(
        timeout=60_000)
    # the pull's log said it too (nbgitpuller's progress stream; the server's log lands in the hub's log)
    assert f"Kept your version: book/{CHAPTER}, the cell starting '## The cell that inspired it'" in \
        hub.log_path.read_text()
    log = hubkit.pull(hub, "bob")
    assert "Kept your version" not in log   # pulling again with nothing new does not repeat the report


def test_the_instructor_has_the_formgrader_and_students_do_not(hub, browser, pages):
    page = browser.new_context().new_page()
    try:
        page.goto(f"{hub.url}/hub/login?next=/user/{hubkit.INSTRUCTOR}/formgrader")
        page.fill("#username_input", hubkit.INSTRUCTOR)
        page.fill("#password_input", hub.instructor_password)
        page.click("#login_submit")
        page.wait_for_url(re.compile(f"/user/{hubkit.INSTRUCTOR}/formgrader/manage_assignments"), timeout=150_000,
                          wait_until="domcontentloaded")   # it never reaches "load" offline (MathJax CDN)
        assert page.title() == "nbgrader formgrade"
    finally:
        page.context.close()
    assert (hub.home(hubkit.INSTRUCTOR) / "nbgrader_config.py").exists()
    import requests

    assert hub.server("GET", "alice", "/api/status").status_code == 200   # alice's server runs ...
    r = requests.get(f"{hub.url}/user/alice/formgrader", headers={"Authorization": f"token {hub.api_token}"},
                     timeout=30)
    assert r.status_code == 404                                            # ... without a formgrader


def test_stopping_the_hub_leaves_no_process(hub, pages):
    running = {p["kind"] for p in hubkit.hub_processes(hub.state)}
    assert {"hub", "proxy", "server"} <= running, running
    left_behind = hub.stop()
    assert left_behind == [], f"the hub left these running: {left_behind}"
    assert hubkit.hub_processes(hub.state) == []
