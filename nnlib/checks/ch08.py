"""Checks for chapter 8, "Backpropagation": ``from nnlib.checks import ch08 as check``."""
import numpy as np

from ..activations import sigmoid as _sigmoid
from . import call, close, report


def _pair(got):
    """(a, b) as two floats, or None when ``got`` is not a pair of numbers."""
    try:
        if isinstance(got, np.ndarray) and got.shape != (2,):
            return None
        first, second = got
        return float(first), float(second)
    except (TypeError, ValueError):
        return None


def neuron_gradient(fn):
    """``fn(x, w, b, y)`` returns (dL/dw, dL/db) for L = (sigmoid(w x + b) - y)^2."""
    cases = [(1.5, 0.8, -0.5, 1.0), (-2.0, 0.3, 0.4, 0.0), (0.7, -1.2, 0.9, 1.0)]
    for x, w, b, y in cases:
        a = _sigmoid(w * x + b)
        s = a * (1 - a)
        dz = 2 * (a - y) * s
        want = (dz * x, dz)
        tried = f"neuron_gradient(x={x}, w={w}, b={b}, y={y})"
        got, err = call(fn, x, w, b, y)
        if err:
            return report(False, "", f"{tried}: {err}")
        pair = _pair(got)
        if pair is None:
            return report(False, "", f"{tried} returned {got!r}; return a pair (dL_dw, dL_db).")
        if close(pair, want):
            continue
        shown = f"{tried} gave ({pair[0]:.4f}, {pair[1]:.4f}), expected ({want[0]:.4f}, {want[1]:.4f})"
        if close(pair, (want[1], want[0])):
            return report(False, "", f"{shown}: both numbers are right but swapped. Return (dL_dw, dL_db), in "
                                     "that order.")
        if close(pair, (-want[0], -want[1])):
            return report(False, "", f"{shown}: the sign is flipped. dL/da = 2 (a - y), not 2 (y - a).")
        if close(pair, (2 * (a - y) * x, 2 * (a - y))):
            return report(False, "", f"{shown}: the middle factor is missing. Multiply by sigmoid'(z) = a (1 - a).")
        if close(pair, (want[0] / 2, want[1] / 2)):
            return report(False, "", f"{shown}: off by a factor 2. The slope of (a - y)^2 is 2 (a - y).")
        if close(pair, (dz * w, dz)) or close(pair[0], dz):
            return report(False, "", f"{shown}: dL/dw is wrong. The last factor is dz/dw = x (the input), "
                                     "not w or 1.")
        if close(pair[0], want[0]) and close(pair[1], want[0]):
            return report(False, "", f"{shown}: dL/db is wrong. dz/db = 1, so dL/db has no factor x.")
        if close(pair, (2 * (a - y) * (w * x + b) * (1 - (w * x + b)) * x, 2 * (a - y) * (w * x + b) * (1 - (w * x + b)))):
            return report(False, "", f"{shown}: you used z in place of a in sigmoid'(z) = a (1 - a), where a = sigmoid(z).")
        return report(False, "", f"{shown}. Forward first (z, a), then multiply 2 (a - y), a (1 - a) and x.")
    return report(True, "dL/dw = 2 (a - y) sigmoid'(z) x and dL/db = 2 (a - y) sigmoid'(z) on three neurons.", "")


def linear_backward(fn):
    """``fn(X, W, dY)`` returns (dW, db, dX) for Y = X @ W.T + b."""
    rng = np.random.default_rng(7)
    X = np.round(rng.normal(size=(5, 3)), 2)   # N = 5, D = 3
    W = np.round(rng.normal(size=(2, 3)), 2)   # M = 2
    dY = np.round(rng.normal(size=(5, 2)), 2)
    want = (dY.T @ X, dY.sum(axis=0), dY @ W)
    tried = "linear_backward(X (5, 3), W (2, 3), dY (5, 2))"
    got, err = call(fn, X.copy(), W.copy(), dY.copy())
    if err:
        hint = f"{tried}: {err}"
        if "matmul" in err or "aligned" in err or "shape" in err:
            hint += ". Match the shapes: dW = dY.T @ X is (2, 3), dX = dY @ W is (5, 3)."
        return report(False, "", hint)
    try:
        if isinstance(got, np.ndarray):
            raise TypeError
        dW, db, dX = (np.asarray(g, dtype=float) for g in got)
    except (TypeError, ValueError):
        return report(False, "", f"{tried} returned {type(got).__name__}; return three arrays (dW, db, dX).")
    if dW.shape == (3, 2) and close(dW, want[0].T):
        return report(False, "", "dW has shape (3, 2), the transpose: it must have W's shape (2, 3). "
                                 "Use dW = dY.T @ X.")
    if close(dW, want[0] / len(X)):
        return report(False, "", "dW is dY.T @ X divided by the batch size: it is the SUM over the batch, "
                                 "dW = dY.T @ X. (The loss already did any averaging, inside dY.)")
    if not close(dW, want[0]):
        return report(False, "", f"dW (shape {dW.shape}) is not dY.T @ X (shape (2, 3)): each weight sums "
                                 "dY[n, i] * X[n, j] over the batch.")
    if db.shape == (5, 3) and close(db, want[2]):
        return report(False, "", "the second array has shape (5, 3), the shape of dX: return the three in the "
                                 "order (dW, db, dX).")
    if db.shape == (5, 2) or (db.shape == (5,) and close(db, dY.sum(axis=1))):
        return report(False, "", f"db has shape {db.shape}: sum dY over the batch axis, db = dY.sum(axis=0), "
                                 "one number per output, shape (2,).")
    if close(db, dY.mean(axis=0)):
        return report(False, "", "db is the mean of dY over the batch; it is the SUM: db = dY.sum(axis=0). "
                                 "(The loss already did any averaging, inside dY.)")
    if not close(db, want[1]):
        return report(False, "", f"db = {np.round(db, 4).tolist()}, expected dY.sum(axis=0) = "
                                 f"{np.round(want[1], 4).tolist()}.")
    if not close(dX, want[2]):
        return report(False, "", f"dX (shape {dX.shape}) is not dY @ W (shape (5, 3)): each input feeds every "
                                 "output through W, so dX = dY @ W (no transpose, since W is (out, in)).")
    return report(True, "dW = dY.T @ X (2, 3), db = dY.sum(0) (2,), dX = dY @ W (5, 3): "
                        "every gradient has the shape of its owner.", "")


def _cubic(v):
    return float(np.sum(v ** 3) + v[0] * v[1])


def _cubic_grad(v):
    g = 3 * v ** 2
    g[0] += v[1]
    g[1] += v[0]
    return g


def numerical_derivative(fn):
    """``fn(f, x, h)`` returns the centred-difference gradient of f at x, and leaves x unchanged."""
    x = np.array([1.0, 2.0, -1.5])
    h = 1e-4
    want = _cubic_grad(x.copy())
    keep = x.copy()
    tried = "numerical_derivative(f, x=[1.0, 2.0, -1.5], h=1e-4) with f(x) = sum(x**3) + x0*x1"
    got, err = call(fn, _cubic, x, h)
    if err:
        return report(False, "", f"{tried}: {err}")
    if not np.array_equal(x, keep):
        if np.allclose(x, keep, rtol=1e-12, atol=0):
            return report(False, "", f"{tried} left x as {x.tolist()}, off by rounding: x[i] + h - 2h + h is not "
                                     "always exactly x[i] in floating point. Save the old value and put it back "
                                     "(old = x[i]; ...; x[i] = old), or nudge copies of x.")
        return report(False, "", f"{tried} changed x to {x.tolist()}: put each entry back after nudging it "
                                 "(or nudge a copy).")
    if np.shape(got) != x.shape:
        return report(False, "", f"{tried} returned shape {np.shape(got)}; return one partial derivative per "
                                 f"entry of x, shape {x.shape}.")
    got = np.asarray(got, dtype=float)
    forward = np.array([(_cubic(x + h * e) - _cubic(x)) / h for e in np.eye(3)])
    if close(got, forward, 1e-9) and not close(got, want, 1e-6):
        return report(False, "", f"{tried} matches the one-sided difference (f(x+h) - f(x)) / h, which is off by "
                                 "about h. Use the centred one: (f(x+h) - f(x-h)) / (2h).")
    if close(got, 2 * want, 1e-5):
        return report(False, "", f"{tried} is twice the true gradient: divide by 2h, the distance between x-h "
                                 "and x+h.")
    if close(got, want / 2, 1e-5):
        return report(False, "", f"{tried} is half the true gradient: divide by 2h, not 4h (or nudge by +h and "
                                 "-h, not +-h/2).")
    if np.allclose(got, got[0]):
        return report(False, "", f"{tried} gave the same value {got[0]:.4f} for every entry: nudge ONE entry at "
                                 "a time (x[i] + h), not the whole array.")
    if not close(got, want, 1e-6):
        return report(False, "", f"{tried} gave {np.round(got, 5).tolist()}, expected about "
                                 f"{np.round(want, 5).tolist()}.")
    return report(True, f"gradient {np.round(got, 4).tolist()} matches the exact one to about 1e-8, "
                        "and x is unchanged.", "")
