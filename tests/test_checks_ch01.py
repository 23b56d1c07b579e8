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
    (lambda X, w, b: nl.sigmoid(X * w + b), "shape (5, 3)"),
    (lambda X, w, b: nl.sigmoid(w @ X + b), "X @ w gives (N,)"),
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


@pytest.mark.parametrize("name", ["weighted_sum", "neuron_batch"])
def test_stub_gets_hint_and_stops(capsys, name):
    """A stub's NotImplementedError gets the stub hint, then goes through so a learner copy stops there."""
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out
