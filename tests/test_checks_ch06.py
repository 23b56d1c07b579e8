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


@pytest.mark.parametrize("name", ["gradient_step", "max_stable_lr"])
def test_stub_gets_hint_and_stops(capsys, name):
    """A stub's NotImplementedError gets the stub hint, then goes through so a learner copy stops there."""
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out


# The folded answers to the chapter's "Predict, then move the slider" quote what the explorer shows: drive the
# explorer (its state comes from nnlib) to each question's settings and find the number, written as the answer
# writes it, in the chapter's answer fold.
from test_prompt_answers import answers, drive, explorer_answer_tests  # noqa: E402

CHAPTER = "06_gradient_descent"

ANSWER_CASES = [
    ("gradient_descent_explorer", {"lr": 0.19}, "final_loss", lambda v: f"the loss is about {v:.2f}"),
    ("gradient_descent_explorer", {"lr": 0.19}, "verdict", lambda v: f"says\n   *{v}*"),
    ("gradient_descent_explorer", {"lr": 0.21}, "final_loss", lambda v: f"about {round(v, -1):.0f} after 20"),
    ("gradient_descent_explorer", {"lr": 0.21}, "verdict", lambda v: f"says *{v}*"),
    ("gradient_descent_explorer", {"lr": 0.15}, "final_loss", lambda v: f"the loss is {v:.4f}"),
    ("gradient_descent_explorer", {"lr": 0.1}, "final_loss", lambda v: f"at 0.1 ({v:.3f})"),
    ("gradient_descent_explorer", {"lr": 0.17}, "final_loss", lambda v: f"near 0.17 the loss is about {v:.4f}"),
    ("gradient_descent_explorer", {"lr": 0.01}, "verdict", lambda v: f"*{v}*"),
    ("gradient_descent_explorer", {"lr": 0.01}, "final_loss", lambda v: f"still about {v:.1f}"),
    ("gradient_descent_explorer", {"lr": 0.01, "steps": 60}, "final_loss", lambda v: f"leave about {v:.2f}"),
]


def test_the_best_rate_of_the_three_is_the_one_the_answer_names():
    """Answer 2 says 0.15 beats 0.1 and 0.19, by about ten and 25 times, and that near 0.17 is lower still."""
    from nnlib import widgets
    loss = {lr: drive(widgets.gradient_descent_explorer(), lr=lr)["final_loss"] for lr in (0.1, 0.15, 0.17, 0.19)}
    assert loss[0.15] < min(loss[0.1], loss[0.19]) and loss[0.17] < loss[0.15], loss
    assert round(loss[0.1] / loss[0.15]) == 10 and round(loss[0.19] / loss[0.15]) == 25, loss
    fold, _ = answers(CHAPTER)
    assert "ten times lower than at 0.1" in fold and "25 times lower than at 0.19" in fold


START_CASES = [
    ("gradient_descent_explorer", "final_loss", lambda v: f"final loss {v:.3f}"),
    ("gradient_descent_explorer", "verdict", lambda v: f"no momentum: {v}, "),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
