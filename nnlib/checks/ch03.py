"""Checks for chapter 3, "Activation functions": ``from nnlib.checks import ch03 as check``."""
import warnings

import numpy as np

from .. import activations as act
from . import call, close, report

_Z = np.array([-5.0, -1.0, 0.0, 0.5, 3.0])


def _quiet_call(fn, *args):
    """call(), but also report numpy warnings (overflow, invalid value) as the hint."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
            got, err = call(fn, *args)
    problems = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return got, err, problems


def sigmoid(fn):
    """``fn(z)`` is the sigmoid, element-wise, for arrays, and does not overflow for large negative z."""
    want = act.sigmoid(_Z)
    got, err, warns = _quiet_call(fn, _Z.copy())
    tried = f"sigmoid({_Z.tolist()})"
    if err:
        nudge = " Use np.exp, which works on whole arrays (math.exp takes one number)." if "scalar" in err else ""
        return report(False, "", f"{tried}: {err}.{nudge}")
    if not close(got, want):
        if close(got, 1.0 / (1.0 + np.exp(_Z))):
            return report(False, "", f"{tried} gave {np.round(got, 4).tolist()}: the curve is mirrored. "
                                     "sigmoid(z) = 1 / (1 + exp(-z)), with a minus sign in the exponent; with "
                                     "e = exp(-|z|), 1 / (1 + e) belongs to z >= 0 and e / (1 + e) to z < 0.")
        if close(got, act.sigmoid(np.abs(_Z))):
            return report(False, "", f"{tried} gave {np.round(got, 4).tolist()}: right for z >= 0, but negative z "
                                     "got sigmoid(|z|) > 0.5. For z < 0 use e / (1 + e), with np.where choosing.")
        return report(False, "", f"{tried} gave {np.round(np.asarray(got, dtype=float), 4).tolist() if np.shape(got) == _Z.shape else got!r}, "
                                 f"expected {np.round(want, 4).tolist()}.")
    big = np.array([-1000.0, 1000.0])
    got, err, warns = _quiet_call(fn, big)
    if err or warns or not close(got, [0.0, 1.0]):
        if not err and warns and close(got, [0.0, 1.0]):
            # right numbers, but numpy warned: typically np.where with exp(-z) or exp(z) in one of its branches
            return report(False, "", f"sigmoid([-1000, 1000]) gives the right numbers, but numpy warned: {warns[0]}. "
                                     "np.where computes BOTH branches for every z, so a branch with exp(-z) or "
                                     "exp(z) still overflows. Compute e = exp(-|z|) once (always <= 1) and use it "
                                     "in both branches: 1 / (1 + e) and e / (1 + e).")
        why = err or (warns[0] if warns else f"it gave {got!r}")
        return report(False, "", f"right values for ordinary z, but sigmoid([-1000, 1000]) has a problem: {why}. "
                                 "np.exp overflows past about 709, and exp(-z) = exp(1000) for z = -1000. Compute "
                                 "e = exp(-|z|) (always <= 1) and use 1 / (1 + e) where z >= 0 and e / (1 + e) "
                                 "where z < 0 (np.where).")
    return report(True, "right values, and no overflow at z = -1000 or z = 1000.", "")


def sigmoid_derivative(fn):
    """``fn(z)`` is sigmoid'(z) = s (1 - s) with s = sigmoid(z), element-wise."""
    want = act.activation("sigmoid").derivative(_Z)
    got, err, warns = _quiet_call(fn, _Z.copy())
    tried = f"sigmoid_derivative({_Z.tolist()})"
    if err:
        return report(False, "", f"{tried}: {err}")
    if close(got, want):
        far = np.array([-800.0, 800.0])                  # sigmoid' is about 1e-348 there: 0 in float64
        got_far, err, warns = _quiet_call(fn, far.copy())
        if err or warns or not close(got_far, np.zeros(2)):
            return report(False, "", f"sigmoid_derivative({far.tolist()}) gave "
                                     f"{err or warns or np.asarray(got_far).tolist()}, expected [0.0, 0.0]: a "
                                     "formula with exp(-z) or exp(z) on its own overflows for large |z|. Compute "
                                     "s = sigmoid(z) with your stable sigmoid, then return s * (1 - s).")
        got0, _, _ = _quiet_call(fn, np.array([0.0]))
        return report(True, f"sigmoid'(0) = {float(np.ravel(got0)[0]):.4f}, the steepest point; "
                            "it fades towards 0 on both sides.", "")
    s = act.sigmoid(_Z)
    if close(got, _Z * (1 - _Z)):
        return report(False, "", f"{tried}: you used z in place of s. First compute s = sigmoid(z), "
                                 "then return s * (1 - s).")
    if close(got, s * (1 + s)) or close(got, s * (s - 1)):
        return report(False, "", f"{tried} gave {np.round(got, 4).tolist()}: check the sign, it is s * (1 - s), "
                                 "which is never negative and at most 0.25.")
    if close(got, s):
        return report(False, "", f"{tried} returned sigmoid(z) itself; the derivative is s * (1 - s).")
    if close(got, 1 - s * s):
        return report(False, "", f"{tried}: 1 - s² is the form of tanh's derivative; the sigmoid's is s * (1 - s).")
    return report(False, "", f"{tried} gave {got!r}, expected {np.round(want, 4).tolist()} = s * (1 - s).")


def relu_derivative(fn):
    """``fn(z)`` is 1.0 where z > 0 and 0.0 elsewhere (we take 0 at z = 0, as nnlib does)."""
    z = np.array([-2.0, -0.1, 0.0, 0.1, 3.0])
    want = act.activation("relu").derivative(z)
    got, err, _ = _quiet_call(fn, z.copy())
    tried = f"relu_derivative({z.tolist()})"
    if err:
        return report(False, "", f"{tried}: {err}")
    if close(got, want):
        return report(True, "slope 1 for positive z, 0 for negative z (and 0 at z = 0 by convention).", "")
    if close(got, act.relu(z)):
        return report(False, "", f"{tried} returned relu(z) itself; the derivative is the SLOPE: 1 where z > 0, else 0.")
    if close(got, [0, 0, 1, 1, 1]):
        return report(False, "", f"{tried} gave 1 at z = 0; this course (like nnlib and PyTorch) takes the "
                                 "slope at 0 to be 0: use z > 0, not z >= 0.")
    if close(got, np.sign(z)):
        return report(False, "", f"{tried} returned the sign of z, -1 for negative z; ReLU is flat there, so its "
                                 "slope is 0, not -1.")
    if np.shape(got) != z.shape:
        return report(False, "", f"{tried} returned shape {np.shape(got)}; return one slope per entry, shape {z.shape}.")
    return report(False, "", f"{tried} gave {got!r}, expected {want.tolist()}.")


def softmax(fn):
    """``fn(z)`` is softmax over the last axis, each row shifted by its own max so that it never overflows."""
    z = np.array([1.0, 2.0, 3.0])
    want = act.softmax(z)
    got, err, _ = _quiet_call(fn, z.copy())
    if err:
        return report(False, "", f"softmax([1, 2, 3]): {err}")
    if not close(got, want):
        if close(got, np.exp(z)):
            return report(False, "", "softmax([1, 2, 3]) returned exp(z); divide by the sum so the outputs add to 1.")
        return report(False, "", f"softmax([1, 2, 3]) gave {got!r}, expected {np.round(want, 4).tolist()}.")
    big = np.array([1000.0, 1001.0, 1002.0])
    got, err, warns = _quiet_call(fn, big)
    if err or warns or not close(got, want):
        why = err or (warns[0] if warns else f"it gave {got!r}")
        return report(False, "", f"softmax([1000, 1001, 1002]) should equal softmax([1, 2, 3]), but: {why}. "
                                 "np.exp overflows past about 709; subtract z.max() from z first (it cancels in "
                                 "the ratio).")
    wide = np.array([-1000.0, 0.0, 1000.0])
    got, err, warns = _quiet_call(fn, wide)
    if err or warns or not close(got, act.softmax(wide)):
        why = err or (warns[0] if warns else f"it gave {got!r}")
        return report(False, "", f"softmax([-1000, 0, 1000]) should be [0, 0, 1], but: {why}. Subtract the "
                                 "MAXIMUM (not the minimum or the mean): only then is every exponent <= 0, "
                                 "whatever the spread of the logits.")
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got, err, _ = _quiet_call(fn, Z.copy())
    if err or not close(got, act.softmax(Z)):
        return report(False, "", "works on one vector, but not on a batch of shape (2, 3) (each row should sum to "
                                 "1 on its own): take the max and the sum over the last axis with axis=-1, "
                                 "keepdims=True.")
    # Rows of very different scale: one maximum for the whole array leaves the small row at exp(-1000) = 0.
    Z = np.array([[1000.0, 1001.0, 1002.0], [1.0, 2.0, 3.0]])
    got, err, warns = _quiet_call(fn, Z.copy())
    if err or warns or not close(got, act.softmax(Z)):
        row = "" if err else f" (row 1 came back as {np.round(np.asarray(got, dtype=float)[1], 4).tolist()})"
        return report(False, "", "softmax([[1000, 1001, 1002], [1, 2, 3]]) should give softmax([1, 2, 3]) in both "
                                 f"rows, but it did not{row}. Subtracting the largest entry of the whole array "
                                 "pushes the second row down to exp(-1001) = 0, and 0 / 0 is nan: subtract each "
                                 "row's own maximum, z.max(axis=-1, keepdims=True).")
    return report(True, "sums to 1, survives z = 1000, and works row by row on a batch, even when the rows' "
                        "scales differ.", "")


def _compose_parts(W1, b1, W2, b2, got):
    """(W, b, None) as float arrays from the learner's return value, or (None, None, hint)."""
    try:
        if isinstance(got, np.ndarray):
            raise TypeError
        W, b = got
        return np.asarray(W, dtype=float), np.asarray(b, dtype=float), None
    except (TypeError, ValueError):
        return None, None, f"returned {type(got).__name__}; return a pair (W, b)."


def _compose_w_hint(W1, W2, W):
    """What is wrong with W, or None when W = W2 @ W1."""
    M, D = W2.shape[0], W1.shape[1]
    if W.shape == (M, D) and close(W, W2 @ W1):
        return None
    if W1.shape[1] == W2.shape[0] and close(W, W1 @ W2):
        return "W is W1 @ W2: the first layer acts first, so it sits on the right: W = W2 @ W1."
    if W.shape == (D, M) and close(W, (W2 @ W1).T):
        return "W is transposed: W = W2 @ W1 has shape (outputs, inputs)."
    if W.shape == W1.shape == W2.shape and close(W, W1 * W2):
        return "W multiplies W1 and W2 entry by entry; the layers compose by a matrix product: W = W2 @ W1."
    if W.shape != (M, D):
        return (f"W has shape {W.shape}; it maps {D} inputs to {M} outputs, so it must be ({M}, {D}). "
                "W = W2 @ W1.")
    return "W is not W2 @ W1: apply W1 first, then W2, so W = W2 @ W1."


def _compose_b_hint(b1, W2, b2, b):
    """What is wrong with b, or None when b = W2 @ b1 + b2."""
    M = W2.shape[0]
    if b.shape == (M,) and close(b, W2 @ b1 + b2):
        return None
    if b.shape == (M,) and close(b, b2):
        return "b is only b2: the first bias b1 also passes through W2, so b = W2 @ b1 + b2."
    if b.shape == (M,) and close(b, W2 @ b1):
        return "b is W2 @ b1 without b2: add the second layer's own bias, b = W2 @ b1 + b2."
    if b1.shape == b2.shape and b.shape == (M,) and close(b, W2 @ (b1 + b2)):
        return "b is W2 @ (b1 + b2): b2 is added after W2, not passed through it, so b = W2 @ b1 + b2."
    if b1.shape == b2.shape and b.shape == b1.shape and close(b, b1 + b2):
        return "b is b1 + b2, but b1 passes through the second layer's weights first: b = W2 @ b1 + b2."
    if W2.shape[0] == W2.shape[1] and b.shape == (M,) and close(b, W2.T @ b1 + b2):
        return ("b uses W2 transposed (b1 @ W2 is W2.T @ b1): the bias goes through W2 like any input, "
                "b = W2 @ b1 + b2.")
    if b.shape != (M,):
        return f"b has shape {b.shape}; it must be ({M},), one bias per output. b = W2 @ b1 + b2."
    return f"b = {np.round(b, 4).tolist()}, expected W2 @ b1 + b2 = {np.round(W2 @ b1 + b2, 4).tolist()}."


def _compose_diagnosis(W1, b1, W2, b2, got):
    """A hint naming the part that is wrong (W, b or both), or None when (W, b) is right."""
    W, b, hint = _compose_parts(W1, b1, W2, b2, got)
    if hint:
        return hint
    w_hint, b_hint = _compose_w_hint(W1, W2, W), _compose_b_hint(b1, W2, b2, b)
    if w_hint and b_hint:
        return f"both parts are off. {w_hint} And {b_hint[0].lower()}{b_hint[1:]}"
    if w_hint:
        return f"b is right, but {w_hint[0].lower()}{w_hint[1:]}"
    if b_hint:
        return f"W is right, but {b_hint[0].lower()}{b_hint[1:]}"
    return None


def compose(fn):
    """``fn(W1, b1, W2, b2)`` returns (W, b) with W2 (W1 x + b1) + b2 = W x + b for every x.

    First all sizes equal (3 inputs, 3 hidden, 3 outputs), where no product can fail on shapes, so the check
    can tell which part is wrong, W or b; then different sizes, where a product in the wrong order fails.
    """
    rng = np.random.default_rng(3)
    sq = [np.round(rng.normal(size=shape), 2) for shape in [(3, 3), 3, (3, 3), 3]]
    W1, b1 = np.round(rng.normal(size=(4, 3)), 2), np.round(rng.normal(size=4), 2)
    W2, b2 = np.round(rng.normal(size=(2, 4)), 2), np.round(rng.normal(size=2), 2)
    square = "compose(W1 (3, 3), b1 (3,), W2 (3, 3), b2 (3,))"
    got, err = call(fn, *(a.copy() for a in sq))
    if err:
        return report(False, "", f"{square}: {err}.")
    hint = _compose_diagnosis(*sq, got)
    if hint:
        return report(False, "", f"{square}: {hint}")
    tried = "compose(W1 of shape (4, 3), b1 (4,), W2 of shape (2, 4), b2 (2,))"
    got, err = call(fn, W1.copy(), b1.copy(), W2.copy(), b2.copy())
    if err:
        hint = f"{tried}: {err}."
        if "matmul" in err or "aligned" in err or "shapes" in err or "broadcast" in err:
            hint += (" With all sizes 3 your answer was right, so something in it only works when the sizes are "
                     "equal: a product in the wrong order, or a size written in by hand. The first layer acts first: W = W2 @ W1 (2, 4) @ (4, 3), and its bias "
                     "goes through W2 like any input: W2 @ b1, (2, 4) @ (4,).")
        return report(False, "", hint)
    hint = _compose_diagnosis(W1, b1, W2, b2, got)
    if hint:
        return report(False, "", f"{tried}: {hint}")
    return report(True, "W = W2 W1 and b = W2 b1 + b2: two linear layers are one linear layer.", "")
