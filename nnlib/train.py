"""``fit``: the training loop every chapter uses, with a progress bar and a divergence guard.

    history = fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.05), X, y, epochs=20, batch_size=32)
    history["loss"][-1], history["accuracy"][-1]
"""
import math

import numpy as np
from tqdm.auto import tqdm

from ._validate import as_array, check_finite, rng_from
from .losses import BCEWithLogitsLoss, CrossEntropyLoss


class TrainingDiverged(FloatingPointError):
    """Raised by ``fit`` when the loss becomes NaN or infinite."""


# No elapsed time or rate in the bar: stored notebook outputs must be identical on every run.
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} epochs{postfix}"


def predict_classes(logits, loss_fn):
    """Class predictions from a model's outputs: argmax for CrossEntropyLoss, z >= 0 for BCEWithLogitsLoss."""
    if isinstance(loss_fn, CrossEntropyLoss):
        return logits.argmax(axis=1)
    return (logits >= 0).astype(np.float64)


def accuracy(model, X, y, loss_fn=None):
    """Fraction of samples classified correctly (CrossEntropyLoss-style logits unless told otherwise)."""
    y = np.asarray(y)
    return float(np.mean(predict_classes(model(as_array(X)), loss_fn or CrossEntropyLoss()) == y))


def evaluate(model, loss_fn, X, y):
    """(mean loss, accuracy or None) of ``model`` on the whole of X, y."""
    out = model(X)
    loss = loss_fn(out, y)
    acc = None
    if isinstance(loss_fn, (CrossEntropyLoss, BCEWithLogitsLoss)):
        acc = float(np.mean(predict_classes(out, loss_fn) == y))
    return loss, acc


def _check_data(X, y, name):
    X = as_array(X, f"{name} X")
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"{name}: X and y must have the same number of samples, but X has {len(X)} and "
                         f"y has {len(y)}.")
    check_finite(X, f"{name} X")
    if np.issubdtype(y.dtype, np.number):
        check_finite(y, f"{name} y")
    return X, y


def fit(model, loss_fn, optimizer, X, y, epochs, batch_size=32, rng=None, validation=None, progress=True):
    """Train ``model`` with mini-batches and return the history, one value per epoch.

    X: (N, ...) inputs, y: (N,) class indices or targets shaped like the model's output.
    The data are shuffled each epoch with ``rng`` (a seed or Generator). ``validation=(X_val, y_val)`` adds
    "val_loss" (and "val_accuracy"). Returns a dict with "loss" (mean training loss of the epoch) and, for
    classification losses, "accuracy". Raises ``TrainingDiverged`` when the loss becomes NaN or infinite.
    """
    X, y = _check_data(X, y, "fit")
    if validation is not None:
        validation = _check_data(*validation, "validation")
    if int(epochs) < 1 or int(batch_size) < 1:
        raise ValueError(f"epochs and batch_size must be >= 1, but got epochs={epochs}, batch_size={batch_size}.")
    rng = rng_from(rng)
    classify = isinstance(loss_fn, (CrossEntropyLoss, BCEWithLogitsLoss))
    history = {"loss": []}
    if classify:
        history["accuracy"] = []
    if validation is not None:
        history["val_loss"] = []
        if classify:
            history["val_accuracy"] = []

    n = len(X)
    bar = tqdm(range(1, int(epochs) + 1), desc="training", bar_format=BAR_FORMAT, disable=not progress)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in bar:
            order = rng.permutation(n)
            total_loss, correct = 0.0, 0
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                xb, yb = X[idx], y[idx]
                optimizer.zero_grad()
                out = model(xb)
                loss = loss_fn(out, yb)
                if not math.isfinite(loss):
                    bar.close()
                    raise TrainingDiverged(
                        f"The loss became {loss} in epoch {epoch} (batch starting at sample {start}): training "
                        f"diverged. Try a smaller learning rate (now lr={optimizer.lr:g}).")
                model.backward(loss_fn.backward(), input_grad=False)   # the data needs no gradient
                optimizer.step()
                total_loss += loss * len(idx)
                if classify:
                    correct += int(np.sum(predict_classes(out, loss_fn) == yb))
            history["loss"].append(total_loss / n)
            if classify:
                history["accuracy"].append(correct / n)
            postfix = f"loss={history['loss'][-1]:.4f}"
            if validation is not None:
                val_loss, val_acc = evaluate(model, loss_fn, *validation)
                history["val_loss"].append(val_loss)
                if classify:
                    history["val_accuracy"].append(val_acc)
                postfix += f", val_loss={val_loss:.4f}"
            bar.set_postfix_str(postfix, refresh=False)
    bar.close()
    return history
