"""The chapter 7 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

import nnlib as nl
from nnlib.checks import ch07 as check
from checkhelp import run, stub


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
    (lambda w, v, g, lr, b: (w, v, g), "returned 3 values"),
])
def test_momentum_step_hints(capsys, wrong, words):
    ok, out = run(capsys, check.momentum_step, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def adam_reference(w, m, v, g, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    """The textbook form (Kingma & Ba), written independently of nnlib's: m_hat and v_hat, then the step."""
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def test_adam_reference_agrees_with_nl_adam_over_many_steps():
    """The check compares with nl.Adam; the textbook form above must be the same update (else the check is unfair)."""
    rng = np.random.default_rng(1)
    p = nl.Parameter(rng.normal(size=4))
    opt = nl.Adam([p], lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    w, m, v = p.data.copy(), np.zeros(4), np.zeros(4)
    for t in range(1, 31):
        g = rng.normal(size=4) * np.array([1e-5, 1e-2, 1.0, 100.0])
        p.grad[:] = g
        opt.step()
        w, m, v = adam_reference(w, m, v, g, t, 0.05, 0.8, 0.99, 1e-6)
        np.testing.assert_allclose(p.data, w, rtol=1e-12, atol=1e-14)


def test_adam_step_reference(capsys):
    ok, out = run(capsys, check.adam_step, adam_reference)
    assert ok and out.startswith("Pass:")


def adam_wrong(m_rule=None, v_rule=None, correct=True, t_shift=0, eps_inside=False, old=False, sign=1, order=None):
    """An Adam step with one typical mistake (the keyword names it)."""
    def step(w, m, v, g, t, lr, b1, b2, eps):
        new_m = m_rule(m, g, b1) if m_rule else b1 * m + (1 - b1) * g
        new_v = v_rule(v, g, b2) if v_rule else b2 * v + (1 - b2) * g ** 2
        use_m, use_v = (m, v) if old else (new_m, new_v)
        c1 = 1 - b1 ** (t + t_shift) if correct in (True, "m") else 1.0       # correct: True, False, "m" or "v"
        c2 = 1 - b2 ** (t + t_shift) if correct in (True, "v") else 1.0
        root = np.sqrt(use_v / c2 + eps) if eps_inside else np.sqrt(use_v / c2) + eps
        new_w = w - sign * lr * (use_m / c1) / root
        out = (new_w, new_m, new_v)
        return tuple(out[i] for i in order) if order else out
    return step


def adam_t_from_zero_python_floats(w, m, v, g, t, lr, b1, b2, eps):
    """t counted from 0, the corrections as Python floats: 1 / (1 - b1 ** (t - 1)) divides by zero at t = 1."""
    scale1, scale2 = 1 / (1 - b1 ** (t - 1)), 1 / (1 - b2 ** (t - 1))
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    return w - lr * m * scale1 / (np.sqrt(v * scale2) + eps), m, v


@pytest.mark.parametrize("wrong, words", [
    (adam_wrong(correct=False), "bias correction is missing"),
    (adam_wrong(correct="m"), "v needs its bias correction too"),
    (adam_wrong(correct="v"), "m needs its bias correction too"),
    (adam_wrong(v_rule=lambda v, g, b2: b2 * v + (1 - b2) * np.abs(g)), "squared gradient, grad ** 2"),
    (adam_wrong(t_shift=1), "counted from 1"),
    (adam_wrong(t_shift=-1), "not finite"),
    (adam_t_from_zero_python_floats, "never 0"),
    (adam_wrong(eps_inside=True), "eps goes outside the square root"),
    (adam_wrong(old=True), "passed in"),
    (adam_wrong(sign=-1), "sign error"),
    (adam_wrong(m_rule=lambda m, g, b1: b1 * m + g), "(1 - beta1) * grad"),
    (adam_wrong(v_rule=lambda v, g, b2: b2 * v + (1 - b2) * g), "SQUARED"),
    (adam_wrong(order=(0, 2, 1)), "in the wrong places"),
    (adam_wrong(order=(1, 0, 2)), "in the wrong places"),
    (lambda w, m, v, g, t, lr, b1, b2, eps: (w - lr * np.sign(g), m), "return the triple"),
    (lambda w, m, v, g, t, lr, b1, b2, eps: w - lr * np.sign(g), "return the triple"),
    (lambda w, m, v, g, t, lr, b1, b2, eps: (w[:2], m, v), "expected (3,)"),
])
def test_adam_step_hints(capsys, wrong, words):
    ok, out = run(capsys, check.adam_step, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_adam_step_eps_inside_fails_only_because_of_the_tiny_gradient(capsys):
    """The check needs its tiny third gradient to see eps inside the root: on the first two weights alone the two
    forms agree to 1e-6 (so the hint, not a tolerance accident, is what tells the learner)."""
    g = np.array([1.0, -20.0, 5e-5])
    right = adam_reference(np.zeros(3), np.zeros(3), np.zeros(3), g, 1, 0.1)[0]
    inside = adam_wrong(eps_inside=True)(np.zeros(3), np.zeros(3), np.zeros(3), g, 1, 0.1, 0.9, 0.999, 1e-8)[0]
    assert np.allclose(right[:2], inside[:2], atol=1e-6) and abs(right[2] - inside[2]) > 0.01


@pytest.mark.parametrize("name", ["momentum_step", "adam_step"])
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

CHAPTER = "07_momentum"
GD = "gradient_descent_explorer"
VALLEYS = {"surface": "two valleys"}

ANSWER_CASES = [
    (GD, {"momentum": 0.5}, "final_loss", lambda v: f"about {v:.6f}"),
    (GD, {"momentum": 0.5}, "verdict", lambda v: f"says\n   *{v}*"),
    (GD, {"momentum": 0.8}, "final_loss", lambda v: f"at 0.8 the loss after 20 steps is about {v:.3f}"),
    (GD, {"momentum": 0.95}, "final_loss", lambda v: f"at 0.95 it is about {v:.1f}"),
    (GD, {"lr": 0.02, "steps": 60}, "final_loss", lambda v: f"falls from {v:.2f}"),
    (GD, {"lr": 0.02, "steps": 60, "momentum": 0.8}, "final_loss", lambda v: f"to about {v:.6f}"),
    (GD, {"lr": 0.02, "steps": 60, "momentum": 0.5}, "final_loss", lambda v: f"With 0.5 it reaches about {v:.3f}"),
    (GD, {"lr": 0.02, "steps": 60, "momentum": 0.95}, "final_loss", lambda v: f"with 0.95 only about {v:.2f}"),
    (GD, VALLEYS, "valley", lambda v: f"The {v.replace('shallower', 'shallow')} one on the right"),
    (GD, VALLEYS, "final_loss", lambda v: f"loss about −{-v:.2f}; this surface"),
    (GD, {**VALLEYS, "lr": 0.3}, "valley", lambda v: "still stays" if v == "shallower" else "??"),
    (GD, {**VALLEYS, "lr": 0.5}, "valley", lambda v: f"ends in the {v} valley"),
    (GD, {**VALLEYS, "lr": 0.5}, "final_loss", lambda v: f"valley (about −{-v:.2f})"),
    (GD, {**VALLEYS, "lr": 0.8}, "verdict", lambda v: f"at 0.8 it {v}"),
    (GD, {**VALLEYS, "momentum": 0.5}, "valley", lambda v: f"momentum 0.5 still ends in the {v.replace('er', '')} valley"),
    (GD, {**VALLEYS, "momentum": 0.8}, "valley", lambda v: f"into the\n   {v} one"),
    (GD, {**VALLEYS, "momentum": 0.8}, "final_loss", lambda v: f"about −{-v:.2f} after 20 steps"),
    (GD, {**VALLEYS, "lr": 0.05, "momentum": 0.95, "steps": 60}, "valley",
     lambda v: f"ends up in the {v.replace('shallower', 'shallow')} valley again"),
]

START_CASES = [
    (GD, "final_loss", lambda v: f"final loss {v:.3f}"),
    (GD, "verdict", lambda v: f"no momentum: {v}, "),
]

test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
