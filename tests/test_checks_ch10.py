"""The chapter 10 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch10 as check
from checkhelp import run, stub


def good_init(fan_in, fan_out, rng):
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=(fan_out, fan_in))


def test_scaled_init_reference(capsys):
    ok, out = run(capsys, check.scaled_init, good_init)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda i, o, rng: good_init(i, o, rng).T, "(out, in)"),
    (lambda i, o, rng: rng.uniform(-1 / np.sqrt(o), 1 / np.sqrt(o), size=(o, i)), "INPUTS"),
    (lambda i, o, rng: rng.uniform(-1 / i, 1 / i, size=(o, i)), "square root"),
    (lambda i, o, rng: rng.normal(0, 1 / np.sqrt(i), size=(o, i)), "uniformly"),
    (lambda i, o, rng: rng.uniform(0, 1 / np.sqrt(i), size=(o, i)), ">= 0"),
    (lambda i, o, rng: np.zeros((o, i)), "every weight is 0"),
    (lambda i, o, rng: np.full((o, i), 0.01), "every entry is 0.0100"),
    (lambda i, o, rng: np.random.uniform(-1 / np.sqrt(i), 1 / np.sqrt(i), size=(o, i)), "not np.random"),
    (lambda i, o, rng: np.random.default_rng().uniform(-1 / np.sqrt(i), 1 / np.sqrt(i), size=(o, i)),
     "not np.random"),
    (lambda i, o, rng: np.random.default_rng(5).uniform(-1 / np.sqrt(i), 1 / np.sqrt(i), size=(o, i)), "rng you are given"),
    (lambda i, o, rng: rng.uniform(-0.5 / np.sqrt(i), 0.5 / np.sqrt(i), size=(o, i)), "whole interval"),
    # the bound for Var(w) = 1/fan_in; it used to be blamed on fan_out (then 100, so 1/sqrt(fan_out) = 0.1)
    (lambda i, o, rng: rng.uniform(-np.sqrt(3 / i), np.sqrt(3 / i), size=(o, i)), "sqrt(3/fan_in)"),
    (lambda i, o, rng: rng.uniform(-2 / np.sqrt(i), 2 / np.sqrt(i), size=(o, i)), "above the bound"),
    (lambda i, o, rng: good_init(i, o, rng)[:5], "expected (fan_out, fan_in)"),
])
def test_scaled_init_hints(capsys, wrong, words):
    ok, out = run(capsys, check.scaled_init, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def smooth_best(h, window):
    v = np.asarray(h["val_loss"], dtype=float)
    return int(np.argmin([v[max(0, e - window + 1):e + 1].mean() for e in range(len(v))])) + 1


def centred_best(h, window):
    v = np.asarray(h["val_loss"], dtype=float)
    half = window // 2
    return int(np.argmin([v[max(0, e - half):e + half + 1].mean() for e in range(len(v))])) + 1


def test_best_epoch_reference(capsys):
    ok, out = run(capsys, check.best_epoch, smooth_best)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda h, w: smooth_best(h, w) - 1, "0-based"),
    (centred_best, "trailing window"),
    (lambda h, w: int(np.argmin(h["val_loss"])) + 1, "one-epoch dip"),
    (lambda h, w: int(np.argmin(np.convolve(h["val_loss"], np.ones(w) / w, mode="valid"))) + 1, "mode 'valid'"),
    (lambda h, w: int(np.argmin(h["loss"])) + 1, "training loss"),
    (lambda h, w: int(np.argmax(h["val_loss"])) + 1, "np.argmin"),
    (lambda h, w: min(h["val_loss"]), "a loss value"),
    (lambda h, w: 5, "expected 3"),
    (lambda h, w: None, "an int"),
])
def test_best_epoch_hints(capsys, wrong, words):
    ok, out = run(capsys, check.best_epoch, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def good_split(X, y, frac, rng):
    order = rng.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def separate_perms(X, y, frac, rng):
    a, b = rng.permutation(len(X)), rng.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[a[k:]], X[a[:k]], y[b[k:]], y[b[:k]]


def no_shuffle(X, y, frac, rng):
    k = int(round(frac * len(X)))
    return X[:-k], X[-k:], y[:-k], y[-k:]


def overlapping(X, y, frac, rng):
    a, b = rng.permutation(len(X)), rng.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[a[k:]], X[b[:k]], y[a[k:]], y[b[:k]]


def swapped(X, y, frac, rng):
    Xt, Xv, yt, yv = good_split(X, y, frac, rng)
    return Xv, Xt, yv, yt


def test_split_reference(capsys):
    ok, out = run(capsys, check.split, good_split)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (separate_perms, "SAME permutation"),
    (no_shuffle, "Shuffle first"),
    (overlapping, "appear twice"),
    (swapped, "other way round"),
    (lambda X, y, f, rng: good_split(X, y, 0.3, rng), "expected 40 and 10"),
    (lambda X, y, f, rng: (X, y), "four arrays"),
])
def test_split_hints(capsys, wrong, words):
    ok, out = run(capsys, check.split, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def global_permutation(X, y, frac, rng):
    """The typical slip: numpy's global generator instead of the rng argument."""
    order = np.random.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def own_generator(X, y, frac, rng):
    order = np.random.default_rng(42).permutation(len(X))
    k = int(round(frac * len(X)))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def touches_rng_but_fixed(X, y, frac, rng):
    rng.random()                                   # uses the rng, but the split does not depend on it
    return own_generator(X, y, frac, rng)


def rng_then_global(X, y, frac, rng):
    order = rng.permutation(len(X))
    np.random.shuffle(order)                       # a second, unseeded shuffle on top
    k = int(round(frac * len(X)))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def rng_choice(X, y, frac, rng):
    k = int(round(frac * len(X)))
    order = rng.choice(len(X), size=len(X), replace=False)
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def shuffled_arange(X, y, frac, rng):
    order = np.arange(len(X))
    rng.shuffle(order)                             # the same draw as rng.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]


def validation_at_the_end(X, y, frac, rng):
    order = rng.permutation(len(X))
    k = int(round(frac * len(X)))
    return X[order[:-k]], X[order[-k:]], y[order[:-k]], y[order[-k:]]


@pytest.mark.parametrize("right", [shuffled_arange, validation_at_the_end])
def test_split_accepts_other_cuts_of_the_same_permutation(capsys, right):
    ok, out = run(capsys, check.split, right)
    assert ok and out.startswith("Pass:"), out


@pytest.mark.parametrize("wrong, words", [
    (global_permutation, "np.random.permutation draws from numpy's global generator"),
    (own_generator, "rng you were given was never used"),
    (touches_rng_but_fixed, "different seeds gave the same split"),
    (rng_then_global, "same seed gave different splits"),
    (rng_choice, "not one permutation cut in two"),
])
def test_split_must_use_the_given_rng(capsys, wrong, words):
    np.random.seed(0)                              # even a seeded global generator is not the rng passed in
    ok, out = run(capsys, check.split, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out
    assert "rng.permutation(len(X))" in out or "rng.permutation" in out


def test_split_reference_is_reproducible(capsys):
    """The chapter's reference solution gives one split per seed: what a learner relies on to repeat a run."""
    def reference(X, y, val_fraction, rng):
        order = rng.permutation(len(X))
        n_val = int(round(val_fraction * len(X)))
        val, train = order[:n_val], order[n_val:]
        return X[train], X[val], y[train], y[val]
    ok, out = run(capsys, check.split, reference)
    assert ok and "same seed, same split" in out, out


@pytest.mark.parametrize("name", ["scaled_init", "best_epoch", "split"])
def test_stub_gets_hint_and_stops(capsys, name):
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out
