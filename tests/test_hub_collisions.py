"""tools/hub/course_pull.py without a hub: nbgitpuller's own pull (the class the hub's servers use), a student's
edits and an instructor's new version, and what the student is told. The same run is exercised through a real
hub and browser in tests/test_hub.py; here each case is small and fast."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "hub"))
sys.path.insert(0, str(ROOT / "tools"))
import course_pull  # noqa: E402
import learner_branch  # noqa: E402

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
                                reason="git is not installed")


def notebook(intro="# Chapter", answer="raise NotImplementedError()", notes="Notes to read."):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(intro, id="intro"), nbformat.v4.new_code_cell(answer, id="answer"),
                nbformat.v4.new_markdown_cell(notes, id="notes")]
    return nb


class Course:
    """An instructor's learner branch (a bare repository) and one student's copy pulled with nbgitpuller."""

    def __init__(self, tmp: Path):
        self.tree, self.repo, self.home = tmp / "tree", tmp / "course", tmp / "home"
        (self.tree / "book").mkdir(parents=True)
        self.home.mkdir()
        subprocess.run(["git", "init", "-q", "--bare", "-b", "learner", str(self.repo)], check=True)
        self.publish(notebook(), helper="def helper():\n    return 1\n")

    def publish(self, nb, helper=None):
        nbformat.write(nb, self.tree / "book" / "ch.ipynb")
        if helper is not None:
            (self.tree / "helper.py").write_text(helper)
        learner_branch.commit_tree(self.tree, self.repo)

    def pull(self) -> list[str]:
        puller = course_pull.checked_puller()(self.repo.as_uri(), str(self.home / "course"), branch="learner",
                                              depth=0)
        lines = list(puller.pull())
        return [line for line in lines if "Kept your version" in line]

    @property
    def path(self):
        return self.home / "course" / "book" / "ch.ipynb"

    def student_edits(self, **sources):
        nb = nbformat.read(self.path, as_version=4)
        for cell in nb.cells:
            if cell.id in sources:
                cell.source = sources[cell.id]
        nbformat.write(nb, self.path)

    def student_copy(self):
        return nbformat.read(self.path, as_version=4)


@pytest.fixture
def course(tmp_path):
    c = Course(tmp_path)
    assert c.pull() == [] and c.path.exists()
    return c


def test_different_cells_merge_without_a_report(course):
    course.student_edits(answer="x = 42")
    course.publish(notebook(intro="# Chapter, revised"))
    assert course.pull() == []
    nb = course.student_copy()
    assert [c.source for c in nb.cells] == ["# Chapter, revised", "x = 42", "Notes to read."]


def test_the_same_cell_changed_on_both_sides_is_reported_in_the_log_and_the_notebook(course):
    course.student_edits(notes="My own notes.")
    course.publish(notebook(notes="Notes to read, with a correction."))
    (line,) = course.pull()
    assert "book/ch.ipynb" in line and "'My own notes.'" in line and "instructor changed this cell" in line
    nb = course.student_copy()
    assert [c.id for c in nb.cells][-1] == "notes" and nb.cells[-1].source == "My own notes."   # hers, kept
    note = nb.cells[-2]
    assert "instructor-update" in note.metadata["tags"]
    assert "The instructor changed the cell below" in note.source
    assert "Notes to read, with a correction." in note.source
    # pulling again with nothing new neither repeats the report nor adds a second note
    assert course.pull() == []
    assert sum("instructor-update" in c.metadata.get("tags", []) for c in course.student_copy().cells) == 1


def test_a_code_cell_and_a_file_changed_on_both_sides_are_both_named(course):
    course.student_edits(answer="def f():\n    return 2")
    (course.home / "course" / "helper.py").write_text("def helper():\n    return 'mine'\n")
    course.publish(notebook(answer="# Exercise: write f\nraise NotImplementedError()"),
                   helper="def helper():\n    return 'new'\n")
    lines = course.pull()
    assert len(lines) == 2, lines
    assert any("book/ch.ipynb" in line and "'def f():'" in line for line in lines)
    assert any(line.startswith("Kept your version: helper.py: you and the instructor both changed") for line in lines)
    note = course.student_copy().cells[1]
    assert "```python\n# Exercise: write f" in note.source


def test_the_check_runs_from_a_terminal(course):
    course.student_edits(notes="Mine.")
    course.publish(notebook(notes="Theirs."))
    course.pull()
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "hub" / "course_pull.py"), str(course.home / "course")],
                       capture_output=True, text=True, check=True)
    assert "book/ch.ipynb, the cell starting 'Mine.'" in r.stdout and r.stdout.strip().endswith("newer one")
