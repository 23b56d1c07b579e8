"""Checks for chapter 9, "Training a network end to end": ``from nnlib.checks import ch09 as check``."""
import numpy as np

from ..layers import Linear, Sequential, Tanh
from ..losses import CrossEntropyLoss
from ..optim import SGD
from . import call, close, report


def _setup():
    rng = np.random.default_rng(8)
    X = np.round(rng.normal(size=(6, 3)), 2)
    y = np.array([0, 1, 1, 0, 1, 0])
    model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
    return model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X, y


def _reference_step(model, loss_fn, opt, X, y, zero=True, steps=1):
    if zero:
        opt.zero_grad()
    loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    for _ in range(steps):
        opt.step()
    return loss


def _params(model):
    return [p.data.copy() for p in model.parameters()]


def _same(a, b):
    return all(close(p, q, 1e-9) for p, q in zip(a, b))


def train_step(fn):
    """``fn(model, loss_fn, optimizer, xb, yb)`` does one step (zero_grad, forward, loss, backward, step)."""
    ref_model, ref_loss, ref_opt, X, y = _setup()
    want_losses = [_reference_step(ref_model, ref_loss, ref_opt, X, y) for _ in range(2)]
    want_params = _params(ref_model)

    model, loss_fn, opt, X, y = _setup()
    start = _params(model)
    tried = "train_step on a 3-4-2 tanh network with SGD(lr=0.5)"
    got, err = call(fn, model, loss_fn, opt, X, y)
    if err:
        hint = f"{tried}: {err}"
        if "grad_out" in err:
            hint = hint.rstrip(".") + (". model.backward needs the gradient of the loss with respect to the model's outputs, "
                     "which loss_fn.backward() returns, not the loss itself: model.backward(loss_fn.backward()).")
        return report(False, "", hint)
    after_one = _params(model)
    if _same(after_one, start):
        if all(not np.any(p.grad) for p in model.parameters()):
            return report(False, "", f"{tried}: the parameters did not change and every gradient is zero. Call "
                                     "model.backward(loss_fn.backward()) after computing the loss, and do not "
                                     "zero the gradients between backward and step.")
        return report(False, "", f"{tried}: the parameters did not change, although gradients were computed. "
                                 "Call optimizer.step() after model.backward(...).")
    got2, err = call(fn, model, loss_fn, opt, X, y)
    if err:
        return report(False, "", f"{tried}, second call: {err}")
    if not _same(_params(model), want_params):
        m, lf, o, X, y = _setup()
        for _ in range(2):
            _reference_step(m, lf, o, X, y, zero=False)
        if _same(_params(model), _params(m)):
            return report(False, "", f"{tried}: the first step is right, but the second used the first step's "
                                     "gradient too. Start each step with optimizer.zero_grad() (gradients add up).")
        m, lf, o, X, y = _setup()
        for _ in range(2):
            _reference_step(m, lf, o, X, y, steps=2)
        if _same(_params(model), _params(m)):
            return report(False, "", f"{tried}: each call moved the parameters twice along the same gradient. "
                                     "Call optimizer.step() once per training step.")
        return report(False, "", f"{tried}: after two steps the parameters differ from the expected ones. The order "
                                 "is zero_grad, forward, loss, backward, step.")
    for g in (got, got2):
        if g is None:
            return report(False, "", f"{tried}: the parameters are right, but the function returned None; return "
                                     "the loss as a float.")
        try:
            float(g)
        except (TypeError, ValueError):
            return report(False, "", f"{tried}: returned {type(g).__name__}; return the loss as a float.")
    if not close([float(got), float(got2)], want_losses, 1e-9):
        return report(False, "", f"{tried}: the parameters are right, but the returned losses "
                                 f"{float(got):.4f}, {float(got2):.4f} should be {want_losses[0]:.4f}, "
                                 f"{want_losses[1]:.4f}: return the loss computed before the step.")
    return report(True, f"two steps give losses {want_losses[0]:.4f} -> {want_losses[1]:.4f} and the expected "
                        "parameters.", "")


def accuracy_from_logits(fn):
    """``fn(logits, y)`` returns the fraction of rows whose largest logit is at y."""
    logits = np.array([[2.0, 0.5, -1.0], [0.1, 0.3, 0.2], [-1.0, -2.0, -0.5], [0.0, 3.0, 1.0],
                       [1.0, 0.0, 2.0], [0.2, 0.1, 0.0]])
    y = np.array([0, 1, 2, 2, 0, 0])          # rows 0, 1, 2, 5 right: 4 of 6
    want = 4 / 6
    tried = "accuracy_from_logits(logits of shape (6, 3), y = [0, 1, 2, 2, 0, 0])"
    got, err = call(fn, logits.copy(), y.copy())
    if err:
        hint = f"{tried}: {err}"
        if "broadcast" in err:
            hint += ". Take the argmax over the classes, axis=1: one prediction per row."
        return report(False, "", hint)
    try:
        value = float(np.asarray(got, dtype=float))
    except (TypeError, ValueError):
        return report(False, "", f"{tried} returned {got!r}; return one number, the fraction correct.")
    if close(value, want):
        return report(True, "4 of 6 rows have their largest logit at the true class: 0.667.", "")
    if close(value, 4):
        return report(False, "", f"{tried} gave 4, the number correct; divide by the number of rows to get a "
                                 "fraction.")
    if close(value, 100 * want):
        return report(False, "", f"{tried} gave {value:.1f}, a percentage; return a fraction between 0 and 1.")
    return report(False, "", f"{tried} gave {value:.3f}, expected {want:.3f}: the prediction of row n is "
                             "np.argmax(logits[n]); compare np.argmax(logits, axis=1) with y and take the mean.")


def confusion_matrix(fn):
    """``fn(y_true, y_pred, n_classes)`` returns counts, rows = true class, columns = predicted class."""
    y_true = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 1])
    y_pred = np.array([0, 0, 1, 1, 1, 2, 0, 2, 1, 1])
    n = 4                                     # class 3 never occurs
    want = np.zeros((n, n), dtype=int)
    np.add.at(want, (y_true, y_pred), 1)
    tried = f"confusion_matrix({y_true.tolist()}, {y_pred.tolist()}, n_classes=4)"
    got, err = call(fn, y_true.copy(), y_pred.copy(), n)
    if err:
        return report(False, "", f"{tried}: {err}")
    cm = np.asarray(got)
    if cm.shape != (n, n):
        hint = f"{tried} returned shape {cm.shape}; it must be (4, 4)"
        if cm.shape == (3, 3):
            hint += ": class 3 never occurs but still gets a row and a column. Size it with n_classes."
        return report(False, "", hint + ".")
    if close(cm, want) and not np.issubdtype(cm.dtype, np.integer):
        return report(False, "", f"{tried}: the counts are right but stored as {cm.dtype} numbers; counts are "
                                 "whole numbers: np.zeros((n_classes, n_classes), dtype=int).")
    if close(cm, want):
        return report(True, "rows are true classes, columns predictions, and repeated pairs are all counted "
                            f"(diagonal {np.diag(want).tolist()}).", "")
    if close(cm, want.T):
        return report(False, "", f"{tried} is transposed: the row is the TRUE class, the column the predicted "
                                 "class, so count into cm[t, p].")
    once = np.zeros((n, n), dtype=int)
    once[y_true, y_pred] += 1
    if close(cm, once):
        return report(False, "", f"{tried}: each (true, predicted) pair was counted at most once; that is what "
                                 "cm[y_true, y_pred] += 1 does with repeated pairs. Loop over the pairs or use "
                                 "np.add.at(cm, (y_true, y_pred), 1).")
    if close(cm, want / want.sum(axis=1, keepdims=True).clip(1)) or close(cm, want / want.sum()):
        return report(False, "", f"{tried} holds fractions; return the raw counts (integers).")
    return report(False, "", f"{tried} gave {cm.tolist()}, expected {want.tolist()}.")
