"""The folded "The same in PyTorch" blocks of the chapters run, and their numbers agree with nnlib's.

Convention (notes/SESSION2.md): chapters 06 to 11 each hold one markdown cell with a MyST dropdown titled exactly
"The same in PyTorch" and one ```python fence inside. The book does not execute it; this test does, and the
block's last statement compares PyTorch's numbers with nnlib's through np.testing.assert_allclose.
"""
import ast
import json
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
REQUIRED = ["06", "07", "08", "09", "10", "11"]
DROPDOWN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{dropdown\}[ \t]+(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                      re.S | re.M)
PYTHON = re.compile(r"^(?P<fence>`{3,})python[ \t]*\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.S | re.M)


def pytorch_blocks(book=BOOK):
    """[(chapter file name, cell id, list of python fences inside the dropdown)] for every such dropdown."""
    found = []
    for path in sorted(book.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            for m in DROPDOWN.finditer(text):
                if m.group("title").strip() == "The same in PyTorch":
                    codes = [c.group("code") for c in PYTHON.finditer(m.group("body"))]
                    found.append((path.name, cell.get("id"), codes))
    return found


BLOCKS = pytorch_blocks()


def test_each_training_chapter_has_exactly_one_block():
    per_chapter = {}
    for name, _, _ in BLOCKS:
        per_chapter[name[:2]] = per_chapter.get(name[:2], 0) + 1
    missing = [n for n in REQUIRED if n not in per_chapter]
    assert not missing, f"no 'The same in PyTorch' dropdown in chapter(s) {missing}"
    doubled = {n: k for n, k in per_chapter.items() if k > 1}
    assert not doubled, f"more than one block in {doubled}"


def _ends_with_assert_allclose(code):
    last = ast.parse(code).body[-1]
    return (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Attribute) and last.value.func.attr == "assert_allclose"
            and len(last.value.args) >= 2)


def test_block_shape_rules_catch_a_block_without_comparison():
    """The rule the blocks are held to rejects a block that only prints, and accepts one that compares."""
    assert not _ends_with_assert_allclose("import torch\nprint(torch.ones(2))\n")
    assert not _ends_with_assert_allclose("import numpy as np\nnp.testing.assert_allclose(1.0)\nprint(1)\n")
    assert _ends_with_assert_allclose("import numpy as np\nnp.testing.assert_allclose(1.0, 1.0)\n")


@pytest.mark.parametrize("name, cell_id, codes", BLOCKS, ids=[f"{b[0]}:{b[1]}" for b in BLOCKS])
def test_block_runs_and_agrees_with_nnlib(name, cell_id, codes, monkeypatch, tmp_path):
    assert len(codes) == 1, f"{name}: the dropdown must hold exactly one ```python fence, found {len(codes)}"
    code = codes[0]
    for module in ("numpy", "torch", "nnlib"):
        assert re.search(rf"^import {module}\b", code, re.M), f"{name}: the block must `import {module}`"
    assert _ends_with_assert_allclose(code), \
        f"{name}: the block must end with np.testing.assert_allclose(<torch numbers>, <nnlib numbers>, ...)"
    pytest.importorskip("torch")
    monkeypatch.chdir(tmp_path)                       # a block must not rely on the book's folder
    exec(compile(code, f"<{name} PyTorch block>", "exec"), {"__name__": "__pytorch_block__"})
