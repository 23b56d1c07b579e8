"""The chapter 1 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

import nnlib as nl
from nnlib.checks import ch01 as check
from checkhelp import run, stub


def test_weighted_sum_reference(capsys):
    ok, out = run(capsys, check.weighted_sum, lambda x, w, b: float(np.dot(w, x) + b))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda x, w, b: float(np.dot(w, x)), "bias b is missing"),
    (lambda x, w, b: w * x + b, "array of shape"),
    (lambda x, w, b: w * x, "products"),
    (lambda x, w, b: float(np.dot(w, x) * b), "ADDED once"),
    (lambda x, w, b: float(np.sum(w + x) + b), "MULTIPLIED"),
    (lambda x, w, b: float(w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b), "fixed to three inputs"),
    (lambda x, w, b: float(np.sum(w * x + b)), "once per input"),          # b added d times
    (lambda x, w, b: float(np.mean(w * x) + b), "MEAN of the products"),
])
def test_weighted_sum_hints(capsys, wrong, words):
    ok, out = run(capsys, check.weighted_sum, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_neuron_batch_reference(capsys):
    ok, out = run(capsys, check.neuron_batch, lambda X, w, b: nl.sigmoid(X @ w + b))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda X, w, b: X @ w + b, "weighted sums z"),
    (lambda X, w, b: nl.sigmoid(X @ w), "bias b is missing"),
    (lambda X, w, b: nl.sigmoid(X @ w) + b, "BEFORE the activation"),
    (lambda X, w, b: 1 / (1 + np.exp(-X @ w + b)), "the minus sign must cover the bias too"),
    (lambda X, w, b: nl.sigmoid(X * w + b), "shape (5, 3)"),
    (lambda X, w, b: nl.sigmoid(w @ X + b), "X @ w gives (N,)"),
    (lambda X, w, b: 1 / (1 + np.exp(X @ w + b)), "minus sign in the exponent"),   # 1 - sigmoid(z)
])
def test_neuron_batch_hints(capsys, wrong, words):
    ok, out = run(capsys, check.neuron_batch, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_focus_weights(capsys):
    ok, out = run(capsys, check.focus_weights, [0.0, 10.0, 0.0], -5.0)
    assert ok and out.startswith("Pass:")
    ok, out = run(capsys, check.focus_weights, [5.0, 1.0, 0.0], 0.0)
    assert not ok and "much larger" in out
    ok, out = run(capsys, check.focus_weights, [0.0, 2.0, 0.0], 0.0)
    assert not ok and "b = -w2 / 2" in out
    ok, out = run(capsys, check.focus_weights, [1.0, 2.0], 0.0)
    assert not ok and "3 numbers" in out
    ok, out = run(capsys, check.focus_weights, [0.0, -10.0, 0.0], 5.0)         # follows x2, the wrong way round
    assert not ok and "w2 = -10 is negative" in out, out
    ok, out = run(capsys, check.focus_weights, [3.0, 10.0, 3.0], -5.0)         # w2 largest, but x1 + x3 tip z
    assert not ok and "with x2 = 0 reaches 0.731" in out and "w1 and w3 still move z too much" in out, out
    ok, out = run(capsys, check.focus_weights, [1.0, 10.0, 1.0], -5.0)         # small side weights are allowed
    assert ok, out


@pytest.mark.parametrize("name", ["weighted_sum", "neuron_batch"])
def test_stub_gets_hint_and_stops(capsys, name):
    """A stub's NotImplementedError gets the stub hint, then goes through so a learner copy stops there."""
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out


# Every chapter: no exercise may reuse a name the chapter defined before it (issue 16). In a learner copy the
# solution block is a stub that raises, so a reused name would still hold the chapter's own (right) value and the
# check after the exercise would pass on work the learner did not do, as chapter 4's XOR weights once did.
import ast  # noqa: E402
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(p.name for p in BOOK.glob("[0-9][0-9]_*.ipynb"))


class _Bound(ast.NodeVisitor):
    """Collects the names a cell binds in the notebook's global namespace."""

    def __init__(self):
        self.names = set()

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self.names.add(node.id)

    def visit_alias(self, node):
        self.names.add((node.asname or node.name).split(".")[0])

    def visit_FunctionDef(self, node):          # the name is global, the body is not
        self.names.add(node.name)

    visit_ClassDef = visit_FunctionDef

    def skip(self, node):                       # own scopes: lambdas and comprehensions
        pass

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = skip


def bound_names(source):
    """Names a cell binds at module level (assignments, imports, def, class), not inside functions."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    visitor = _Bound()
    visitor.visit(ast.parse("\n".join(lines)))
    return visitor.names


def test_bound_names_sees_assignments_and_defs_but_not_locals():
    src = "a, b = 1, 2\nfor i in range(3):\n    c = i\ndef f(x):\n    local = x\nimport numpy as np\n%matplotlib inline"
    assert bound_names(src) == {"a", "b", "i", "c", "f", "np"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_exercise_reuses_a_name_defined_earlier(chapter):
    nb = nbformat.read(BOOK / chapter, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    exercises = [i for i, src in enumerate(code) if "### BEGIN SOLUTION" in src]
    assert len(exercises) >= 2, chapter
    for i in exercises:
        written = bound_names(code[i])
        before = set().union(*(bound_names(src) for src in code[:i]))
        reused = sorted(written & before)
        assert not reused, f"{chapter}, exercise cell {i}: {reused} already defined by the chapter"


# The folded answers to the chapter's "Predict, then move the slider" quote what the explorer shows: drive the
# explorer (its state comes from nnlib) to each question's settings and find the number, written as the answer
# writes it, in the chapter's answer fold.
from test_prompt_answers import explorer_answer_tests  # noqa: E402

CHAPTER = "01_neuron"

ANSWER_CASES = [
    ("neuron_explorer", {"x2": 0.0}, "z", lambda v: f"= {v:g}$. That is below"),
    ("neuron_explorer", {"x2": 0.0}, "fires", lambda v: "no longer fires" if not v else "??"),
    ("neuron_explorer", {"b": -2.5}, "z", lambda v: f"$z = 1 + 1 - 2.5 = {v:g}$"),
    ("neuron_explorer", {"w1": -1.0, "b": 0.0}, "fires", lambda v: "that means $b \\ge 0$" if v else "??"),
]


START_CASES = [
    ("neuron_explorer", "z", lambda v: f"$x = (1, 1)$, where $z = {v:g}$"),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
