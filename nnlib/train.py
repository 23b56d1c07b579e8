"""``fit``: the training loop every chapter uses, with a progress bar and a divergence guard.

    history = fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.05), X, y, epochs=20, batch_size=32)
    history["loss"][-1], history["accuracy"][-1]

Accuracy, for the two classification losses (MSELoss is regression: no accuracy is reported):

- CrossEntropyLoss: logits (N, C), C >= 2; the predicted class is the argmax; targets are class indices (N,).
- BCEWithLogitsLoss: logits and 0/1 targets of the same shape, (N,) or (N, K); a label is predicted 1 where its
  logit is >= 0 (probability >= 0.5). With K > 1 outputs (multi-label) accuracy is the fraction of the N * K
  labels that are right. With targets strictly between 0 and 1 (soft labels) there is no accuracy.
"""
import math

import numpy as np
from tqdm.auto import tqdm

from ._validate import as_array, check_class_indices, check_finite, check_int, rng_from
from .losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, _Loss
from .module import Module
from .optim import Optimizer

#: fit stops when a loss exceeds this many times max(first training loss, 1) (see ``fit``).
EXPLOSION_FACTOR = 1e6


class TrainingDiverged(FloatingPointError):
    """Raised by ``fit`` when a training or validation loss becomes NaN, infinite or explodes."""


# No elapsed time or rate in the bar: stored notebook outputs must be identical on every run.
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} epochs{postfix}"


def _check_loss_fn(loss_fn, who):
    if isinstance(loss_fn, type) and issubclass(loss_fn, _Loss):
        raise TypeError(f"{who} needs a loss object, but got the class {loss_fn.__name__}; "
                        f"write {loss_fn.__name__}() with parentheses.")
    if not isinstance(loss_fn, _Loss):
        raise TypeError(f"{who} needs an nnlib loss (MSELoss(), BCEWithLogitsLoss() or CrossEntropyLoss()), "
                        f"but got {type(loss_fn).__name__}.")


def predict_classes(logits, loss_fn):
    """Class predictions from a model's outputs: argmax for CrossEntropyLoss, z >= 0 for BCEWithLogitsLoss."""
    if isinstance(loss_fn, CrossEntropyLoss):
        return logits.argmax(axis=1)
    return (logits >= 0).astype(np.float64)


def _n_correct(logits, y, loss_fn):
    """(number of correct predictions, number of predictions), refusing shapes that do not go together."""
    if isinstance(loss_fn, CrossEntropyLoss):
        if logits.ndim != 2 or logits.shape[1] < 2 or y.shape != (logits.shape[0],):
            raise ValueError(f"accuracy with CrossEntropyLoss needs logits (N, C) with C >= 2 and class indices "
                             f"(N,), but got logits of shape {logits.shape} and targets of shape {y.shape}."
                             + (" One logit per sample is a yes/no model: pass loss_fn=nl.BCEWithLogitsLoss()."
                                if logits.ndim == 2 and logits.shape[1] == 1 else ""))
        check_class_indices(y, logits.shape[1], logits.shape[0], "accuracy")
    elif logits.shape != y.shape:
        raise ValueError(f"accuracy with BCEWithLogitsLoss needs logits and targets of the same shape, but got "
                         f"logits of shape {logits.shape} and targets of shape {y.shape}; reshape the targets, "
                         f"e.g. y.reshape({', '.join(map(str, logits.shape))}).")
    return int(np.sum(predict_classes(logits, loss_fn) == y)), y.size


def _classifies(loss_fn, y):
    """True when accuracy means something: CrossEntropyLoss, or BCEWithLogitsLoss with 0/1 targets."""
    if isinstance(loss_fn, CrossEntropyLoss):
        return True
    return isinstance(loss_fn, BCEWithLogitsLoss) and bool(np.all((y == 0) | (y == 1)))


def accuracy(model, X, y, loss_fn=None):
    """Fraction of predictions that are right: ``model(X)`` against ``y``.

    loss_fn tells how to read the outputs: CrossEntropyLoss() (the default: logits (N, C), class indices (N,))
    or BCEWithLogitsLoss() (logits and 0/1 targets of one shape). Mismatched shapes are refused, never
    broadcast; MSELoss (regression) and targets other than classes are refused too.
    """
    loss_fn = CrossEntropyLoss() if loss_fn is None else loss_fn
    _check_loss_fn(loss_fn, "accuracy")
    if isinstance(loss_fn, MSELoss):
        raise ValueError("accuracy is for classification (CrossEntropyLoss or BCEWithLogitsLoss); with MSELoss "
                         "report the loss instead.")
    X, y = _check_data(X, y, "accuracy")
    if not _classifies(loss_fn, y):
        raise ValueError(f"accuracy needs class labels as targets (0/1 for BCEWithLogitsLoss), but got values "
                         f"such as {float(y[(y != 0) & (y != 1)].flat[0]):g}.")
    correct, total = _n_correct(as_array(model(X), "model output"), y, loss_fn)
    return correct / total


def evaluate(model, loss_fn, X, y):
    """(mean loss, accuracy or None) of ``model`` on the whole of X, y. Accuracy is None for MSELoss and for
    soft (not 0/1) BCE targets."""
    _check_loss_fn(loss_fn, "evaluate")
    X, y = _check_data(X, y, "evaluate")
    return _evaluate(model, loss_fn, X, y, _classifies(loss_fn, y))


def _evaluate(model, loss_fn, X, y, classify):
    out = model(X)
    loss = loss_fn(out, y)
    if not classify:
        return loss, None
    correct, total = _n_correct(out, y, loss_fn)
    return loss, correct / total


def _check_data(X, y, name):
    X = as_array(X, f"{name} X")
    y = np.asarray(y)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"{name}: X must hold at least one sample (N, ...), but got shape {X.shape}.")
    if y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"{name}: X and y must have the same number of samples, but X has shape {X.shape} and "
                         f"y has shape {y.shape}.")
    check_finite(X, f"{name} X")
    if not np.issubdtype(y.dtype, np.number) and y.dtype != bool:
        raise TypeError(f"{name}: y must hold numbers, but got dtype {y.dtype}.")
    check_finite(y, f"{name} y")
    return X, y


def _check_fit_args(model, loss_fn, optimizer, validation):
    if not isinstance(model, Module):
        raise TypeError(f"fit needs an nnlib Module as model, but got {type(model).__name__}.")
    _check_loss_fn(loss_fn, "fit")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"fit needs an nnlib optimizer (SGD or Adam) made from model.parameters(), but got "
                        f"{type(optimizer).__name__}.")
    own = {id(p) for p in model.parameters()}
    if not any(id(p) in own for p in optimizer.params):
        raise ValueError("fit: the optimizer holds none of this model's parameters (was it made for another "
                         "model?); make it with opt = SGD(model.parameters(), lr=...).")
    if validation is not None and (not isinstance(validation, (tuple, list)) or len(validation) != 2):
        raise TypeError(f"fit: validation must be a pair (X_val, y_val), but got {type(validation).__name__}"
                        + (f" of length {len(validation)}." if isinstance(validation, (tuple, list)) else "."))


def _preflight(model, loss_fn, X, y, batch_size, name):
    """Run one batch forward and check every target once, before training, so that data the model or loss
    refuses is refused before any weight changes, with the name of the data set in the message."""
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):    # the guard judges numbers later
            out = model(X[:batch_size])
            loss_fn(out, y[:batch_size])
            loss_fn._check_target_values(y, (len(y),) + out.shape[1:])    # all of y: class indices in range ...
    except (ValueError, TypeError) as err:
        raise type(err)(f"{name} data: {err}") from None


class _Guard:
    """Stops training when a loss is NaN, infinite, or above EXPLOSION_FACTOR * max(first training loss, 1)."""

    def __init__(self, lr):
        self.lr, self.limit = lr, None

    def check(self, loss, where, *place):
        """``where.format(*place)`` names the loss in the message (formatted only when it is needed)."""
        if self.limit is None:
            if not math.isfinite(loss):
                raise TrainingDiverged(f"The {where.format(*place)} is {loss} before any step was taken: the "
                                       "learning rate is not the cause; check the data and the model's weights.")
            self.limit = EXPLOSION_FACTOR * max(loss, 1.0)
        if not math.isfinite(loss):
            what = f"became {loss}"
        elif loss > self.limit:
            what = f"reached {loss:.3g}, more than {EXPLOSION_FACTOR:g} times its first value (or 1)"
        else:
            return
        raise TrainingDiverged(f"The {where.format(*place)} {what}: training diverged. Try a smaller learning "
                               f"rate (now lr={self.lr:g}).")


def fit(model, loss_fn, optimizer, X, y, epochs, batch_size=32, rng=None, validation=None, progress=True):
    """Train ``model`` with mini-batches and return the history, one value per epoch.

    X: (N, ...) inputs, y: (N,) class indices or targets shaped like the model's output.
    The data are shuffled each epoch with ``rng`` (a seed or Generator). ``validation=(X_val, y_val)`` adds
    "val_loss" (and "val_accuracy"). Returns a dict with "loss" (mean training loss of the epoch) and, when
    accuracy means something (see the module docstring), "accuracy": the fraction right during the epoch.

    Raises ``TrainingDiverged`` (naming the learning rate) when a training or validation loss becomes NaN or
    infinite, or grows beyond 1e6 times max(first training loss, 1). Refuses bad arguments with ValueError or
    TypeError before training starts.
    """
    _check_fit_args(model, loss_fn, optimizer, validation)
    X, y = _check_data(X, y, "fit")
    if validation is not None:
        validation = _check_data(*validation, "validation")
    epochs = check_int(epochs, "epochs", "fit")
    batch_size = check_int(batch_size, "batch_size", "fit")
    rng = rng_from(rng)
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"fit: progress must be True or False, but got {progress!r}.")
    _preflight(model, loss_fn, X, y, batch_size, "fit")
    if validation is not None:
        _preflight(model, loss_fn, *validation, batch_size, "validation")
    classify = _classifies(loss_fn, y)
    val_classify = validation is not None and _classifies(loss_fn, validation[1])
    history = {"loss": []}
    if classify:
        history["accuracy"] = []
    if validation is not None:
        history["val_loss"] = []
        if val_classify:
            history["val_accuracy"] = []

    model.train()
    guard = _Guard(optimizer.lr)
    n = len(X)
    bar = tqdm(range(1, epochs + 1), desc="training", bar_format=BAR_FORMAT, disable=not progress)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            for epoch in bar:
                order = rng.permutation(n)
                total_loss, correct, labels = 0.0, 0, 0
                for start in range(0, n, batch_size):
                    idx = order[start:start + batch_size]
                    xb, yb = X[idx], y[idx]
                    optimizer.zero_grad()
                    out = model(xb)
                    loss = loss_fn(out, yb, check_target=False)    # _preflight checked all of y
                    guard.check(loss, "training loss in epoch {} (batch starting at sample {})", epoch, start)
                    model.backward(loss_fn.backward(), input_grad=False)   # the data needs no gradient
                    optimizer.step()
                    total_loss += loss * len(idx)
                    if classify:    # the loss has checked the shapes
                        correct += np.count_nonzero(predict_classes(out, loss_fn) == yb)
                        labels += yb.size
                history["loss"].append(total_loss / n)
                if classify:
                    history["accuracy"].append(correct / labels)
                postfix = f"loss={history['loss'][-1]:.4f}"
                if validation is not None:
                    val_loss, val_acc = _evaluate(model, loss_fn, *validation, val_classify)
                    guard.check(val_loss, "validation loss after epoch {}", epoch)
                    history["val_loss"].append(val_loss)
                    if val_classify:
                        history["val_accuracy"].append(val_acc)
                    postfix += f", val_loss={val_loss:.4f}"
                bar.set_postfix_str(postfix, refresh=False)
        finally:
            bar.close()
    return history
