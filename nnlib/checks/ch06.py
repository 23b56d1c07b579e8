"""Checks for chapter 6, "Gradient descent and the learning rate": ``from nnlib.checks import ch06 as check``."""
import numpy as np

from . import call, close, report


def _array(got, shape, tried):
    """(array, None) or (None, hint)."""
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, f"{tried} returned {got!r}; return a numpy array of shape {shape}."
    if arr.shape != shape:
        return None, f"{tried} returned shape {arr.shape}, expected {shape} (the shape of w)."
    return arr, None


def gradient_step(fn):
    """``fn(w, grad, lr)`` returns w - lr * grad as a new array."""
    w = np.array([1.0, -2.0, 0.5])
    grad = np.array([0.5, -1.0, 2.0])
    for lr in [0.1, 0.3]:
        tried = f"gradient_step(w={w.tolist()}, grad={grad.tolist()}, lr={lr})"
        w_in = w.copy()
        got, err = call(fn, w_in, grad.copy(), lr)
        if err:
            return report(False, "", f"{tried}: {err}.")
        arr, hint = _array(got, w.shape, tried)
        if hint:
            return report(False, "", hint)
        want = w - lr * grad
        if close(arr, want):
            if not np.array_equal(w_in, w):
                return report(False, "", f"{tried}: the numbers are right, but w itself was changed (w -= ... works "
                                         "in place). Return w - lr * grad as a new array.")
            continue
        wrongs = [
            (w + lr * grad, "sign error: the gradient points uphill, so step against it, w - lr * grad."),
            (w - grad, "the learning rate is missing: the step is lr * grad, not grad."),
            (-lr * grad, "that is only the step: return w minus the step, w - lr * grad."),
            (lr * grad, "that is only the step (and with the wrong sign): return w - lr * grad."),
            (w - grad / lr, "the step is lr * grad (multiply by the learning rate, do not divide)."),
        ]
        for other, h in wrongs:
            if close(arr, other):
                return report(False, "", f"{tried} returned {np.round(arr, 4).tolist()}, expected "
                                         f"{np.round(want, 4).tolist()}: {h}")
        return report(False, "", f"{tried} returned {np.round(arr, 4).tolist()}, expected "
                                 f"{np.round(want, 4).tolist()} = w - lr * grad.")
    return report(True, "w - lr * grad: a step of size lr against the gradient.", "")


def _descend(lr, a, steps=300):
    d = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            d = d - lr * a * d
    return abs(d)


def max_stable_lr(fn):
    """``fn(a)`` returns 2 / a, the largest stable learning rate for a quadratic with curvature a."""
    for a in [2.0, 8.0, 0.5]:
        tried = f"max_stable_lr(a={a})"
        got, err = call(fn, a)
        if err:
            return report(False, "", f"{tried}: {err}.")
        try:
            val = float(got)
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {got!r}; return one number.")
        want = 2.0 / a
        if close(val, want, 1e-6):
            continue
        if close(val, 1.0 / a):
            hint = ("at η = 1/a the factor 1 - ηa is 0: that is the fastest rate (one step lands on the minimum), "
                    "but larger rates still converge. Where does |1 - ηa| reach 1?")
        elif close(val, a / 2.0) or close(val, 2.0 * a):
            hint = "the curvature belongs in the denominator: a larger curvature means a smaller safe step."
        elif close(val, 1.0 / (2.0 * a)):
            hint = "too small: |1 - ηa| < 1 means -1 < 1 - ηa, which gives η < 2/a."
        elif val <= 0:
            hint = "a learning rate must be positive."
        elif _descend(val * 0.99, a) < 1.0:
            hint = ("gradient descent still converges a little above your value, so it is not the largest stable "
                    "rate. Solve |1 - ηa| = 1 for η.")
        else:
            hint = "gradient descent already diverges there. Solve |1 - ηa| = 1 for η."
        return report(False, "", f"{tried} returned {val:.4g}, expected {want:.4g}: {hint}")
    below, above = _descend(0.99 * 2.0 / 8.0, 8.0), _descend(1.01 * 2.0 / 8.0, 8.0)
    return report(True, f"η < 2/a. For a = 8, 300 steps at 0.99 × 2/a leave a distance of {below:.2g}, at 1.01 × 2/a "
                        f"{above:.2g}.", "")

