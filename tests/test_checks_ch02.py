"""The chapter 2 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch02 as check
from checkhelp import run, stub


def test_fires_reference(capsys):
    ok, out = run(capsys, check.fires, lambda x, w, b, theta: bool(np.dot(w, x) + b >= theta))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda x, w, b, theta: bool(np.dot(w, x) + b > theta), "use >= rather than >"),
    (lambda x, w, b, theta: bool(np.dot(w, x) + b >= -theta), "sign of theta"),
    (lambda x, w, b, theta: bool(np.dot(w, x) >= theta), "add the bias"),
    (lambda x, w, b, theta: bool(np.dot(w, x) - b >= theta), "added, not subtracted"),
    (lambda x, w, b, theta: np.dot(w, x) + b, "True or False"),
    (lambda x, w, b, theta: w * x + b >= theta, "array of shape"),
    (lambda x, w, b, theta: bool(np.dot(w, x) + b >= 0), "compare z with theta, not with 0"),  # passed before
])
def test_fires_hints(capsys, wrong, words):
    ok, out = run(capsys, check.fires, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name, w, b", [("AND", [1, 1], -1.5), ("OR", [1, 1], -0.5), ("NAND", [-1, -1], 1.5)])
def test_gate_reference(capsys, name, w, b):
    ok, out = run(capsys, check.gate, name, w, b)
    assert ok and out.startswith("Pass:")


def test_gate_hints(capsys):
    ok, out = run(capsys, check.gate, "OR", [1, 1], -1.5)
    assert not ok and "x = [0, 1] gives z = -0.5" in out and "raise the bias" in out
    ok, out = run(capsys, check.gate, "NAND", [1, 1], -1.5)
    assert not ok and "negatives of your AND" in out
    ok, out = run(capsys, check.gate, "OR", [1, 1], 0.0)           # z = 0 at [0, 0] fires: lower, not raise
    assert not ok and "x = [0, 0] gives z = 0 and fires" in out and "lower the bias" in out, out
    ok, out = run(capsys, check.gate, "NAND", [-1, -1], -1.5)      # weights flipped, bias not
    assert not ok and "the bias is not" in out, out
    ok, out = run(capsys, check.gate, "NAND", [-1, -1], 2.5)       # signs right, bias too high: [1, 1] fires
    assert not ok and "x = [1, 1] gives z = 0.5 and fires" in out and "lower the bias" in out, out
    ok, out = run(capsys, check.gate, "NAND", [-1, -1], 0.5)       # bias too low: [0, 1] stays silent
    assert not ok and "raise the bias" in out, out
    ok, out = run(capsys, check.gate, "AND", [1, 1], -0.5)          # that is OR: [0, 1] fires
    assert not ok and "lower the bias" in out, out
    ok, out = run(capsys, check.gate, "XOR", [1, 1], -0.5)
    assert not ok and "impossible" in out
    ok, out = run(capsys, check.gate, "OR", [1, 1, 1], 0)
    assert not ok and "two numbers" in out


def reference_update(w, b, x, target, lr):
    prediction = 1.0 if np.dot(w, x) + b >= 0 else 0.0
    error = target - prediction
    return w + lr * error * x, b + lr * error


def test_perceptron_update_reference(capsys):
    ok, out = run(capsys, check.perceptron_update, reference_update)
    assert ok and out.startswith("Pass:")


def flipped(w, b, x, target, lr):
    prediction = 1.0 if np.dot(w, x) + b >= 0 else 0.0
    error = prediction - target
    return w + lr * error * x, b + lr * error


def no_bias(w, b, x, target, lr):
    return reference_update(w, b, x, target, lr)[0], b


def no_input(w, b, x, target, lr):
    prediction = 1.0 if np.dot(w, x) + b >= 0 else 0.0
    error = target - prediction
    return w + lr * error, b + lr * error


def always(w, b, x, target, lr):
    return w + lr * (2 * target - 1) * x, b + lr * (2 * target - 1)


def strict(w, b, x, target, lr):
    """Treats z = 0 as silent: the likeliest slip after chapter 1."""
    prediction = 1.0 if np.dot(w, x) + b > 0 else 0.0
    error = target - prediction
    return w + lr * error * x, b + lr * error


def unchanged(w, b, x, target, lr):
    return w, b


def no_lr(w, b, x, target, lr):
    prediction = 1.0 if np.dot(w, x) + b >= 0 else 0.0
    return w + (target - prediction) * x, b + (target - prediction)


def bias_times_inputs(w, b, x, target, lr):
    """Moves the bias by lr * error * sum(x): passed before, when every wrong case had inputs adding up to 1."""
    prediction = 1.0 if np.dot(w, x) + b >= 0 else 0.0
    return w + lr * (target - prediction) * x, b + lr * (target - prediction) * np.sum(x)


def target_only(w, b, x, target, lr):
    """tests/grading_wrong_answers.py's ch02 answer: moves by the target, so a false 1 is never corrected."""
    return w + lr * target * x, b + lr * target


@pytest.mark.parametrize("wrong, words", [
    (unchanged, "your code left them unchanged"), (bias_times_inputs, "the bias moves by lr * error alone"), (no_lr, "multiply the change by the learning rate"),
    (target_only, "the neuron answers 1 but the target is 0, so error = target - prediction = -1"),
    (strict, "use >= 0, not > 0"),
    (flipped, "Sign error"), (no_bias, "bias did not change"), (no_input, "multiply by the input"),
    (always, "nothing should change"),
])
def test_perceptron_update_hints(capsys, wrong, words):
    ok, out = run(capsys, check.perceptron_update, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name", ["fires", "perceptron_update"])
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

CHAPTER = "02_firing"

ANSWER_CASES = [
    ("lif_explorer", {"I": 1.5}, "count", lambda v: f"reaches it: {v} spikes"),
    ("lif_explorer", {"I": 1.55}, "rate", lambda v: f"at 1.55 nA it fires {v:.0f} times a second"),
    ("lif_explorer", {"θ": -45.0}, "fires", lambda v: "It falls silent" if not v else "??"),
    ("lif_explorer", {"θ": -45.0}, "threshold_current", lambda v: f"threshold current by $5/R = 0.5$ nA, to {v:g} nA"),
    ("lif_explorer", {"tau": 20.0}, "rate", lambda v: f"Less often: {v:.0f} times a second"),
    ("lif_explorer", {"tau": 20.0}, "rate", lambda v: f"= {v:.1f}$ Hz"),
    ("lif_explorer", {"tau": 20.0}, "v_inf", lambda v: f"it stays at ${v:g}$ mV"),
    ("gate_explorer", {"b": -0.5}, "n_correct", lambda v: f"{v} of 4 correct"),
    ("gate_explorer", {"w2": 0.0}, "n_correct", lambda v: f"({v} of 4 correct)"),
]


START_CASES = [
    ("lif_explorer", "rate", lambda v: f"(the neuron fires {v:.0f} times a second)"),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
