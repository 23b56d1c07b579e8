"""Checks for chapter 4, "Layers and networks": ``from nnlib.checks import ch04 as check``."""
import numpy as np

from ..activations import sigmoid
from ..datasets import logic_gate
from . import call, close, report


def _relu(z):
    return np.maximum(z, 0.0)


def two_layer_forward(fn):
    """``fn(X, W1, b1, W2, b2)`` computes relu(X @ W1.T + b1) @ W2.T + b2."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(5, 3))                      # N = 5, D = 3
    W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=4)     # H = 4
    W2, b2 = rng.normal(size=(2, 4)), rng.normal(size=2)     # K = 2
    tried = "two_layer_forward(X (5, 3), W1 (4, 3), b1 (4,), W2 (2, 4), b2 (2,))"
    got, err = call(fn, X.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
    if err:
        if "shape" in err or "mismatch" in err or "align" in err:
            err += (". W1 is (out, in) = (4, 3) and X is (5, 3): multiply X @ W1.T to get (5, 4), "
                    "and the hidden outputs by W2.T")
        return report(False, "", f"{tried}: {err}.")
    want = _relu(X @ W1.T + b1) @ W2.T + b2
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return report(False, "", f"{tried} returned {type(got).__name__}; return a numpy array of shape (5, 2).")
    if got.shape != want.shape:
        return report(False, "", f"{tried} returned shape {got.shape}, expected (5, 2) = (N, K): one row per "
                                 "input, one column per output neuron.")
    if close(got, want):
        return report(True, "relu(X @ W1.T + b1) @ W2.T + b2, shapes (5, 3) -> (5, 4) -> (5, 2).", "")
    wrongs = [
        (_relu(X @ W1.T) @ W2.T + b2, "the hidden layer's bias b1 is missing: Z1 = X @ W1.T + b1."),
        (_relu(X @ W1.T + b1) @ W2.T, "the output bias b2 is missing: add b2 after H @ W2.T."),
        ((X @ W1.T + b1) @ W2.T + b2, "the ReLU between the layers is missing: H = np.maximum(Z1, 0)."),
        (_relu(_relu(X @ W1.T + b1) @ W2.T + b2), "the output layer has no activation here: do not apply ReLU "
                                                  "to the final result."),
        (1 / (1 + np.exp(-(X @ W1.T + b1))) @ W2.T + b2, "this network uses ReLU in the hidden layer, "
                                                         "not sigmoid: np.maximum(Z1, 0)."),
    ]
    for other, hint in wrongs:
        if close(got, other):
            return report(False, "", f"{tried}: {hint}")
    return report(False, "", f"{tried}: got {np.round(got[0], 3).tolist()} in row 0, expected "
                             f"{np.round(want[0], 3).tolist()}. Compute Z1 = X @ W1.T + b1, H = relu(Z1), "
                             "out = H @ W2.T + b2.")


def _bump_net(W1, b1, W2, b2, x):
    return (sigmoid(x @ W1.T + b1) @ W2.T + b2).ravel()


def bump_weights(fn):
    """``fn(left, right, height, steepness)`` returns (W1, b1, W2, b2) of a bump network."""
    x = np.linspace(-3, 3, 121).reshape(-1, 1)
    for left, right, height, s in [(-0.5, 1.0, 2.0, 20.0), (0.5, 2.0, -1.0, 8.0)]:
        tried = f"bump_weights(left={left}, right={right}, height={height}, steepness={s})"
        got, err = call(fn, left, right, height, s)
        if err:
            return report(False, "", f"{tried}: {err}.")
        try:
            W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in got)
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {got!r}; return four arrays (W1, b1, W2, b2).")
        shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
        if shapes != [(2, 1), (2,), (1, 2), (1,)]:
            return report(False, "", f"{tried} returned shapes {shapes}; expected W1 (2, 1), b1 (2,), W2 (1, 2), "
                                     "b2 (1,) (nnlib's (out, in) layout).")
        want = height * (sigmoid(s * (x - left)) - sigmoid(s * (x - right))).ravel()
        out = _bump_net(W1, b1, W2, b2, x)
        if close(out, want, 1e-6):
            continue
        W1w, W2w = np.array([[s], [s]]), np.array([[height, -height]])
        if close(W1, W1w) and close(b1, [s * left, s * right]):
            hint = "the bias has the wrong sign: s (x - a) = s x - s a, so the bias is -s * a."
        elif close(W1, W1w) and close(b1, [-left, -right]):
            hint = "the bias must be multiplied by the steepness too: s (x - a) = s x - s a."
        elif close(np.abs(W2), np.abs(W2w)) and np.sign(W2[0, 0]) == np.sign(W2[0, 1]):
            hint = ("both output weights have the same sign, so the two steps add up instead of cancelling: use "
                    "+height for the step at left and -height for the step at right.")
        elif close(W2, -W2w):
            hint = "the bump is upside down: the step at left gets +height, the step at right -height."
        elif close(W1, [[1.0], [1.0]]):
            hint = "the hidden weights should be the steepness s, not 1."
        else:
            hint = (f"the network's output at x = {x[60, 0]:g} is {out[60]:.4f}, expected {want[60]:.4f}. Hidden "
                    "neuron 1: weight s, bias -s*left; neuron 2: weight s, bias -s*right; output weights "
                    "(height, -height), bias 0.")
        return report(False, "", f"{tried}: {hint}")
    return report(True, "two steep sigmoids, one subtracted from the other, make the bump you asked for.", "")


def xor_network(W1, b1, W2, b2):
    """Three step neurons (z >= 0 fires) with these weights compute XOR."""
    try:
        W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    except (TypeError, ValueError) as err:
        return report(False, "", f"the weights should be numbers ({err}).")
    shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
    if shapes != [(2, 2), (2,), (1, 2), (1,)]:
        return report(False, "", f"the shapes are {shapes}; expected W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,): "
                                 "two hidden neurons with two inputs each, one output neuron with two inputs.")
    X, y = logic_gate("XOR")
    H = (X @ W1.T + b1 >= 0).astype(float)
    out = (H @ W2.T + b2 >= 0).astype(float).ravel()
    if np.array_equal(out, y):
        rows = ", ".join(f"{X[i].astype(int).tolist()} -> hidden {H[i].astype(int).tolist()} -> {int(out[i])}"
                         for i in range(4))
        return report(True, f"XOR from three step neurons: {rows}.", "")
    wrong = [i for i in range(4) if out[i] != y[i]]
    rows = "; ".join(f"x = {X[i].astype(int).tolist()} gives hidden {H[i].astype(int).tolist()} and output "
                     f"{int(out[i])}, XOR wants {y[i]}" for i in wrong)
    # Can any output neuron separate these hidden outputs? (hidden values are 0/1: a small grid search decides)
    grid = np.arange(-2.0, 2.01, 0.5)
    separable = any(np.array_equal((H @ np.array([a, c]) + d >= 0).astype(int), y)
                    for a in grid for c in grid for d in grid)
    if separable:
        nudge = ("Your hidden layer is fine: its outputs can be separated. Fix the output neuron; for OR of the "
                 "two hidden answers try W2 = [[1, 1]] with a bias between -1 and 0.")
    else:
        fire_in = {tuple(H[i]) for i in range(4) if y[i] == 1}
        silent_in = {tuple(H[i]) for i in range(4) if y[i] == 0}
        if fire_in & silent_in:
            nudge = ("A row that should fire and a row that should not get the same hidden outputs, so no output "
                     "neuron can tell them apart: fix the hidden layer first. Check each hidden neuron on all four "
                     "inputs.")
        else:
            nudge = ("No single output line separates these hidden outputs: fix the hidden layer. Aim for hidden "
                     "neuron 1 firing on (1, 0) only and neuron 2 on (0, 1) only.")
    return report(False, "", f"{rows}. {nudge}")
