"""The chapter 5 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch05 as check
from checkhelp import run, stub


def test_mse_reference(capsys):
    ok, out = run(capsys, check.mse, lambda p, t: float(np.mean((p - t) ** 2)))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda p, t: np.mean(p - t), "square each error first"),
    (lambda p, t: np.mean(np.abs(p - t)), "mean absolute error"),
    (lambda p, t: np.sum((p - t) ** 2), "sum of squared errors"),
    (lambda p, t: np.sqrt(np.mean((p - t) ** 2)), "square root"),
    (lambda p, t: np.sum((p - t) ** 2) / len(p), "number of rows"),
    (lambda p, t: np.mean(p - t) ** 2, "squares the mean error"),
    (lambda p, t: np.mean((p - t) ** 2) / 2, "half the MSE"),
    (lambda p, t: np.mean((p - t) ** 2, axis=0), "array of shape (2,)"),
    (lambda p, t: (p - t) ** 3, "array of shape"),
    (lambda p, t: "0.5", "Not yet:"),
])
def test_mse_hints(capsys, wrong, words):
    ok, out = run(capsys, check.mse, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def bce_reference(p, y):
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def test_bce_reference(capsys):
    ok, out = run(capsys, check.bce, bce_reference)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda p, y: -bce_reference(p, y), "minus sign"),
    (lambda p, y: np.mean(-(y * np.log(p))), "add (1 - y) log(1 - p)"),
    (lambda p, y: np.mean(-((1 - y) * np.log(1 - p))), "add y log p"),
    (lambda p, y: bce_reference(p, y) * len(p), "take the mean"),
    (lambda p, y: np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p))), "np.log"),
    (lambda p, y: np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p))), "swapped"),
    (lambda p, y: np.mean(-(y * np.log(p) + (1 - y) * np.log(p))), "both terms use log p"),
    (lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)), "array of shape"),
])
def test_bce_hints(capsys, wrong, words):
    ok, out = run(capsys, check.bce, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def log_softmax_reference(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def test_log_softmax_reference(capsys):
    ok, out = run(capsys, check.log_softmax, log_softmax_reference)
    assert ok and out.startswith("Pass:")


def global_max(z):
    s = z - z.max()
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def log_of_shifted_softmax(z):
    """The likeliest wrong answer: subtract the maximum (right), then take the log of the probabilities."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return np.log(e / e.sum(axis=1, keepdims=True))


def log_of_naive_softmax(z):
    return np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))


def test_log_of_shifted_softmax_is_told_about_log_zero_not_the_maximum(capsys):
    """The learner did subtract the maximum: the hint must name log(0), and must not tell them to subtract it."""
    with np.errstate(all="ignore"):
        ok, out = run(capsys, check.log_softmax, log_of_shifted_softmax)
    assert not ok and out.startswith("Not yet:"), out
    assert "log(0) = -inf" in out and "Subtracting the row maximum was right" in out, out
    assert "overflows at large logits" not in out and "Subtract each row's largest logit" not in out, out


@pytest.mark.parametrize("wrong, words", [
    (lambda z: z - np.log(np.exp(z).sum(axis=1, keepdims=True)), "overflows to inf"),
    (log_of_naive_softmax, "underflows to 0"),
    (global_max, "each row's own maximum"),
    (lambda z: np.exp(log_softmax_reference(z)), "not their logs"),
    (lambda z: (z - z.max(axis=0)) - np.log(np.exp(z - z.max(axis=0)).sum(axis=0)), "wrong axis"),
    (lambda z: z - z.max(axis=1, keepdims=True), "only the shifted logits"),
    (lambda z: -log_softmax_reference(z), "sign is flipped"),
    (lambda z: log_softmax_reference(z)[:, 0], "keepdims"),
    (lambda z: log_softmax_reference(z) + 1, "sum to 1"),
    # max and sum without keepdims: (N,) cannot be taken from (N, K)
    (lambda z: (z - z.max(axis=1)[:, None]) - np.log(np.exp(z - z.max(axis=1)[:, None]).sum(axis=1)),
     "pass keepdims=True"),
    # shifted inside the exp only: off by each row's maximum
    (lambda z: z - np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)),
     "off by each row's maximum"),
])
def test_log_softmax_hints(capsys, wrong, words):
    with np.errstate(all="ignore"):
        ok, out = run(capsys, check.log_softmax, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def ce_reference(z, c):
    return float(-log_softmax_reference(z)[np.arange(len(z)), c].mean())


def test_cross_entropy_reference(capsys):
    ok, out = run(capsys, check.cross_entropy, ce_reference)
    assert ok and out.startswith("Pass:")


def stable_probs(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def naive_ce(z, c):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(-np.log(p[np.arange(len(z)), c]).mean())


@pytest.mark.parametrize("wrong, words", [
    (lambda z, c: -ce_reference(z, c), "wrong sign"),
    (lambda z, c: ce_reference(z, c) * len(z), "take the mean"),
    (lambda z, c: float(-log_softmax_reference(z)[:, c].mean()), "np.arange(N), classes"),
    (lambda z, c: float(-log_softmax_reference(z).mean()), "correct class of each row"),
    (lambda z, c: -log_softmax_reference(z)[np.arange(len(z)), c], "array of shape"),
    (naive_ce, "overflowed"),
    (lambda z, c: float(-np.log(stable_probs(z)[np.arange(len(z)), c]).mean()), "-log(0) = inf"),
])
def test_cross_entropy_hints(capsys, wrong, words):
    with np.errstate(all="ignore"):
        ok, out = run(capsys, check.cross_entropy, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name", ["mse", "bce", "log_softmax", "cross_entropy"])
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

CHAPTER = "05_loss"

ANSWER_CASES = [
    ("loss_explorer", {"z": 0.0}, "mse", lambda v: f"= {v:g}$"),
    ("loss_explorer", {"z": 0.0}, "bce", lambda v: f"\\approx {v:.3f}"),
    ("loss_explorer", {"z": -6.0}, "mse", lambda v: f"\\approx {v:.3f}"),
    ("loss_explorer", {"z": -6.0}, "bce", lambda v: f"\\approx {v:.1f}"),
    ("loss_explorer", {"z": 2.0, "target": 0}, "mse", lambda v: f"\\approx {v:.3f}"),
    ("loss_explorer", {"z": 2.0, "target": 0}, "bce", lambda v: f"\\approx {v:.3f}"),
]


START_CASES = [
    ("loss_explorer", "p", lambda v: f"$p = {v:.2f}$"),
    ("loss_explorer", "mse", lambda v: f"MSE {v:.3f}"),
    ("loss_explorer", "bce", lambda v: f"BCE {v:.3f}"),
]


test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts = explorer_answer_tests(
    CHAPTER, ANSWER_CASES, START_CASES)
