"""nbgrader_config.py, the configuration an instructor's nbgrader commands read from the repository's root."""
import os
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_student import CODE_STUB, TEXT_STUB  # noqa: E402


def load(monkeypatch, course, book):
    monkeypatch.setenv("COURSE_NBGRADER_ROOT", str(course))
    monkeypatch.setenv("COURSE_BOOK_DIR", str(book))
    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()


def test_config_links_every_chapter_as_an_assignment_and_uses_the_learner_stubs(tmp_path, monkeypatch):
    book, course = tmp_path / "book", tmp_path / "course"
    book.mkdir()
    for stem in ("01_neuron", "02_firing"):
        nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), book / f"{stem}.ipynb")
    config = load(monkeypatch, course, book)
    assert config.CourseDirectory.root == str(course)
    assert config.ClearSolutions.code_stub == {"python": CODE_STUB}
    assert config.ClearSolutions.text_stub == TEXT_STUB
    for stem in ("01_neuron", "02_firing"):
        link = course / "source" / stem / f"{stem}.ipynb"
        assert link.is_symlink() and link.resolve() == (book / f"{stem}.ipynb").resolve()
        assert not os.path.isabs(os.readlink(link)), "relative links survive moving the checkout"
    assert (course / ".gitignore").read_text().splitlines()[-1] == "*", "grades and submissions are never committed"
    # Read again (every nbgrader command does): the links stay, a new chapter gets its own.
    nbformat.write(new_notebook(cells=[new_code_cell("y = 2")]), book / "03_activations.ipynb")
    load(monkeypatch, course, book)
    assert sorted(p.name for p in (course / "source").iterdir()) == ["01_neuron", "02_firing", "03_activations"]
