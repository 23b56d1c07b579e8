"""What the book says about itself (times, explorers, exercises) agrees with the notebooks.

tools/course_facts.py computes the facts from the notebooks; the chapters' `**Time:**` lines, the instructor
guide's table and the intro's chapter table must say the same.
"""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course_facts as cf  # noqa: E402

FACTS = cf.all_facts()
BY_NAME = {f["name"]: f for f in FACTS}


def _notebook(tmp_path, cells):
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "01_tiny.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": []}


def test_formula_on_a_notebook_counted_by_hand(tmp_path):
    words = " ".join(["word"] * 357)                        # + "# Tiny" title (2 tokens) + "x" = 360 words
    cells = [
        _md("# Tiny\n\n**Time:** about 99 min to read, 99 min for the explorers and exercises.\n\n" + words + "\nx"),
        _code("import sys\n" * 5, tags=["remove-cell"]),    # hidden on the site: not read, not counted
        _code("a = 1\n\nb = 2\n" + "c = 3\n" * 10),         # 12 non-blank lines
        _code("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"),   # 1 exercise, 4 lines
        _code("from nnlib import widgets\nwidgets.neuron_explorer()\n"),                    # explorer 1, 2 lines
        _code("def my_explorer(x):\n    return x\nbump_builder(steepness=3.0)  # explorer 2\n"),  # 3 lines
        _md("```python\n" + "x = 1\n" * 3 + "```\n"),        # 3 fenced lines count as code
    ]
    f = cf.facts(_notebook(tmp_path, cells))
    assert f["words"] == 360
    assert f["code_lines"] == 12 + 4 + 2 + 3 + 3
    assert f["exercises"] == 1
    assert f["explorers"] == ["neuron_explorer", "bump_builder"]
    # R = 5 * ceil((360 / 180 + 24 / 12) / 5) = 5 * ceil(4 / 5) = 5; W = 5 * ceil((10 + 2 * 5) / 5) = 20
    assert (f["reading"], f["working"]) == (5, 20)


def test_a_dropdown_is_read_as_prose_and_the_code_inside_it_as_code(tmp_path):
    """MyST's fences: an answer folded in a dropdown is prose, a ```python block inside a ````{dropdown} is code,
    and so is a ```{code-cell}; option lines such as :open: are neither."""
    cells = [
        _md("# Tiny\n\n```{dropdown} Show the answer\n:open:\n" + "one two three four five\n" * 4 + "```\n"),
        _md("````{dropdown} The same in PyTorch\nSome words here.\n\n```python\nimport torch\nx = 1\n```\n"
            "````\n"),
        _md(":::{note}\nA note of seven words for the reader.\n:::\n\n```{code-cell} python\ny = 2\n```\n"),
    ]
    f = cf.facts(_notebook(tmp_path, cells))
    # "# Tiny" 2 + "Show the answer" 3 + 4 * 5 + "The same in PyTorch" 4 + "Some words here." 3 + the note's 8
    assert f["words"] == 2 + 3 + 20 + 4 + 3 + 8
    assert f["code_lines"] == 2 + 1


def test_every_chapter_has_exercises_and_is_counted():
    assert len(FACTS) == 12
    for f in FACTS:
        assert f["exercises"] >= 2, f"{f['name']}: {f['exercises']} exercises"
        assert f["reading"] > 0 and f["working"] > 0



def test_gradient_descent_chapters_take_at_most_45_minutes():
    """Issue 20: chapter 6 took 75 minutes for eight topics; its two halves, 06 and 07, take at most 45 each."""
    for name in ("06_gradient_descent", "07_momentum"):
        f = BY_NAME[name]
        assert f["reading"] + f["working"] <= 45, f"{name}: {f['reading']} + {f['working']} minutes"


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_chapter_time_line_agrees(name):
    f = BY_NAME[name]
    nb = json.loads((cf.BOOK / f"{name}.ipynb").read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    lines = [ln for ln in cf._source(first).splitlines() if ln.startswith(cf.TIME_PREFIX)]
    want = cf.time_line(f["reading"], f["working"])
    assert lines == [want], f"{name}: the first markdown cell should hold exactly one line {want!r}, found {lines}"


def test_instructor_guide_table_agrees():
    text = (cf.BOOK / "instructors.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- course-facts:begin -->\n(.*?)\n<!-- course-facts:end -->", text, re.S)
    assert m, "book/instructors.md lost its <!-- course-facts:begin/end --> table"
    assert m.group(1).strip() == cf.instructors_table().strip(), \
        "book/instructors.md's table is out of date: paste `python tools/course_facts.py instructors`"


def test_instructor_guide_names_only_displayed_explorers():
    """Every explorer the guide puts a question on is one that its chapter displays."""
    text = (cf.BOOK / "instructors.md").read_text(encoding="utf-8")
    sections = re.split(r"\n## (\d+)\. ", text)
    shown = {int(f["name"][:2]): set(f["explorers"]) for f in FACTS}
    for number, body in zip(sections[1::2], sections[2::2]):
        for line in body.splitlines():
            if line.startswith("**Predict, then"):
                named = set(re.findall(r"`([a-z_]+_(?:explorer|builder|challenge))`", line))
                assert named <= shown[int(number)], f"chapter {number}: guide names {named}, chapter shows {shown[int(number)]}"


def test_intro_table_agrees():
    text = (cf.BOOK / "intro.md").read_text(encoding="utf-8")
    rows = cf.parse_table(text)
    header = next((r for r in rows if r and r[0] == "Chapter" and "Reading" in r), None)
    assert header and header[-2:] == ["Reading", "Explorers and exercises"], \
        f"intro.md's chapter table needs the columns ... | Reading | Explorers and exercises |, found {header}"
    found = {cf.chapter_name(r[0]): r for r in rows if cf.chapter_name(r[0])}
    assert sorted(found) == sorted(BY_NAME), f"intro.md lists {sorted(found)}"
    for name, row in found.items():
        f = BY_NAME[name]
        assert row[-2:] == [f"{f['reading']} min", f"{f['working']} min"], \
            f"intro.md, {name}: {row[-2:]}, computed {f['reading']} min and {f['working']} min"


def test_update_rewrites_a_stale_time_line_and_table(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    cells = [_md("# Tiny\n\n**Time:** about 99 min to read, 99 min for the explorers and exercises.\n\nsome words"),
             _code("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n")]
    (book / "01_tiny.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                    "nbformat_minor": 5}), encoding="utf-8")
    (book / "instructors.md").write_text("intro\n<!-- course-facts:begin -->\nold\n<!-- course-facts:end -->\nrest\n")
    assert sorted(cf.update(book)) == ["01_tiny.ipynb", "instructors.md"]
    nb = json.loads((book / "01_tiny.ipynb").read_text(encoding="utf-8"))
    assert cf.time_line(5, 10) in "".join(nb["cells"][0]["source"])     # R = 5 * ceil(8 words / 180 ...), W = 10
    guide = (book / "instructors.md").read_text()
    assert "| {doc}`01_tiny` | none | 1 | 5 min | 10 min |" in guide and "old" not in guide
    assert cf.update(book) == []                                         # a second run changes nothing
