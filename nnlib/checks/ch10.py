"""Checks for chapter 10, "Weights, biases and generalisation": ``from nnlib.checks import ch10 as check``."""
import numpy as np

from . import call, report


def scaled_init(fn):
    """``fn(fan_in, fan_out, rng)`` returns a (fan_out, fan_in) array, uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)]."""
    fan_in, fan_out = 400, 50        # 1/sqrt(fan_out) differs from every simple multiple of 1/sqrt(fan_in) tried below
    bound = 1.0 / np.sqrt(fan_in)
    tried = f"scaled_init(fan_in={fan_in}, fan_out={fan_out}, rng)"
    got, err = call(fn, fan_in, fan_out, np.random.default_rng(0))
    if err:
        return report(False, "", f"{tried}: {err}")
    W = np.asarray(got, dtype=float) if got is not None else np.zeros(0)
    if W.shape == (fan_in, fan_out):
        return report(False, "", f"{tried} returned shape {W.shape}, (in, out); nnlib and PyTorch store "
                                 f"(out, in) = ({fan_out}, {fan_in}): size=(fan_out, fan_in).")
    if W.shape != (fan_out, fan_in):
        return report(False, "", f"{tried} returned shape {W.shape}; expected (fan_out, fan_in) = "
                                 f"({fan_out}, {fan_in}).")
    if W.size and np.allclose(W, W.flat[0]):
        what = "every weight is 0" if W.flat[0] == 0 else f"every entry is {W.flat[0]:.4f}"
        return report(False, "", f"{tried}: {what}, and equal weights never break the symmetry. Draw them at "
                                 "random with the rng you are given: rng.uniform(-bound, bound, size=...).")
    # Two generators with the same seed must give the same weights, and the generator must be used: a draw
    # from np.random (the global generator) or from a generator made inside the function ignores ``rng``.
    seeded = np.random.default_rng(1)
    again, _ = call(fn, fan_in, fan_out, seeded)
    twin, _ = call(fn, fan_in, fan_out, np.random.default_rng(1))
    untouched = np.random.default_rng(1).bit_generator.state
    ignores_rng = seeded.bit_generator.state == untouched
    if again is None or twin is None or np.shape(again) != W.shape or np.shape(twin) != W.shape:
        ignores_rng = True
    else:
        again, twin = np.asarray(again, dtype=float), np.asarray(twin, dtype=float)
        if not np.array_equal(again, twin) or np.allclose(again, W):
            ignores_rng = True
    if ignores_rng:
        return report(False, "", f"{tried}: the weights do not come from the generator passed in (two calls with "
                                 "generators seeded alike gave different weights, or the generator was never "
                                 "used). Draw with the rng you are given, not np.random: "
                                 "rng.uniform(-bound, bound, size=...).")
    top, std = float(np.abs(W).max()), float(W.std())
    if np.isclose(top, 1 / np.sqrt(fan_out), rtol=0.05):
        return report(False, "", f"{tried}: the largest |weight| is {top:.4f}, about 1/sqrt(fan_out) = "
                                 f"{1 / np.sqrt(fan_out):.4f}. The scale comes from the number of INPUTS: "
                                 f"1/sqrt(fan_in) = {bound:.4f}.")
    if np.isclose(top, 1 / fan_in, rtol=0.05):
        return report(False, "", f"{tried}: the largest |weight| is {top:.4f} = 1/fan_in; take the square root: "
                                 f"1/sqrt(fan_in) = {bound:.4f}.")
    if np.isclose(top, np.sqrt(3) * bound, rtol=0.02):
        return report(False, "", f"{tried}: the largest |weight| is {top:.4f}, about sqrt(3/fan_in) = "
                                 f"{np.sqrt(3) * bound:.4f}: the bound that gives Var(w) = 1/fan_in. nnlib's "
                                 f"Linear uses the bound 1/sqrt(fan_in) = {bound:.4f} itself (Var(w) = "
                                 "1/(3 fan_in)), and so does this exercise.")
    if top > bound * 1.0001:
        hint = f"{tried}: the largest |weight| is {top:.4f}, above the bound 1/sqrt(fan_in) = {bound:.4f}"
        if np.isclose(std, bound, rtol=0.05):
            hint += " (this looks like a normal distribution with std 1/sqrt(fan_in)); draw uniformly: rng.uniform"
        return report(False, "", hint + ".")
    if W.min() >= 0:
        return report(False, "", f"{tried}: every weight is >= 0; draw from -1/sqrt(fan_in) to +1/sqrt(fan_in), "
                                 "centred on 0.")
    if not np.isclose(std, bound / np.sqrt(3), rtol=0.05):
        return report(False, "", f"{tried}: the weights' std is {std:.4f}, expected about {bound / np.sqrt(3):.4f} "
                                 "for a uniform draw over the whole interval [-1/sqrt(fan_in), 1/sqrt(fan_in)].")
    return report(True, f"shape ({fan_out}, {fan_in}), all weights within +-{bound:.3f}, std {std:.4f} "
                        f"(uniform: bound/sqrt(3) = {bound / np.sqrt(3):.4f}).", "")


def _smoothed(values, window):
    """Trailing mean: entry e is the mean of values[max(0, e - window + 1) : e + 1]."""
    values = np.asarray(values, dtype=float)
    return np.array([values[max(0, e - window + 1):e + 1].mean() for e in range(len(values))])


def best_epoch(fn):
    """``fn(history, window)`` returns the 1-based epoch with the lowest smoothed validation loss."""
    plain = {"loss": [0.9, 0.5, 0.3, 0.2, 0.15, 0.1, 0.08],
             "val_loss": [1.0, 0.6, 0.45, 0.5, 0.55, 0.6, 0.7]}
    dip = {"loss": [0.9, 0.6, 0.4, 0.3, 0.22, 0.17, 0.13, 0.1, 0.08, 0.06, 0.05, 0.04, 0.035, 0.03, 0.025, 0.02],
           "val_loss": [1.0, 0.8, 0.6, 0.46, 0.38, 0.34, 0.32, 0.33, 0.35, 0.38, 0.41, 0.44, 0.31, 0.49, 0.52,
                        0.55]}
    for history, window in [(plain, 1), (dip, 3)]:
        want = int(np.argmin(_smoothed(history["val_loss"], window))) + 1
        tried = f"best_epoch(history, window={window}) with val_loss {history['val_loss']}"
        got, err = call(fn, {k: list(v) for k, v in history.items()}, window)
        if err:
            return report(False, "", f"{tried}: {err}")
        try:
            as_float = float(got)
            value = int(got)
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {got!r}; return one epoch number (an int).")
        if as_float != value:
            return report(False, "", f"{tried} returned {as_float:g}, a loss value; return the epoch NUMBER where "
                                     "the smoothed validation loss is lowest: np.argmin(...) + 1.")
        if value == want:
            continue
        raw = int(np.argmin(history["val_loss"])) + 1
        shown = f"{tried} gave {value}, expected {want}"
        if value == want - 1:
            return report(False, "", f"{shown}: one epoch too early. Either that is the 0-based index (fit counts "
                                     "epochs from 1, so add 1), or your window reaches into later epochs; a "
                                     "trailing window uses only epochs up to e, all we know when deciding to stop "
                                     "at e.")
        if value == raw and window > 1:
            return report(False, "", f"{shown}: {raw} is the single lowest value, a one-epoch dip. Smooth first: "
                                     "the loss at epoch e becomes the mean of the last `window` values up to e.")
        if value == int(np.argmin(history["loss"])) + 1 or value == len(history["val_loss"]):
            return report(False, "", f"{shown}: that follows the training loss (or takes the last epoch). Use "
                                     "history['val_loss'], the loss on data not used for training.")
        if value == int(np.argmax(history["val_loss"])) + 1 or value == 1:
            return report(False, "", f"{shown}: that is where the validation loss is HIGHEST; use np.argmin.")
        valid = np.convolve(history["val_loss"], np.ones(window) / window, mode="valid")
        if window > 1 and value in (int(np.argmin(valid)), int(np.argmin(valid)) + 1):
            return report(False, "", f"{shown}: your smoothed list is shorter than the history (np.convolve with "
                                     "mode 'valid' drops the first window - 1 epochs), so its index i belongs to "
                                     "epoch i + window. Keep one value per epoch: average over fewer epochs at "
                                     "the start.")
        return report(False, "", f"{shown}: for each epoch e take the mean of val_loss over epochs "
                                 "max(1, e - window + 1) .. e, then return np.argmin(...) + 1.")
    return report(True, "epoch 3 with window 1, and with window 3 epoch 8, not the one-epoch dip at 13 "
                        "(epochs count from 1).", "")


def split(fn):
    """``fn(X, y, val_fraction, rng)`` shuffles with one permutation and returns X_train, X_val, y_train, y_val."""
    n = 50
    X = np.c_[np.arange(n), np.arange(n) * 10].astype(float)     # row i is [i, 10 i]
    y = np.arange(n)                                              # label i: each row's own index
    tried = "split(X with 50 rows, y, val_fraction=0.2, rng)"
    rng = np.random.default_rng(0)
    got, err = call(fn, X.copy(), y.copy(), 0.2, rng)
    rng_used = rng.bit_generator.state != np.random.default_rng(0).bit_generator.state
    if err:
        return report(False, "", f"{tried}: {err}")
    try:
        if isinstance(got, np.ndarray):
            raise TypeError
        X_train, X_val, y_train, y_val = (np.asarray(g) for g in got)
    except (TypeError, ValueError):
        return report(False, "", f"{tried} returned {type(got).__name__}; return four arrays: "
                                 "X_train, X_val, y_train, y_val.")
    if len(X_val) == 40 and len(X_train) == 10:
        return report(False, "", f"{tried}: the validation part has 40 rows and the training part 10; "
                                 "it is the other way round (20% = 10 rows for validation).")
    if len(X_val) != 10 or len(y_val) != 10 or len(X_train) != 40 or len(y_train) != 40:
        return report(False, "", f"{tried}: got {len(X_train)} training and {len(X_val)} validation rows "
                                 f"(labels: {len(y_train)}, {len(y_val)}); expected 40 and 10.")
    if X_train.ndim != 2 or X_val.ndim != 2 or X_train.shape[1] != 2:
        return report(False, "", f"{tried}: X_train has shape {X_train.shape}; keep whole rows, X[indices].")
    if not (np.array_equal(X_train[:, 0], y_train) and np.array_equal(X_val[:, 0], y_val)):
        return report(False, "", f"{tried}: the labels no longer match their rows: use the SAME permutation for "
                                 "X and y (order = rng.permutation(len(X)); X[order], y[order]).")
    together = np.sort(np.r_[y_train, y_val])
    if not np.array_equal(together, y):
        return report(False, "", f"{tried}: some rows appear twice or not at all; cut ONE permutation into "
                                 "two disjoint parts.")
    if np.array_equal(y_val, np.arange(40, 50)) or np.array_equal(y_val, np.arange(10)) \
            or np.array_equal(np.sort(y_val), y_val) and np.all(np.diff(y_val) == 1):
        return report(False, "", f"{tried}: the validation rows are {y_val.tolist()}, a block of the original "
                                 "order. Shuffle first with rng.permutation, then cut.")
    # The shuffle must come from the generator passed in: np.random.permutation (numpy's global generator) or a
    # generator made inside the function gives a split that the caller's seed does not control.
    if not rng_used:
        return report(False, "", f"{tried}: the rng you were given was never used, so its seed does not decide the "
                                 "split (np.random.permutation draws from numpy's global generator instead). "
                                 "Shuffle with the rng argument: order = rng.permutation(len(X)).")
    runs = {}
    for seed in (0, 0, 1):
        again, _ = call(fn, X.copy(), y.copy(), 0.2, np.random.default_rng(seed))
        try:
            runs.setdefault(seed, []).append(tuple(sorted(int(v) for v in np.asarray(again[3]))))
        except (TypeError, ValueError, IndexError):
            runs.setdefault(seed, []).append(None)
    if runs[0][0] != runs[0][1] or runs[0][0] != tuple(sorted(y_val.tolist())):
        return report(False, "", f"{tried}: two generators with the same seed gave different splits, so the split "
                                 "does not come (only) from the rng you were given. Draw the shuffle from it alone: "
                                 "order = rng.permutation(len(X)), not np.random.")
    if runs[1][0] == runs[0][0]:
        return report(False, "", f"{tried}: generators with different seeds gave the same split: the shuffle ignores "
                                 "the rng you were given (a fixed seed inside the function?). Use the rng argument: "
                                 "order = rng.permutation(len(X)).")
    order = np.random.default_rng(0).permutation(n)
    if set(y_val.tolist()) not in ({int(v) for v in order[:10]}, {int(v) for v in order[-10:]}):
        return report(False, "", f"{tried}: the split depends on the rng, but it is not one permutation cut in two: "
                                 "shuffle once with order = rng.permutation(len(X)), take order[:n_val] for "
                                 "validation and the rest for training.")
    return report(True, "40 + 10 rows, every row used once, labels still attached, shuffled by the rng you were "
                        "given (same seed, same split; another seed, another split).", "")
