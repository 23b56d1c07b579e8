"""The chapter 3 checks: the reference solutions pass, typical mistakes get their specific hint."""
import math

import numpy as np
import pytest

from nnlib.checks import ch03 as check
from checkhelp import run, stub


def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def test_sigmoid_reference(capsys):
    ok, out = run(capsys, check.sigmoid, stable_sigmoid)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda z: 1 / (1 + np.exp(-z)), "overflows"),
    (lambda z: 1 / (1 + np.exp(z)), "mirrored"),
    (lambda z: np.tanh(z), "expected"),
    # both branches of np.where are computed for every z: right numbers, but exp overflows on the way
    (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))), "BOTH branches"),
    # np.where's branches swapped: sigmoid(-z)
    (lambda z: np.where(z >= 0, np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))), 1 / (1 + np.exp(-np.abs(z)))),
     "1 / (1 + e) belongs to z >= 0"),
    (lambda z: 1 / (1 + np.exp(-np.abs(z))), "negative z got sigmoid(|z|)"),      # no np.where at all
    (lambda z: 1 / (1 + math.exp(-z)), "Use np.exp"),
])
def test_sigmoid_hints(capsys, wrong, words):
    ok, out = run(capsys, check.sigmoid, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_sigmoid_derivative(capsys):
    ok, out = run(capsys, check.sigmoid_derivative, lambda z: stable_sigmoid(z) * (1 - stable_sigmoid(z)))
    assert ok and "0.2500" in out
    for wrong, words in [(lambda z: z * (1 - z), "z in place of s"),
                         (lambda z: stable_sigmoid(z) * (1 + stable_sigmoid(z)), "check the sign"),
                         (stable_sigmoid, "sigmoid(z) itself"),
                         (lambda z: 1 - stable_sigmoid(z) ** 2, "tanh's derivative"),
                         # right in exact arithmetic, but exp(800) overflows: inf / inf = nan at z = -800
                         (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "overflows for large |z|"),
                         (lambda z: np.exp(z) / (1 + np.exp(z)) ** 2, "overflows for large |z|")]:
        ok, out = run(capsys, check.sigmoid_derivative, wrong)
        assert not ok and words in out, out


def test_relu_derivative(capsys):
    ok, out = run(capsys, check.relu_derivative, lambda z: (np.asarray(z) > 0).astype(float))
    assert ok and out.startswith("Pass:")
    for wrong, words in [(lambda z: np.maximum(z, 0), "relu(z) itself"),
                         (lambda z: (np.asarray(z) >= 0).astype(float), "not z >= 0"),
                         (lambda z: 1.0, "shape"),
                         (np.sign, "slope is 0, not -1")]:
        ok, out = run(capsys, check.relu_derivative, wrong)
        assert not ok and words in out, out


def good_softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def shifted_softmax(shift):
    """A softmax that subtracts each row's ``shift`` (np.min, np.mean) instead of its maximum."""
    def softmax(z):
        z = np.asarray(z, dtype=float)
        e = np.exp(z - shift(z, axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return softmax


def test_softmax(capsys):
    ok, out = run(capsys, check.softmax, good_softmax)
    assert ok and out.startswith("Pass:")
    for wrong, words in [(lambda z: np.exp(z) / np.exp(z).sum(), "overflows"),
                         (lambda z: np.exp(z), "divide by the sum"),
                         (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "axis=-1"),
                         # shifted, but not by the maximum: these passed before (no test had logits spread apart)
                         (shifted_softmax(np.min), "not the minimum or the mean"),
                         (shifted_softmax(np.mean), "not the minimum or the mean"),
                         ]:
        ok, out = run(capsys, check.softmax, wrong)
        assert not ok and words in out, out


def global_max_softmax(z):
    """Subtracts ONE maximum for the whole batch: right for one vector, nan for rows of different scale."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_rejects_global_max(capsys):
    ok, out = run(capsys, check.softmax, global_max_softmax)
    assert not ok and out.startswith("Not yet:") and "each row's own maximum" in out, out
    # the learner's wrong answer really fails on such a batch: the small row comes back as nan
    with np.errstate(all="ignore"):
        assert np.isnan(global_max_softmax(np.array([[1000.0, 1001.0, 1002.0], [1.0, 2.0, 3.0]]))[1]).all()


def test_compose_reference(capsys):
    ok, out = run(capsys, check.compose, lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1 + b2))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, blamed, words", [
    # the bias is wrong and W is right: the hint must say so, and must not blame W
    (lambda W1, b1, W2, b2: (W2 @ W1, b2), "b", "only b2"),
    (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1), "b", "add the second layer's own bias"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 + b2), "b", "b1 passes through the second layer's weights"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 @ W2 + b2), "b", "W2 transposed"),
    (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ (b1 + b2)), "b", "b2 is added after W2"),
    # W is wrong and the bias is right
    (lambda W1, b1, W2, b2: (W1 @ W2, W2 @ b1 + b2), "W", "W = W2 @ W1"),
    (lambda W1, b1, W2, b2: ((W2 @ W1).T, W2 @ b1 + b2), "W", "transposed"),
    (lambda W1, b1, W2, b2: (W2 * W1, W2 @ b1 + b2), "W", "entry by entry"),
    # both wrong
    (lambda W1, b1, W2, b2: (W1 @ W2, b2), "both", "only b2"),
])
def test_compose_names_the_wrong_part(capsys, wrong, blamed, words):
    ok, out = run(capsys, check.compose, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out
    if blamed == "b":
        assert "W is right" in out and "W = W2 @ W1" not in out, out
    elif blamed == "W":
        assert "b is right" in out, out
    else:
        assert "both parts are off" in out and "W = W2 @ W1" in out, out


def test_compose_right_for_equal_sizes_only(capsys):
    """Right when every size is 3, failing for other sizes (here a hard-coded 3): the hint says which product."""
    ok, out = run(capsys, check.compose, lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1[:3] + b2))
    assert not ok and "With all sizes 3 your answer was right" in out and "W2 @ b1, (2, 4) @ (4,)" in out, out


def test_compose_not_a_pair(capsys):
    ok, out = run(capsys, check.compose, lambda W1, b1, W2, b2: W2 @ W1)
    assert not ok and "pair" in out, out


@pytest.mark.parametrize("name", ["sigmoid", "sigmoid_derivative", "relu_derivative", "softmax", "compose"])
def test_stub_gets_hint_and_stops(capsys, name):
    """A stub's NotImplementedError gets the stub hint, then goes through so a learner copy stops there."""
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out


# The folded answers to the chapter's "Predict, then move the slider" quote what the explorer shows: drive the
# explorer (its state comes from nnlib) to each question's settings and find the number, written as the answer
# writes it, in the chapter's answer fold.
from test_prompt_answers import explorer_answer_tests  # noqa: E402

CHAPTER = "03_activations"

ANSWER_CASES = [
    ("activation_explorer", {"w": 5.0}, "d0", lambda v: f"= {v:g}$"),
    ("activation_explorer", {"b": -5.0}, "f0", lambda v: f"\\approx {v:.4f}"),
    ("activation_explorer", {"name": "relu", "b": -1.0}, "d0", lambda v: f"slope exactly {v:.0f}"),
    ("activation_explorer", {"name": "leaky_relu", "b": -1.0}, "f0", lambda v: f"output ${v:g}$"),
    ("activation_explorer", {"name": "leaky_relu", "b": -1.0}, "d0", lambda v: f"slope ${v:g}$"),
]


START_CASES = [
    ("activation_explorer", "f0", lambda v: f"output {v:g}, "),
    ("activation_explorer", "d0", lambda v: f"slope {v:g})"),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
