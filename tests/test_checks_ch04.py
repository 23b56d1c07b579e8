"""The chapter 4 checks: the reference solutions pass, typical mistakes get their specific hint."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib.checks import ch04 as check
from checkhelp import run, stub

BOOK = Path(__file__).resolve().parents[1] / "book"


def relu(z):
    return np.maximum(z, 0.0)


def sig(z):
    return 1 / (1 + np.exp(-z))


def forward_reference(X, W1, b1, W2, b2):
    return relu(X @ W1.T + b1) @ W2.T + b2


def test_two_layer_forward_reference(capsys):
    ok, out = run(capsys, check.two_layer_forward, forward_reference)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda X, W1, b1, W2, b2: relu(X @ W1 + b1) @ W2 + b2, "X @ W1.T"),
    (lambda X, W1, b1, W2, b2: relu(X @ W1.T) @ W2.T + b2, "bias b1 is missing"),
    (lambda X, W1, b1, W2, b2: relu(X @ W1.T + b1) @ W2.T, "output bias b2"),
    (lambda X, W1, b1, W2, b2: (X @ W1.T + b1) @ W2.T + b2, "ReLU between the layers is missing"),
    (lambda X, W1, b1, W2, b2: relu(relu(X @ W1.T + b1) @ W2.T + b2), "no activation"),
    (lambda X, W1, b1, W2, b2: sig(X @ W1.T + b1) @ W2.T + b2, "not sigmoid"),
    (lambda X, W1, b1, W2, b2: forward_reference(X, W1, b1, W2, b2).ravel(), "expected (5, 2)"),
    (lambda X, W1, b1, W2, b2: forward_reference(X, W1, b1, W2, b2) * 2, "Compute Z1"),
])
def test_two_layer_forward_hints(capsys, wrong, words):
    ok, out = run(capsys, check.two_layer_forward, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def bump_reference(left, right, height, steepness):
    return (np.array([[steepness], [steepness]]), np.array([-steepness * left, -steepness * right]),
            np.array([[height, -height]]), np.array([0.0]))


def test_bump_weights_reference(capsys):
    ok, out = run(capsys, check.bump_weights, bump_reference)
    assert ok and out.startswith("Pass:")


def with_(change):
    def fn(left, right, height, s):
        W1, b1, W2, b2 = bump_reference(left, right, height, s)
        return change(W1, b1, W2, b2, left, right, height, s)
    return fn


@pytest.mark.parametrize("wrong, words", [
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (W1, -b1, W2, b2)), "wrong sign"),
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (W1, np.array([-l, -r]), W2, b2)), "multiplied by the steepness"),
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (W1, b1, np.abs(W2), b2)), "same sign"),
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (W1, b1, -W2, b2)), "upside down"),
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (np.ones((2, 1)), b1, W2, b2)), "not 1"),
    (with_(lambda W1, b1, W2, b2, l, r, h, s: (W1.ravel(), b1, W2, b2)), "expected W1 (2, 1)"),
    (lambda l, r, h, s: 3.0, "return four arrays"),
])
def test_bump_weights_hints(capsys, wrong, words):
    ok, out = run(capsys, check.bump_weights, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_xor_network_reference(capsys):
    ok, out = run(capsys, check.xor_network, [[1, -1], [-1, 1]], [-0.5, -0.5], [[1, 1]], [-0.5])
    assert ok and out.startswith("Pass:")
    ok, out = run(capsys, check.xor_network, [[1, 1], [-1, -1]], [-0.5, 1.5], [[1, 1]], [-1.5])
    assert ok and out.startswith("Pass:")


def test_xor_network_hints(capsys):
    # good hidden layer, output neuron is AND instead of OR
    ok, out = run(capsys, check.xor_network, [[1, -1], [-1, 1]], [-0.5, -0.5], [[1, 1]], [-1.5])
    assert not ok and "hidden layer is fine" in out and "x = [0, 1]" in out, out
    # both hidden neurons compute the same thing: the second adds nothing
    ok, out = run(capsys, check.xor_network, [[1, 1], [1, 1]], [-0.5, -0.5], [[1, 1]], [-0.5])
    assert not ok and "second adds nothing" in out, out
    # weights that no bias can rescue
    ok, out = run(capsys, check.xor_network, [[0, 0], [-1, 1]], [0, -0.5], [[1, 1]], [-0.5])
    assert not ok and "hidden neuron 1" in out and "no bias" in out, out
    ok, out = run(capsys, check.xor_network, [[1, -1]], [-0.5], [[1, 1]], [-0.5])
    assert not ok and "expected xor_W1 (2, 2)" in out, out


def test_xor_network_or_and_hidden_layer_points_at_the_output_layer(capsys):
    """OR and AND in the hidden layer can serve XOR ("OR and not AND"): the fix is in the output layer, so the hint
    must say so and must not send the learner to change the AND neuron into a second OR (a dead end)."""
    W1, b1 = [[1, 1], [1, 1]], [-0.5, -1.5]
    for W2, b2 in [([[1, 1]], [-1.5]), ([[1, 1]], [-0.5])]:       # output AND, output OR: both wrong
        ok, out = run(capsys, check.xor_network, W1, b1, W2, b2)
        assert not ok and "the fix is in the output layer (xor_W2, xor_b2)" in out, out
        assert "fire for hidden outputs [1, 0] and stay silent for [0, 0] and [1, 1]" in out, out
        assert "Fix the hidden layer" not in out, out
    ok, out = run(capsys, check.xor_network, W1, b1, [[1, -1]], [-0.5])      # following the hint: OR and not AND
    assert ok and out.startswith("Pass:"), out


def test_xor_network_exercise_uses_names_the_chapter_has_not_defined():
    """The chapter builds its own OR/NAND network in W1, b1, W2, b2, which pass this check. The exercise must use
    other names, so that an untouched learner copy (the solution replaced by a stub that raises) cannot pass."""
    import nbformat
    nb = nbformat.read(BOOK / "04_networks.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    i = next(k for k, src in enumerate(code) if "check.xor_network(" in src)
    assert "check.xor_network(xor_W1, xor_b1, xor_W2, xor_b2)" in code[i]
    assert "### BEGIN SOLUTION" in code[i - 1] and all(f"xor_{n} =" in code[i - 1] for n in ("W1", "b1", "W2", "b2"))
    assert not any("xor_W1" in src or "xor_b2" in src for src in code[:i - 1])


@pytest.mark.parametrize("b1, neuron, low, high", [
    ([0.0, 0.0], 1, "-1", "0"),        # biases forgotten: both neurons also fire on (0, 0)
    ([-0.5, 0.5], 2, "-1", "0"),       # second neuron's bias has the wrong sign
    ([-1.5, -0.5], 1, "-1", "0"),      # first neuron's bias too low: it never fires
])
def test_xor_network_wrong_hidden_bias(capsys, b1, neuron, low, high):
    """The chapter's weights with a wrong hidden bias: the hint names the neuron and the biases that fix it."""
    ok, out = run(capsys, check.xor_network, [[1, -1], [-1, 1]], b1, [[1, 1]], [-0.5])
    assert not ok and f"hidden neuron {neuron}" in out and f"{low} <= b < {high}" in out, out


def test_xor_network_hints_lead_somewhere(capsys):
    """A learner who follows each hint's suggested bias reaches a pass, and never sees the same hint twice."""
    W1, b1, W2, b2 = np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([0.5, 0.5]), np.array([[1.0, 1.0]]), [-0.5]
    seen = []
    for _ in range(4):
        ok, out = run(capsys, check.xor_network, W1, b1, W2, b2)
        if ok:
            break
        assert out not in seen, out
        seen.append(out)
        m = re.search(r"hidden neuron (\d) .*\(for example ([-\d.]+)\)", out)
        assert m, out
        b1[int(m.group(1)) - 1] = float(m.group(2))
    assert ok and len(seen) == 2, seen


@pytest.mark.parametrize("name", ["two_layer_forward", "bump_weights"])
def test_stub_gets_hint_and_stops(capsys, name):
    """A stub's NotImplementedError gets the stub hint, then goes through so a learner copy stops there."""
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out


# The folded answers to the chapter's "Predict, then move the slider" quote what the explorer shows: drive the
# explorer (its state comes from nnlib) to each question's settings and find the number, written as the answer
# writes it, in the chapter's answer fold.
from test_prompt_answers import explorer_answer_tests, widgets  # noqa: E402

CHAPTER = "04_networks"

ANSWER_CASES = [
    ("bump_builder", {}, "mse", lambda v: f"from {v:.4f}"),
    ("bump_builder", {"left": -0.3, "right": 0.3}, "mse", lambda v: f"to about {v:.4f}"),
    ("bump_builder", {"left": -0.3, "right": 0.3, "steepness": 100.0}, "mse", lambda v: f"to about {v:.3f}"),
    ("bump_builder", {"left": 0.5, "right": -0.5}, "mse", lambda v: f"to about {v:.2f}"),
    ("bump_challenge", {"h1": 0.23, "h2": 0.15, "h3": 0.44, "h4": 0.21, "h5": 0.74}, "error",
     lambda v: f"error of about {v:.2f}"),
    ("bump_challenge", {"steepness": 20.0, "h1": 0.23, "h2": 0.15, "h3": 0.44, "h4": 0.21, "h5": 0.74}, "error",
     lambda v: f"to about {v:.2f}"),
    ("bump_builder", {"left": -0.3, "right": 0.3, "steepness": 11.0}, "mse", lambda v: f"$w = 11$, error {v:.4f}"),
    ("bump_tower", {"s": 1.5}, "stands", lambda v: "*a tower*" if v else "??"),
    ("bump_tower", {"s": 1.5}, "bias", lambda v: f"(bias $b = {v:g}$)"),
    ("bump_tower", {"s": 1.0}, "outside", lambda v: f"step point and show about {v:.2f}"),
    ("bump_tower", {"s": 1.0}, "stands", lambda v: "no tower" if not v else "??"),
    ("bump_tower", {"s": 2.0}, "centre", lambda v: f"centre does and shows about {v:.2f}"),
    ("bump_tower", {"s": 1.5, "w": 3.0}, "centre", lambda v: f"centre is about {v:.2f}"),
    ("bump_tower", {"s": 1.5, "w": 3.0}, "outside", lambda v: f"arms about {v:.2f}"),
    ("bump_tower", {"s": 1.5, "w": 3.0}, "bias", lambda v: f"= {v:g}$"),
]


def test_a_moderate_weight_fits_the_smooth_hump_best():
    """Answer 2 of the bump builder names w = 11 as the best weight for the step points ±0.3: no other whole w on
    the slider (1 to 100) gives a smaller error."""
    e = widgets.bump_builder()
    errors = {}
    for w in range(1, 101):
        e.set(left=-0.3, right=0.3, steepness=float(w))
        errors[w] = e.state["mse"]
    assert min(errors, key=errors.get) == 11


START_CASES = [
    ("bump_builder", "mse", lambda v: f"(error {v:.4f})"),
    ("bump_challenge", "error", lambda v: f"(error {v:.2f})"),
    ("bump_tower", "stands", lambda v: "a cross, not a tower" if not v else "??"),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)


def test_the_fix_up_prose_quotes_its_output():
    """The passage on the steps' imperfection quotes the numbers its code cell printed: the windows' widths, the
    gap away from the step points, the gap that no weight removes, and the fix-up's gaps and neuron counts."""
    nb = json.loads((Path(__file__).resolve().parent.parent / "book" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8"))
    cells = {c.get("id"): c for c in nb["cells"]}
    out = "".join("".join(o.get("text", "")) for o in cells["c4f1e0a2"]["outputs"])
    prose = "".join(cells["c4f1e0a3"]["source"])
    widths = re.findall(r"over a width of ([\d.]+)", out)
    away = [float(a) for a in re.findall(r"([\d.]+) away from the step points", out)]
    gaps = set(re.findall(r"largest gap ([\d.]+), [\d.]+ away", out))
    fixed = dict(re.findall(r"(\d) x  8 pieces, \d+ hidden neurons: largest gap ([\d.]+)", out))
    neurons = dict(re.findall(r"(\d x +\d+) pieces, (\d+) hidden", out))
    assert len(widths) == 3 and f"({widths[0]}, {widths[1]} and {widths[2]} of the range" in prose
    assert f"from {away[0]:.2f} to {away[1]:.3f} to below 0.0001" in prose and away[2] < 0.0001
    assert gaps == {"0.58"} and "0.58 off the staircase" in prose
    assert f"from {fixed['1']} to {fixed['2']} with two copies and to {fixed['4']} with four" in prose
    assert f"32 plain pieces ({neurons['1 x 32']} neurons)" in prose and f"four copies of 8 ({neurons['4 x  8']})" in prose
