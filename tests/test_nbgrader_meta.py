"""tools/nbgrader_meta.py: the chapters carry nbgrader metadata, and the tool that writes it is stable.

The first test runs on the real chapters (book/*.ipynb, or COURSE_BOOK_DIR): a new exercise without its
metadata fails it, naming the notebook and the cell. Fix: `python tools/nbgrader_meta.py book/*.ipynb`.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from nbgrader_meta import MetadataError, apply, problems  # noqa: E402

BOOK = Path(os.environ.get("COURSE_BOOK_DIR", ROOT / "book")).resolve()
CHAPTERS = sorted(BOOK.glob("*.ipynb"))


def test_every_chapter_carries_complete_nbgrader_metadata():
    assert CHAPTERS, f"no chapter notebooks in {BOOK}"
    found = [line for path in CHAPTERS for line in problems(nbformat.read(path, 4), path.name)]
    assert not found, ("nbgrader metadata missing or stale (run: python tools/nbgrader_meta.py book/*.ipynb):\n"
                       + "\n".join(found))


def exercise_nb():
    return new_notebook(cells=[
        new_markdown_cell("# Chapter"),
        new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        new_code_cell("check.f(f)"),
        new_code_cell("### BEGIN SOLUTION\nw_or, b_or = 1, 2\n### END SOLUTION"),
        new_code_cell('check.gate("OR", w_or, b_or)\ncheck.gate("NAND", 1, 2)'),
        new_markdown_cell("Why?\n\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"),
        new_code_cell("print('no exercise')", metadata={"nbgrader": {"grade_id": "old", "solution": True}}),
    ])


def test_marks_solutions_checks_and_written_answers_and_is_stable():
    nb = exercise_nb()
    assert apply(nb, "04_networks.ipynb") == 6
    meta = [c.metadata.get("nbgrader") for c in nb.cells]
    assert meta[0] is None and meta[6] is None, "stale metadata on a cell that is no exercise is removed"
    assert meta[1] == dict(grade=False, grade_id="ch04_f", locked=False, schema_version=3, solution=True,
                           task=False)
    assert meta[2] == dict(grade=True, grade_id="ch04_f_check", locked=True, points=1, schema_version=3,
                           solution=False, task=False)
    assert meta[3]["grade_id"] == "ch04_w_or" and meta[4]["points"] == 2, "one point per check called"
    assert meta[5]["solution"] and meta[5]["grade"] and meta[5]["points"] == 1, "a written answer is hand-marked"
    before = json.dumps(nb, sort_keys=True)
    assert apply(nb, "04_networks.ipynb") == 0 and json.dumps(nb, sort_keys=True) == before
    assert problems(nb, "04_networks.ipynb") == []


def test_keeps_an_existing_grade_id_and_points_and_keeps_ids_unique():
    nb = exercise_nb()
    nb.cells[1].metadata["nbgrader"] = {"grade_id": "my_id", "solution": True}
    nb.cells[2].metadata["nbgrader"] = {"grade_id": "ch04_w_or", "grade": True, "points": 5}
    apply(nb, "04_networks.ipynb")
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert ids[:2] == ["my_id", "ch04_w_or"] and nb.cells[2].metadata.nbgrader.points == 5
    assert len(ids) == len(set(ids)) and ids[2] == "ch04_w_or_2"


def test_a_solution_without_a_check_after_it_names_the_cell():
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("### BEGIN SOLUTION\ny = 2\n### END SOLUTION"),
                             new_code_cell("print(y)")])
    with pytest.raises(MetadataError, match=r"05_loss.ipynb, cell 1 .*'print\(y\)' is not a check cell"):
        apply(nb, "05_loss.ipynb")


def test_check_mode_names_notebook_and_cell_and_changes_nothing(tmp_path):
    path = tmp_path / "08_backprop.ipynb"
    nbformat.write(exercise_nb(), path)
    before = path.read_bytes()
    tool = [sys.executable, str(ROOT / "tools" / "nbgrader_meta.py")]
    run = subprocess.run(tool + ["--check", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and path.read_bytes() == before
    assert "08_backprop.ipynb, cell 1 (first line: 'def f(x):'): has no nbgrader metadata" in run.stderr
    assert "cell 6" in run.stderr and "remove it" in run.stderr
    run = subprocess.run(tool + [str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    run = subprocess.run(tool + ["--check", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    bad = subprocess.run(tool + [str(tmp_path / "notes.txt")], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "expected a notebook file (.ipynb), got" in bad.stderr
