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
            hint = ("the bias has the wrong sign: w (x - s) = w x - w s, so a neuron stepping at s stores the bias "
                    "b = -w * s (here w is the steepness).")
        elif close(W1, W1w) and close(b1, [-left, -right]):
            hint = ("the bias must be multiplied by the steepness too: w (x - s) = w x - w s, so the bias is -w * s, "
                    "not -s.")
        elif close(np.abs(W2), np.abs(W2w)) and np.sign(W2[0, 0]) == np.sign(W2[0, 1]):
            hint = ("both output weights have the same sign, so the two steps add up instead of cancelling: use "
                    "+height for the step at left and -height for the step at right.")
        elif close(W2, -W2w):
            hint = "the bump is upside down: the step at left gets +height, the step at right -height."
        elif close(W1, [[1.0], [1.0]]):
            hint = "the hidden weights should be the steepness w, not 1."
        else:
            hint = (f"the network's output at x = {x[60, 0]:g} is {out[60]:.4f}, expected {want[60]:.4f}. Hidden "
                    "neuron 1: weight w, bias -w*left; neuron 2: weight w, bias -w*right; output weights "
                    "(height, -height), bias 0.")
        return report(False, "", f"{tried}: {hint}")
    return report(True, "two steep sigmoids, one subtracted from the other, make the bump you asked for.", "")


_INPUTS = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
# Fire patterns over the inputs (0, 0), (0, 1), (1, 0), (1, 1) that a hidden neuron of a three-neuron XOR can use:
# the chapter's two readings ("x1 and not x2" / "x2 and not x1", then OR; or OR and NAND, then AND).
_USEFUL = {(0, 0, 1, 0): "(1, 0) only", (0, 1, 0, 0): "(0, 1) only",
           (0, 1, 1, 1): "all but (0, 0) (OR)", (1, 1, 1, 0): "all but (1, 1) (NAND)"}


# Gates that can serve XOR next to the right partner although neither reading uses them: AND (with OR), NOR (with NAND).
_PARTNERS = {(0, 0, 0, 1): "(1, 1) only (AND)", (1, 0, 0, 0): "(0, 0) only (NOR)"}


def _fires_on(pattern):
    on = [_INPUTS[i] for i in range(4) if pattern[i]]
    return ", ".join(on) if on else "no input"


def _separable(H, y):
    """True when one step neuron can map the hidden outputs H (4, 2) of 0s and 1s to y (a small grid decides)."""
    grid = np.arange(-2.0, 2.01, 0.5)
    return any(np.array_equal((H @ np.array([a, c]) + d >= 0).astype(int), y)
               for a in grid for c in grid for d in grid)


def _bias_options(w, pattern_other, y):
    """Useful fire patterns that weights ``w`` reach by changing the bias only, as two lists of (name, low, high):
    those that work with the other hidden neuron's pattern, and the rest. Fires exactly on S when
    min(s[S]) + b >= 0 > max(s[~S]) + b."""
    s = np.array([0.0, w[1], w[0], w[0] + w[1]])         # w · x for the four inputs
    good, other = [], []
    for target, name in _USEFUL.items():
        on = np.array(target, dtype=bool)
        lo, hi = -s[on].min() + 0.0, -s[~on].max() + 0.0
        if lo < hi:
            H = np.array([target, pattern_other], dtype=float).T
            (good if _separable(H, y) else other).append((name, lo, hi))
    return good, other


def _hidden_hint(j, w, c, pattern, pattern_other, y, bias_only):
    """A hint for hidden neuron j (weights w, bias c) whose fire pattern cannot serve XOR, or None.

    AND and NOR are not among the chapter's two readings, but next to the right partner (OR and AND: "OR and not
    AND") one output neuron turns them into XOR; then the hidden layer is fine and the output layer needs the fix."""
    if pattern in _USEFUL:
        return None
    H = np.array([pattern, pattern_other], dtype=float).T if j == 0 else np.array([pattern_other, pattern]).T
    if pattern in _PARTNERS and _separable(H, y):
        return None
    where = f"hidden neuron {j + 1} (weights {np.round(w, 3).tolist()}, bias {c:g}) fires on {_fires_on(pattern)}"
    good, other = _bias_options(w, pattern_other, y)
    options = good + other
    if options:
        name, lo, hi = options[0]
        return (f"{where}. With these weights, a bias b with {lo:g} <= b < {hi:g} (for example {(lo + hi) / 2:g}) "
                f"makes it fire on {name}: z = w · x + b must be >= 0 exactly there.")
    if bias_only:
        return None
    return (f"{where}, and no bias makes these weights fire on one corner only. For \"x1 and not x2\" give x1 a "
            "positive weight and x2 a negative one, e.g. weights [1, -1] and bias -0.5.")


def xor_network(W1, b1, W2, b2):
    """Three step neurons (z >= 0 fires) with these weights compute XOR.

    The chapter's exercise names them xor_W1, xor_b1, xor_W2, xor_b2 (W1, b1, W2, b2 hold the chapter's own
    OR/NAND network), and the hints use those names.

    A wrong answer gets the rows it gets wrong, then one step forward: a hidden neuron whose bias keeps it from a
    pattern XOR can use (with the range of biases that fixes it), or, when the hidden
    layer can serve XOR as it is (for example OR and AND), what the output neuron must do, or what is wrong with
    the hidden weights.
    """
    try:
        W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    except (TypeError, ValueError) as err:
        return report(False, "", f"the weights should be numbers ({err}).")
    shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
    if shapes != [(2, 2), (2,), (1, 2), (1,)]:
        return report(False, "", f"the shapes are {shapes}; expected xor_W1 (2, 2), xor_b1 (2,), xor_W2 (1, 2), "
                                 "xor_b2 (1,): "
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
    patterns = [tuple(H[:, j].astype(int).tolist()) for j in range(2)]
    # 1. a hidden neuron with sensible weights and a bias that puts its line in the wrong place
    for j in range(2):
        hint = _hidden_hint(j, W1[j], float(b1[j]), patterns[j], patterns[1 - j], y, bias_only=True)
        if hint:
            return report(False, "", f"{rows}. Fix the hidden layer first: {hint}")
    # 2. the hidden layer can serve XOR: say what the output neuron must do
    if _separable(H, y):
        fire = sorted({tuple(H[i].astype(int).tolist()) for i in range(4) if y[i] == 1})
        silent = sorted({tuple(H[i].astype(int).tolist()) for i in range(4) if y[i] == 0})
        show = lambda pts: " and ".join(str(list(p)) for p in pts)
        nudge = (f"Your hidden layer is fine as it is; the fix is in the output layer (xor_W2, xor_b2). The output "
                 f"neuron must fire for hidden outputs {show(fire)} and stay silent for {show(silent)}. Work out "
                 "z = xor_W2 · h + xor_b2 for each of them and choose them so that z >= 0 exactly for the first "
                 "group (a negative weight says \"not\").")
        return report(False, "", f"{rows}. {nudge}")
    # 3. the hidden weights themselves
    for j in range(2):
        hint = _hidden_hint(j, W1[j], float(b1[j]), patterns[j], patterns[1 - j], y, bias_only=False)
        if hint:
            return report(False, "", f"{rows}. Fix the hidden layer first: {hint}")
    if patterns[0] == patterns[1]:
        nudge = (f"both hidden neurons fire on {_USEFUL[patterns[0]]}, so the second adds nothing. Make them "
                 "different: one for (1, 0) and one for (0, 1), or one OR and one NAND.")
    else:
        nudge = (f"hidden neuron 1 fires on {_USEFUL[patterns[0]]} and neuron 2 on {_USEFUL[patterns[1]]}; this pair "
                 "cannot be combined into XOR by one output neuron. Use the pair (1, 0) only and (0, 1) only "
                 "(then OR), or OR and NAND (then AND).")
    return report(False, "", f"{rows}. Fix the hidden layer first: {nudge}")
