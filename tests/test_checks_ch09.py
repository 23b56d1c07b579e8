"""The chapter 9 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch09 as check
from checkhelp import run, stub


def step(model, loss_fn, opt, xb, yb, mistake=None):
    if mistake != "no_zero":
        opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    if mistake == "step_first":
        opt.step()
    if mistake == "backward_of_loss":
        model.backward(loss)                   # the loss itself, not its gradient
    elif mistake != "no_backward":
        model.backward(loss_fn.backward())
    if mistake == "zero_late":
        opt.zero_grad()
    if mistake not in ("no_step", "step_first"):
        opt.step()
    if mistake == "step_twice":
        opt.step()
    if mistake == "loss_after":
        return loss_fn(model(xb), yb)
    if mistake == "no_return":
        return None
    return loss


def test_train_step_reference(capsys):
    ok, out = run(capsys, check.train_step, step)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("mistake, words", [
    ("no_zero", "zero_grad"),
    ("no_backward", "every gradient is zero"),
    ("zero_late", "every gradient is zero"),
    ("no_step", "optimizer.step()"),
    ("step_first", "optimizer.step()"),
    ("loss_after", "before the step"),
    ("no_return", "returned None"),
    ("backward_of_loss", "not the loss itself"),
    ("step_twice", "once per training step"),
])
def test_train_step_hints(capsys, mistake, words):
    ok, out = run(capsys, check.train_step, lambda *a: step(*a, mistake=mistake))
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_accuracy_reference(capsys):
    ok, out = run(capsys, check.accuracy_from_logits, lambda z, y: float(np.mean(z.argmax(axis=1) == y)))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda z, y: int(np.sum(z.argmax(axis=1) == y)), "divide"),
    (lambda z, y: 100 * np.mean(z.argmax(axis=1) == y), "percentage"),
    (lambda z, y: np.mean(z.argmax(axis=0) == y), "axis=1"),
    (lambda z, y: np.mean(z.argmin(axis=1) == y), "axis=1"),
    (lambda z, y: np.mean(z.max(axis=1) == y), "compare"),
])
def test_accuracy_hints(capsys, wrong, words):
    ok, out = run(capsys, check.accuracy_from_logits, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def good_cm(t, p, n):
    cm = np.zeros((n, n), dtype=int)
    np.add.at(cm, (t, p), 1)
    return cm


def fancy_cm(t, p, n):
    cm = np.zeros((n, n), dtype=int)
    cm[t, p] += 1
    return cm


def test_confusion_reference(capsys):
    ok, out = run(capsys, check.confusion_matrix, good_cm)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda t, p, n: good_cm(t, p, n).T, "transposed"),
    (fancy_cm, "np.add.at"),
    (lambda t, p, n: good_cm(t, p, int(max(t.max(), p.max())) + 1), "n_classes"),
    (lambda t, p, n: good_cm(t, p, n) / len(t), "fractions"),
    (lambda t, p, n: good_cm(p, t, n) * 0, "expected"),
    (lambda t, p, n: good_cm(t, p, n).astype(float), "dtype=int"),     # np.zeros((n, n)) is float by default
])
def test_confusion_hints(capsys, wrong, words):
    ok, out = run(capsys, check.confusion_matrix, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name", ["train_step", "accuracy_from_logits", "confusion_matrix"])
def test_stub_gets_hint_and_stops(capsys, name):
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out
