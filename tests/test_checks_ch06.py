"""The chapter 6 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch06 as check
from checkhelp import run, stub


def test_gradient_step_reference(capsys):
    ok, out = run(capsys, check.gradient_step, lambda w, g, lr: w - lr * g)
    assert ok and out.startswith("Pass:")


def in_place(w, g, lr):
    w -= lr * g
    return w


@pytest.mark.parametrize("wrong, words", [
    (lambda w, g, lr: w + lr * g, "sign error"),
    (lambda w, g, lr: w - g, "learning rate is missing"),
    (lambda w, g, lr: -lr * g, "only the step"),
    (lambda w, g, lr: w - g / lr, "do not divide"),
    (in_place, "in place"),
    (lambda w, g, lr: (w - lr * g)[:2], "expected (3,)"),
    (lambda w, g, lr: w - lr * g * 2, "= w - lr * grad"),
])
def test_gradient_step_hints(capsys, wrong, words):
    ok, out = run(capsys, check.gradient_step, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_max_stable_lr_reference(capsys):
    ok, out = run(capsys, check.max_stable_lr, lambda a: 2.0 / a)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda a: 1.0 / a, "fastest rate"),
    (lambda a: a / 2.0, "denominator"),
    (lambda a: 2.0 * a, "denominator"),
    (lambda a: 1.0 / (2.0 * a), "too small"),
    (lambda a: -2.0 / a, "positive"),
    (lambda a: 1.5 / a, "still converges"),
    (lambda a: 3.0 / a, "already diverges"),
    (lambda a: "two over a", "one number"),
])
def test_max_stable_lr_hints(capsys, wrong, words):
    ok, out = run(capsys, check.max_stable_lr, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def momentum_reference(w, v, g, lr, beta):
    v = beta * v + g
    return w - lr * v, v


def test_momentum_step_reference(capsys):
    ok, out = run(capsys, check.momentum_step, momentum_reference)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda w, v, g, lr, b: (w + (b * v - lr * g), b * v - lr * g), "other convention"),
    (lambda w, v, g, lr, b: (w - lr * v, b * v + g), "old velocity"),
    (lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g), "sign error"),
    (lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), "damped form"),
    (lambda w, v, g, lr, b: (w - lr * (v + g), v + g), "beta is missing"),
    (lambda w, v, g, lr, b: (w - lr * (b * g + v), b * g + v), "not the gradient"),
    (lambda w, v, g, lr, b: w - lr * (b * v + g), "return a pair"),
])
def test_momentum_step_hints(capsys, wrong, words):
    ok, out = run(capsys, check.momentum_step, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name", ["gradient_step", "max_stable_lr", "momentum_step"])
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

CHAPTER = "06_gradient_descent"

ANSWER_CASES = [
    ("gradient_descent_explorer", {"lr": 0.19}, "final_loss", lambda v: f"the loss is about {v:.2f}"),
    ("gradient_descent_explorer", {"lr": 0.19}, "verdict", lambda v: f"says *{v}*"),
    ("gradient_descent_explorer", {"lr": 0.21}, "final_loss", lambda v: f"about {round(v, -1):.0f} after 20"),
    ("gradient_descent_explorer", {"lr": 0.21}, "verdict", lambda v: f"says *{v}*"),
    ("gradient_descent_explorer", {"lr": 0.01}, "verdict", lambda v: f"*{v}*"),
    ("gradient_descent_explorer", {"lr": 0.01}, "final_loss", lambda v: f"still about {v:.1f}"),
    ("gradient_descent_explorer", {"lr": 0.01, "steps": 60}, "final_loss", lambda v: f"about {v:.2f}"),
    ("gradient_descent_explorer", {"momentum": 0.5}, "final_loss", lambda v: f"about {v:.6f}"),
    ("gradient_descent_explorer", {"momentum": 0.95}, "final_loss", lambda v: f"about {v:.1f}"),
    ("gradient_descent_explorer", {"surface": "two valleys"}, "final_loss", lambda v: f"about −{-v:.2f}"),
    ("gradient_descent_explorer", {"surface": "two valleys", "momentum": 0.8}, "final_loss",
     lambda v: f"about −{-v:.2f}"),
    ("gradient_descent_explorer", {"surface": "two valleys", "lr": 0.05, "momentum": 0.95, "steps": 60}, "valley",
     lambda v: f"ends up in the {v.replace('shallower', 'shallow')} valley"),
]


START_CASES = [
    ("gradient_descent_explorer", "final_loss", lambda v: f"final loss {v:.3f}"),
    ("gradient_descent_explorer", "verdict", lambda v: f"no momentum: {v}, "),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
