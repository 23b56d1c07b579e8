"""Checks for chapter 1, "The artificial neuron": ``from nnlib.checks import ch01 as check``."""
import numpy as np

from ..activations import sigmoid
from . import call, close, report

_X = np.array([0.5, -1.0, 2.0])
_W = np.array([0.8, 0.3, -0.4])
_B = 0.25


def weighted_sum(fn):
    """``fn(x, w, b)`` returns z = w · x + b as one number for one input ``x: (d,)``."""
    want = float(_W @ _X + _B)
    got, err = call(fn, _X, _W, _B)
    tried = f"weighted_sum(x={_X.tolist()}, w={_W.tolist()}, b={_B})"
    if err:
        return report(False, "", f"{tried}: {err}")
    if np.ndim(got) != 0:
        shape = np.shape(got)
        hint = (f"{tried} returned an array of shape {shape}, but z is one number. "
                "Multiply each input by its weight AND add the products up (np.dot(w, x) or w @ x).")
        if close(got, _W * _X):
            hint = (f"{tried} returned the products w_i * x_i = {np.round(_W * _X, 4).tolist()}; "
                    "the weighted sum adds them up: use np.dot(w, x), then add b.")
        return report(False, "", hint)
    if close(got, want):
        other, err = call(fn, np.array([1.0, 1.0]), np.array([2.0, -3.0]), -0.5)
        if not err and close(other, -1.5):
            return report(True, f"{tried} = {want:.4f}, and it works for two inputs too.", "")
        return report(False, "", f"weighted_sum([1, 1], [2, -3], -0.5) returned {err or other}, expected -1.5; "
                                 "make sure nothing is fixed to three inputs.")
    if close(got, want - _B):
        return report(False, "", f"{tried} returned {float(got):.4f}, expected {want:.4f}: "
                                 "it looks like the bias b is missing. z = w · x + b.")
    if close(got, float(_W @ _X * _B)) or close(got, float(_W @ _X) - _B):
        return report(False, "", f"{tried} returned {float(got):.4f}, expected {want:.4f}: "
                                 "the bias is ADDED once to the weighted sum (not multiplied, not subtracted).")
    if close(got, float(_W @ _X) + len(_X) * _B):
        return report(False, "", f"{tried} returned {float(got):.4f}, expected {want:.4f}: the bias went in once per "
                                 "input (sum(w * x + b) adds b three times). Add it once, after the sum.")
    if close(got, float(np.mean(_W * _X)) + _B):
        return report(False, "", f"{tried} returned {float(got):.4f}, expected {want:.4f}: that is the MEAN of the "
                                 "products; the weighted sum adds them up (np.dot(w, x)).")
    if close(got, float(np.sum(_W + _X)) + _B) or close(got, float(np.sum(_W + _X) + _B)):
        return report(False, "", f"{tried} returned {float(got):.4f}, expected {want:.4f}: "
                                 "each input is MULTIPLIED by its weight, not added to it.")
    return report(False, "", f"{tried} returned {got!r}, expected {want:.4f} "
                             "(0.8*0.5 + 0.3*(-1.0) + (-0.4)*2.0 + 0.25).")


def neuron_batch(fn):
    """``fn(X, w, b)`` returns sigmoid(X @ w + b): shape (N,) for a batch ``X: (N, d)``."""
    rng = np.random.default_rng(1)
    X = np.round(rng.normal(size=(5, 3)), 2)
    z = X @ _W + _B
    want = sigmoid(z)
    got, err = call(fn, X, _W, _B)
    tried = "neuron_batch(X of shape (5, 3), w of shape (3,), b=0.25)"
    if err:
        hint = f"{tried}: {err}"
        if "matmul" in err or "shapes" in err or "aligned" in err:
            hint += ". X is (N, d) and w is (d,): X @ w gives (N,)."
        return report(False, "", hint)
    shape = np.shape(got)
    if shape != (5,):
        return report(False, "", f"{tried} returned shape {shape}, expected (5,): one output per row of X. "
                                 "Use X @ w (not X * w), then add b and apply the sigmoid.")
    if close(got, want):
        return report(True, f"five rows in, five outputs out, all between 0 and 1 "
                            f"(first: {float(want[0]):.4f}).", "")
    if close(got, z):
        return report(False, "", f"{tried} returned the weighted sums z (first: {float(z[0]):.4f}); "
                                 "the neuron's output is sigmoid(z): apply nl.sigmoid.")
    if close(got, sigmoid(X @ _W)):
        return report(False, "", f"{tried} gave {float(np.asarray(got)[0]):.4f} for the first row, expected "
                                 f"{float(want[0]):.4f}: the bias b is missing inside the sigmoid.")
    if close(got, sigmoid(X @ _W - _B)):
        return report(False, "", f"{tried} gave {float(np.asarray(got)[0]):.4f} for the first row, expected "
                                 f"{float(want[0]):.4f}: the bias went in with the wrong sign. If you wrote "
                                 "1 / (1 + np.exp(-X @ w + b)), the minus sign must cover the bias too: "
                                 "np.exp(-(X @ w + b)), or simply nl.sigmoid(X @ w + b).")
    if close(got, sigmoid(-z)):
        return report(False, "", f"{tried} gave {float(np.asarray(got)[0]):.4f} for the first row, expected "
                                 f"{float(want[0]):.4f}: the curve is mirrored, 1 - sigmoid(z). The sigmoid is "
                                 "1 / (1 + exp(-z)), with a minus sign in the exponent (or use nl.sigmoid).")
    if close(got, sigmoid(X @ _W) + _B):
        return report(False, "", "the bias must be added BEFORE the activation: sigmoid(X @ w + b).")
    return report(False, "", f"{tried}: the first output is {float(np.asarray(got)[0]):.4f}, "
                             f"expected {float(want[0]):.4f} = sigmoid(X[0] @ w + b).")


def focus_weights(w, b):
    """A sigmoid neuron with three inputs in [0, 1] that follows x2 and (almost) ignores x1 and x3."""
    try:
        w = np.asarray(w, dtype=float)
        b = float(b)
    except (TypeError, ValueError) as err:
        return report(False, "", f"w should be 3 numbers and b one number ({err}).")
    if w.shape != (3,):
        return report(False, "", f"w has shape {w.shape}; the neuron has three inputs, so w needs 3 numbers.")
    if not np.all(np.isfinite(w)) or not np.isfinite(b):
        return report(False, "", "w and b must be finite numbers.")
    grid = np.array([[a, c, e] for a in (0.0, 1.0) for c in (0.0, 1.0) for e in (0.0, 1.0)])
    out = sigmoid(grid @ w + b)
    low, high = out[grid[:, 1] == 0], out[grid[:, 1] == 1]
    if high.min() > 0.9 and low.max() < 0.1:
        return report(True, f"with x2 = 1 the output is at least {high.min():.3f}, with x2 = 0 at most "
                            f"{low.max():.3f}, whatever x1 and x3 are.", "")
    if w[1] < 0:
        return report(False, "", f"w2 = {w[1]:g} is negative, so x2 = 1 pushes the output DOWN: with x2 = 1 the "
                                 f"lowest output is {high.min():.3f}, but it should be above 0.9. Make w2 positive.")
    if abs(w[0]) >= abs(w[1]) or abs(w[2]) >= abs(w[1]):
        return report(False, "", f"w = {np.round(w, 3).tolist()}: the weight on x2 should be much larger in size "
                                 "than the weights on x1 and x3 (try w1 = w3 = 0).")
    alone = sigmoid(np.array([b, w[1] + b]))                  # x1 = x3 = 0: only x2 and b count
    if alone[0] < 0.1 and alone[1] > 0.9:
        off = []
        if low.max() >= 0.1:
            off.append(f"with x2 = 0 reaches {low.max():.3f} (want < 0.1)")
        if high.min() <= 0.9:
            off.append(f"with x2 = 1 drops to {high.min():.3f} (want > 0.9)")
        return report(False, "", f"with x1 = x3 = 0 it works, but as x1 and x3 change the output {' and '.join(off)}: "
                                 "w1 and w3 still move z too much. Make them smaller (try 0).")
    return report(False, "", f"with x2 = 1 the lowest output is {high.min():.3f} (want > 0.9) and with x2 = 0 "
                             f"the highest is {low.max():.3f} (want < 0.1). Make w2 large (say 10) and choose b "
                             "so that z is negative when x2 = 0 and positive when x2 = 1 (b = -w2 / 2).")
