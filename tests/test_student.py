"""Learner copies (tools/make_student.py): nbgrader's release step plus plain Markdown, then the real book.

Part (a) builds small notebooks with nbformat: stubs, markers, outputs, MyST roles and directives, nbgrader
metadata of the copy. Part (b) runs on every book/*.ipynb: no solution line and no raw MyST syntax survives
in a learner copy, every check cell is a locked graded test, every chapter has >= 2 solution blocks each
followed by a check that printed "Pass:", and a learner copy runs until its first stub and stops there with
NotImplementedError. COURSE_BOOK_DIR=/some/folder points part (b) at another folder of notebooks.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_student import (CODE_STUB, TEXT_STUB, Links, SolutionMarkerError, add_missing,  # noqa: E402
                          glossary_terms, learner_notebook, make_student, plain_markdown)

STUB = 'raise NotImplementedError("Exercise: write your solution here")'


# --------------------------------------------------------------------------- (a) the transformation

def exercise_cell(source, tags=("solution", "hide-input")):
    cell = new_code_cell(source, execution_count=3, metadata={
        "tags": list(tags), "execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"}})
    cell.outputs = [new_output("stream", name="stdout", text="42\n")]
    return cell


def write_nb(path, cells, **metadata):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells, metadata=metadata), path)
    return path


def test_stub_replaces_block_keeps_indentation_and_surrounding_code():
    src = ("def neuron_output(x, w, b):\n"
           '    """x: (d,), w: (d,), b: float -> float"""\n'
           "    ### BEGIN SOLUTION\n"
           "    z = float(np.dot(w, x) + b)\n"
           "    return z\n"
           "    ### END SOLUTION\n"
           "\n"
           "print('defined')")
    out = learner_notebook(new_notebook(cells=[exercise_cell(src)])).cells[0].source
    assert out.splitlines() == [
        "def neuron_output(x, w, b):",
        '    """x: (d,), w: (d,), b: float -> float"""',
        "    # YOUR CODE HERE",
        "    " + STUB,
        "",
        "print('defined')",
    ]


def test_two_blocks_in_one_cell_and_top_level_block():
    src = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\nif True:\n  ### BEGIN SOLUTION\n  c = 3\n  ### END SOLUTION"
    out = learner_notebook(new_notebook(cells=[exercise_cell(src)])).cells[0].source
    assert out.splitlines() == ["# YOUR CODE HERE", STUB, "b = 2", "if True:", "  # YOUR CODE HERE", "  " + STUB]


def test_markdown_block_becomes_your_answer_here():
    md = new_markdown_cell("**Your answer:**\n\n### BEGIN SOLUTION\nThe bias moves the line.\n### END SOLUTION\n\nDone?")
    out = learner_notebook(new_notebook(cells=[md])).cells[0].source
    assert out == "**Your answer:**\n\nYOUR ANSWER HERE\n\nDone?"


def test_outputs_counts_widget_state_and_folding_tags_removed():
    nb = new_notebook(cells=[
        exercise_cell("x = 1"),  # no block: keeps its tags, loses its outputs
        exercise_cell("### BEGIN SOLUTION\nx = 2\n### END SOLUTION", tags=("solution", "hide-input", "keep-me")),
        exercise_cell("### BEGIN SOLUTION\nx = 3\n### END SOLUTION"),
    ], metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}, "kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells[2].metadata["jupyter"] = {"source_hidden": True}
    original = json.dumps(nb)
    out = learner_notebook(nb)
    assert json.dumps(nb) == original, "the source notebook must not be changed"
    assert all(c.outputs == [] and c.execution_count is None for c in out.cells)
    assert "widgets" not in out.metadata and out.metadata.kernelspec.name == "python3"
    assert not any("execution" in c.metadata for c in out.cells)
    assert out.cells[0].metadata.tags == ["solution", "hide-input"]
    assert out.cells[1].metadata.tags == ["keep-me"]
    assert "tags" not in out.cells[2].metadata and out.cells[2].metadata.jupyter == {}
    nbformat.validate(out)


def test_copies_other_files_and_replaces_dest(tmp_path):
    src, dest = tmp_path / "book", tmp_path / "out" / "student"
    write_nb(src / "01_a.ipynb", [exercise_cell("### BEGIN SOLUTION\nsecret_value = 1\n### END SOLUTION")])
    write_nb(src / "sub" / "02_b.ipynb", [new_code_cell("print(1)")])
    (src / "intro.md").write_text("# Intro\n")
    (src / "instructors.md").write_text("# Answers for the room\n")
    (src / "images").mkdir()
    (src / "images" / "n.png").write_bytes(b"\x89PNG fake")
    (src / ".ipynb_checkpoints").mkdir()
    (src / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb").write_text("{}")
    dest.mkdir(parents=True)
    (dest / "stale.txt").write_text("from an earlier run")

    written = make_student(src, dest)

    assert sorted(map(str, written)) == ["01_a.ipynb", "sub/02_b.ipynb"]
    files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert files == ["01_a.ipynb", "images/n.png", "intro.md", "sub/02_b.ipynb"]
    assert (dest / "images" / "n.png").read_bytes() == b"\x89PNG fake"
    assert "secret_value = 1" not in (dest / "01_a.ipynb").read_text()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["student"], "no temporary folder left behind"
    assert dest.stat().st_mode & 0o777 == dest.parent.stat().st_mode & 0o777, "DEST is as readable as a new folder"


BAD_CELLS = {
    "unclosed": ("def f():\n    ### BEGIN SOLUTION\n    return 1", "never closed"),
    "nested": ("### BEGIN SOLUTION\na = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\n### END SOLUTION", "nested"),
    "end-without-begin": ("a = 1\n### END SOLUTION", "no BEGIN"),
}


@pytest.mark.parametrize("case", BAD_CELLS)
def test_bad_marker_names_notebook_and_cell_and_writes_nothing(tmp_path, case):
    source, words = BAD_CELLS[case]
    src, dest = tmp_path / "book", tmp_path / "out" / "student"
    write_nb(src / "01_good.ipynb", [exercise_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")])
    write_nb(src / "02_bad.ipynb", [new_markdown_cell("# Title"), new_code_cell("import numpy as np"),
                                    exercise_cell(source)])
    dest.mkdir(parents=True)
    (dest / "previous.txt").write_text("keep me")

    with pytest.raises(SolutionMarkerError) as err:
        make_student(src, dest)
    message = str(err.value)
    first_line = source.splitlines()[0]
    assert "02_bad.ipynb" in message and "cell 2" in message and first_line in message and words in message
    assert [p.name for p in dest.iterdir()] == ["previous.txt"], "DEST must be left as it was"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["student"], "no temporary folder left behind"

    # The command line says the same and exits non-zero.
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), str(src), str(dest)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "02_bad.ipynb" in run.stderr and "cell 2" in run.stderr and words in run.stderr
    assert [p.name for p in dest.iterdir()] == ["previous.txt"]


def test_keep_mode_adds_new_chapters_and_never_touches_a_learners_work(tmp_path):
    """`make lab` runs this every time: a learner's edited notebook must survive, a new chapter must arrive."""
    src = tmp_path / "book"
    write_nb(src / "01_a.ipynb", [exercise_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")])
    dest = tmp_path / "my_notebooks"
    written, kept = add_missing(src, dest)
    assert [str(p) for p in written] == ["01_a.ipynb"] and kept == []
    assert STUB in nbformat.read(dest / "01_a.ipynb", 4).cells[0].source
    (dest / "01_a.ipynb").write_text("my own work")
    write_nb(src / "02_b.ipynb", [exercise_cell("### BEGIN SOLUTION\ny = 2\n### END SOLUTION")])
    written, kept = add_missing(src, dest)
    assert [str(p) for p in written] == ["02_b.ipynb"] and [str(p) for p in kept] == ["01_a.ipynb"]
    assert (dest / "01_a.ipynb").read_text() == "my own work"
    assert "y = 2" not in (dest / "02_b.ipynb").read_text()


def test_repository_goes_into_the_colab_install_cell_only():
    cell = new_code_cell('REPOSITORY = "OWNER/NAME"\nprint(1)', metadata={"tags": ["remove-cell", "colab-install"]})
    other = new_code_cell('REPOSITORY = "OWNER/NAME"')
    nb = learner_notebook(new_notebook(cells=[cell, other]), repository="me/course")
    assert nb.cells[0].source == 'REPOSITORY = "me/course"\nprint(1)'
    assert nb.cells[1].source == 'REPOSITORY = "OWNER/NAME"'


def test_dropdowns_become_details_that_jupyterlab_keeps_folded():
    src = "Predict first.\n\n````{dropdown} Answers\n:open:\n1. It fires.\n```python\nx = 1\n```\n````\nNext."
    assert plain_markdown(src).splitlines() == [
        "Predict first.", "", "<details>", "<summary>Answers</summary>", "", "1. It fires.", "```python", "x = 1",
        "```", "", "</details>", "Next."]
    nested = plain_markdown(":::{dropdown} Outer\n```{dropdown} Inner\nhidden\n```\n:::")
    assert nested.count("<details>") == 2 and "{dropdown}" not in nested and "hidden" in nested


GLOSSARY = "# Glossary\n\n```{glossary}\n:sorted:\n\nWeight\n  How much an input counts.\n\nKernel\nFilter\n" \
           "  A small grid of weights.\n\nReLU (rectified linear unit)\n  max(z, 0).\n```\n"


def test_glossary_terms_and_their_anchors_on_the_site():
    assert glossary_terms(GLOSSARY) == {"weight": "term-Weight", "kernel": "term-Kernel", "filter": "term-Filter",
                                        "relu (rectified linear unit)": "term-ReLU-rectified-linear-unit"}


def test_myst_roles_and_directives_become_plain_markdown(tmp_path):
    (tmp_path / "glossary.md").write_text(GLOSSARY)
    write_nb(tmp_path / "02_firing.ipynb", [new_markdown_cell("# 2. Firing and thresholds\n\nText.")])
    (tmp_path / "instructors.md").write_text("# For the room\n")
    src = ("(ch01-goals)=\n## Goals\n\nA {term}`weight` and two {term}`filters <filter>`, an {term}`unknown`.\n"
           "Next: {doc}`02_firing`, or {doc}`the firing chapter <02_firing>`; not {doc}`instructors`.\n"
           "Inline {math}`z = w x`, see {numref}`fig-1` and {ref}`the goals <ch01-goals>`.\n\n"
           "```{note}\nRead this.\n```\n\n:::{warning} Careful\n:class: dropdown\nHot.\n:::\n\n"
           "```{math}\nz = w \\cdot x\n```")
    with_site = plain_markdown(src, Links(tmp_path, "Me/course"), "01_neuron.ipynb")
    site = "https://me.github.io/course/book/glossary.html"
    assert with_site.splitlines() == [
        "## Goals", "",
        f"A [weight]({site}#term-Weight) and two [filters]({site}#term-Filter), an unknown.",
        "Next: [2. Firing and thresholds](02_firing.ipynb), or [the firing chapter](02_firing.ipynb); not "
        "instructors.",
        "Inline $z = w x$, see fig-1 and the goals.", "",
        "> **Note**", ">", "> Read this.", "",
        "> **Warning: Careful**", ">", "> Hot.", "",
        "$$", "z = w \\cdot x", "$$"]
    offline = plain_markdown("A {term}`weight` and {term}`filters <filter>`.", Links(tmp_path, None))
    assert offline == "A weight and filters."


def test_learner_copy_is_the_nbgrader_release_version():
    nb = new_notebook(cells=[
        exercise_cell("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        new_code_cell("check.f(f)"),
        new_markdown_cell("Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION")])
    out = learner_notebook(nb, "03_x.ipynb")
    answer, check, written = (c.metadata.nbgrader for c in out.cells)
    assert answer.solution and not answer.grade and answer.grade_id == "ch03_f" and "checksum" in answer
    assert check.grade and check.locked and check.points == 1 and out.cells[1].metadata.editable is False
    assert written.solution and written.grade, "a written answer is marked by hand"
    assert out.cells[0].source.endswith("\n".join("    " + line for line in CODE_STUB.splitlines()))
    assert TEXT_STUB in out.cells[2].source and "Because" not in out.cells[2].source


def test_command_line_success(tmp_path):
    src, dest = tmp_path / "book", tmp_path / "student"
    write_nb(src / "01_a.ipynb", [exercise_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")])
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), str(src), str(dest)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "1 learner notebook" in run.stdout and (dest / "01_a.ipynb").exists()


# --------------------------------------------------------------------------- (b) the real book

BOOK = Path(os.environ.get("COURSE_BOOK_DIR", ROOT / "book")).resolve()
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
# No notebooks must fail, not skip: an empty parametrize would silently skip.
CHAPTERS = [pytest.param(p.name, id=p.stem) for p in NOTEBOOKS] or [pytest.param(None, id="no-notebooks")]


def solution_blocks(cell):
    """The solution blocks of a cell, each as a list of its lines (markers excluded)."""
    blocks, current = [], None
    for line in cell.source.splitlines():
        if line.strip().endswith("BEGIN SOLUTION"):
            current = []
        elif line.strip().endswith("END SOLUTION"):
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def source_nb(name):
    assert name is not None, f"no notebooks in {BOOK}"
    return nbformat.read(BOOK / name, as_version=4)


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    dest = tmp_path_factory.mktemp("learner") / "student"
    make_student(BOOK, dest)
    return dest


def test_book_has_notebooks():
    assert NOTEBOOKS, f"no chapter notebooks in {BOOK}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_at_least_two_solution_blocks(name):
    nb = source_nb(name)
    count = sum(len(solution_blocks(c)) for c in nb.cells)
    assert count >= 2, f"{name} has {count} solution block(s); every chapter needs at least two exercises"


@pytest.mark.parametrize("name", CHAPTERS)
def test_answers_stay_folded_in_jupyterlab(name, student_dir):
    """Every dropdown of the chapter (a folded answer on the site) is a <details> block in the learner copy."""
    folds = sum(c.source.count("{dropdown}") for c in nbformat.read(BOOK / name, 4).cells if c.cell_type == "markdown")
    copy = [c.source for c in nbformat.read(student_dir / name, 4).cells if c.cell_type == "markdown"]
    assert not any("{dropdown}" in s for s in copy)
    assert sum(s.count("<details>") for s in copy) == folds


MYST = re.compile(r"\{[\w:-]+\}`|^\s*(`{3,}|:{3,})\s*\{[\w-]+\}|^\([\w.:-]+\)=\s*$", re.M)


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_raw_myst_in_learner_copies(name, student_dir):
    """Plain JupyterLab, Colab and VS Code show MyST roles, directives and targets as literal text."""
    copy = nbformat.read(student_dir / name, 4)
    left = [(i, m.group(0)) for i, c in enumerate(copy.cells) if c.cell_type == "markdown"
            for m in MYST.finditer(c.source)]
    assert not left, f"{name}: raw MyST syntax in the learner copy (cell, text): {left[:10]}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_check_cell_is_a_locked_graded_test(name, student_dir):
    copy = nbformat.read(student_dir / name, 4)
    for index, cell in enumerate(copy.cells):
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            test = copy.cells[index + 1].metadata.get("nbgrader", {})
            assert test.get("grade") and test.get("locked") and test.get("points", 0) > 0, (
                f"{name}: cell {index + 1} after answer cell {index} is no locked graded test: {test}")


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_solution_line_survives(name, student_dir):
    nb = source_nb(name)
    text = (student_dir / name).read_text(encoding="utf-8")
    for index, cell in enumerate(nb.cells):
        for block in solution_blocks(cell):
            for line in (s.strip() for s in block):
                if len(line) < 8:
                    continue
                escaped = json.dumps(line, ensure_ascii=False)[1:-1]
                assert line not in text and escaped not in text, (
                    f"{name}: solution line {line!r} (cell {index}) appears in the learner copy; "
                    "if it also appears outside the solution, write one of the two differently")


@pytest.mark.parametrize("name", CHAPTERS)
def test_each_solution_is_followed_by_a_passing_check(name):
    nb = source_nb(name)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not solution_blocks(cell):
            continue
        assert index + 1 < len(nb.cells), f"{name}: solution cell {index} is the last cell; a check must follow"
        check = nb.cells[index + 1]
        printed = "".join(o.get("text", "") for o in check.get("outputs", []) if o.output_type == "stream")
        assert check.cell_type == "code" and any(line.startswith("Pass:") for line in printed.splitlines()), (
            f"{name}: the cell after solution cell {index} should print a line starting with 'Pass:' "
            f"in its stored outputs, it printed {printed!r}")


@pytest.mark.parametrize("name", CHAPTERS)
def test_learner_copy_stops_at_first_stub(name, student_dir, monkeypatch):
    """The first error is NotImplementedError, raised by the first stub: in its own cell (a stub at top
    level) or in the check cell right after it (a stub inside a function body runs when the check calls
    it, so the checks must let NotImplementedError through). No cell before it fails."""
    nb = source_nb(name)
    first_stub = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and solution_blocks(c))
    copy_path = student_dir / name
    learner = nbformat.read(copy_path, as_version=4)
    assert STUB in learner.cells[first_stub].source
    # The copy lives outside the repository: let its kernel import nnlib from this checkout.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    client = NotebookClient(learner, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(copy_path.parent)}})
    try:
        client.execute()
    except CellExecutionError:
        pass  # expected; the cell's error output says where and what
    errors = [(i, o) for i, c in enumerate(learner.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors, (f"{name}: the learner copy ran to the end without an error; the first stub (cell {first_stub}) "
                    "should stop it with NotImplementedError (does its check swallow NotImplementedError?)")
    index, error = errors[0]
    assert error.ename == "NotImplementedError" and index in (first_stub, first_stub + 1), (
        f"{name}: expected the first error to be NotImplementedError from the first stub (cell {first_stub}) "
        f"or its check (cell {first_stub + 1}), got {error.ename}: {error.evalue} in cell {index}")
