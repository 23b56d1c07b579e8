"""Checks for chapter 5, "Loss functions": ``from nnlib.checks import ch05 as check``."""
import numpy as np

from ..activations import softmax
from ..losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from . import call, close, report


def _scalar(got, tried):
    """(float, None) or (None, hint) for a value that should be one number."""
    if isinstance(got, np.ndarray) and got.size != 1:
        return None, (f"{tried} returned an array of shape {got.shape}; return one number, the mean over every "
                      "entry (np.mean without an axis).")
    try:
        return float(got), None
    except (TypeError, ValueError):
        return None, f"{tried} returned {got!r}; return one number (a float)."


def mse(fn):
    """``fn(pred, target)`` returns mean((pred - target)²) over every entry."""
    pred = np.array([[2.5, 0.0], [2.0, 8.0], [-1.0, 0.5]])
    target = np.array([[3.0, -0.5], [2.0, 7.0], [1.0, 0.5]])
    tried = "mse(pred (3, 2), target (3, 2)) with errors [[-0.5, 0.5], [0, 1], [-2, 0]]"
    got, err = call(fn, pred.copy(), target.copy())
    if err:
        return report(False, "", f"{tried}: {err}.")
    val, hint = _scalar(got, tried)
    if hint:
        return report(False, "", hint)
    want = MSELoss()(pred, target)
    d = pred - target
    if close(val, want):
        return report(True, f"MSE = {want:.4f}, the same as nl.MSELoss.", "")
    wrongs = [
        (np.mean(d), "that is the mean error, where positive and negative errors cancel: square each error first."),
        (np.mean(np.abs(d)), "that is the mean absolute error: square each error instead of taking |error|."),
        (np.mean(d) ** 2, "that squares the mean error, where positive and negative errors cancel first: square "
                          "each error, then take the mean."),
        (np.mean(d * d) / 2, "that is half the MSE (some texts put a 1/2 in front to tidy the derivative): leave "
                             "it out here, as nl.MSELoss does."),
        (np.sum(d * d), "that is the sum of squared errors: divide by the number of entries (use np.mean)."),
        (np.sqrt(np.mean(d * d)), "that is the root of the MSE (RMSE): leave out the square root."),
        (np.mean(d * d, axis=0).mean() * 0 + np.sum(d * d) / len(d), "you divided by the number of rows (3), but "
                                                                      "the mean runs over all 6 entries."),
    ]
    for other, h in wrongs:
        if close(val, other):
            return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f}: {h}")
    return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f} = mean of the squared errors.")


def bce(fn):
    """``fn(p, y)`` returns mean(-[y log p + (1 - y) log(1 - p)]) for probabilities p."""
    p = np.array([0.9, 0.2, 0.6, 0.01, 0.7])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    tried = f"bce(p={p.tolist()}, y={y.astype(int).tolist()})"
    got, err = call(fn, p.copy(), y.copy())
    if err:
        return report(False, "", f"{tried}: {err}.")
    val, hint = _scalar(got, tried)
    if hint:
        return report(False, "", hint)
    want = BCEWithLogitsLoss()(np.log(p / (1 - p)), y)        # the same loss, from the matching logits
    per = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    if close(val, want):
        return report(True, f"BCE = {want:.4f}, the same as nl.BCEWithLogitsLoss on the logits log(p / (1 - p)).", "")
    wrongs = [
        (-per.mean(), "the result is negative: the logs of probabilities are negative, so the loss needs a minus "
                      "sign in front."),
        (np.mean(-(y * np.log(p))), "only the y log p term is there: add (1 - y) log(1 - p) for the targets 0."),
        (np.mean(-((1 - y) * np.log(1 - p))), "only the (1 - y) log(1 - p) term is there: add y log p for the "
                                              "targets 1."),
        (per.sum(), "that is the sum over the examples: take the mean."),
        (np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p))), "that uses log10: use the natural log, np.log."),
        (np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p))), "p and 1 - p are swapped: y = 1 goes with log p."),
        (np.mean(-np.log(p)), "both terms use log p: for the targets 0 the probability of the right answer is "
                              "1 - p, so the second term is (1 - y) log(1 - p)."),
    ]
    for other, h in wrongs:
        if close(val, other):
            return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f}: {h}")
    return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f} = mean of "
                             "-[y log p + (1 - y) log(1 - p)].")


def _log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def _same(a, b):
    """True when a and b agree entry by entry, inf and nan included (same places, same signs)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    if not (np.array_equal(np.isnan(a), np.isnan(b)) and np.array_equal(np.isposinf(a), np.isposinf(b))
            and np.array_equal(np.isneginf(a), np.isneginf(b))):
        return False
    fin = np.isfinite(a)
    return bool(np.allclose(a[fin], b[fin], rtol=1e-6, atol=1e-6))


def _non_finite_hint(z, got):
    """Why a log-softmax came back with inf or nan: name the mistake that produces exactly this output."""
    with np.errstate(all="ignore"):
        row_max = z - z.max(axis=1, keepdims=True)
        log_of_probs = np.log(np.exp(row_max) / np.exp(row_max).sum(axis=1, keepdims=True))
        log_of_naive_probs = np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
        one_max = z - z.max()
        one_max = one_max - np.log(np.exp(one_max).sum(axis=1, keepdims=True))
        no_shift = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    if _same(got, log_of_probs):
        return ("it returned -inf. Subtracting the row maximum was right, and nothing overflows, but you took the "
                "log of the probabilities (or of exp(shifted)): exp(-1000) underflows to 0, and log(0) = -inf. Do not form p at all: "
                "log p = shifted - log(sum(exp(shifted))). That sum is at least 1 (the largest entry contributes "
                "exp(0) = 1), so its log is always finite.")
    if _same(got, log_of_naive_probs):
        return ("it returned inf or nan. Two things go wrong: exp(1000) overflows (inf / inf is nan), and exp(-1000) "
                "underflows to 0, whose log is -inf. Subtract each row's maximum, then compute "
                "shifted - log(sum(exp(shifted))) instead of the log of a probability.")
    if _same(got, one_max):
        return ("it returned inf or nan. Subtract each row's own maximum, z.max(axis=1, keepdims=True), not "
                "one maximum for the whole array.")
    if _same(got, no_shift):
        return ("it returned inf or nan: np.exp(1000) overflows to inf. Subtract each row's largest logit "
                "before exponentiating (it changes nothing mathematically).")
    return ("it returned inf or nan. Subtract each row's largest logit first (then no exp overflows), and never take "
            "the log of a probability (tiny ones underflow to 0 and log(0) = -inf): "
            "log p = shifted - log(sum(exp(shifted))).")


def log_softmax(fn):
    """``fn(z)`` returns the stable log-softmax of each row of ``z: (N, K)``."""
    rng = np.random.default_rng(7)
    cases = [
        (rng.normal(scale=2.0, size=(4, 3)), "random logits (4, 3)"),
        (np.array([[1000.0, 0.0, -1000.0], [3.0, 1.0, 2.0]]), "logits [[1000, 0, -1000], [3, 1, 2]]"),
        (np.array([[1000.0, 999.0], [-1000.0, -1001.0]]), "logits [[1000, 999], [-1000, -1001]]"),
    ]
    for z, what in cases:
        tried = f"log_softmax({what})"
        with np.errstate(all="ignore"):
            got, err = call(fn, z.copy())
        if err:
            nudge = (" A row's max or sum has shape (N,) and cannot line up with z (N, K): pass keepdims=True to "
                     "max and sum." if "broadcast" in err else "")
            return report(False, "", f"{tried}: {err}.{nudge}")
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {type(got).__name__}; return an array of shape {z.shape}.")
        if got.shape != z.shape:
            return report(False, "", f"{tried} returned shape {got.shape}, expected {z.shape}: one log-probability "
                                     "per logit (use keepdims=True in max and sum).")
        want = _log_softmax(z)
        if close(got, want):
            continue
        with np.errstate(all="ignore"):
            col = z - z.max(axis=0, keepdims=True)
            col = col - np.log(np.exp(col).sum(axis=0, keepdims=True))
        if not np.all(np.isfinite(got)):
            hint = _non_finite_hint(z, got)
        elif close(got, softmax(z)):
            hint = ("those are the probabilities (softmax), not their logs. Do not just take np.log of them: a "
                    "probability like exp(-1000) underflows to 0 and log(0) = -inf. Compute "
                    "shifted - log(sum(exp(shifted))) directly.")
        elif close(got, col):
            hint = "it normalises over the wrong axis: each row (axis=1) holds one example's K logits."
        elif close(got, z - z.max(axis=1, keepdims=True)):
            hint = "that is only the shifted logits: subtract log(sum(exp(shifted))) of each row as well."
        elif close(got, want + z.max(axis=1, keepdims=True)):
            hint = ("it is off by each row's maximum: the log-sum-exp of the shifted logits goes with the shifted "
                    "logits, log p = (z - max) - log(sum(exp(z - max))).")
        elif close(got, -want):
            hint = "the sign is flipped: log-probabilities are <= 0."
        else:
            hint = (f"row 0 came back as {np.round(got[0], 4).tolist()}, expected {np.round(want[0], 4).tolist()}. "
                    "log p_k = z_k - log(sum_j exp(z_j)); each row's exp(log p) should sum to 1.")
        return report(False, "", f"{tried}: {hint}")
    return report(True, "stable log-softmax: each row's exp sums to 1, and logits of ±1000 stay finite.", "")


def cross_entropy(fn):
    """``fn(z, classes)`` returns the mean cross-entropy, like nl.CrossEntropyLoss."""
    rng = np.random.default_rng(8)
    z0 = rng.normal(scale=2.0, size=(5, 3))
    c0 = np.array([0, 2, 1, 1, 0])
    cases = [(z0, c0, "random logits (5, 3), classes [0, 2, 1, 1, 0]"),
             (np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]]), np.array([1, 1]),
              "logits [[1000, 0, -1000], [0, 1000, 0]], classes [1, 1]")]
    for z, c, what in cases:
        tried = f"cross_entropy({what})"
        with np.errstate(all="ignore"):
            got, err = call(fn, z.copy(), c.copy())
        if err:
            return report(False, "", f"{tried}: {err}.")
        val, hint = _scalar(got, tried)
        if hint:
            return report(False, "", hint + " Pick each row's entry with log_p[np.arange(N), classes]."
                          if "shape" in hint else hint)
        want = CrossEntropyLoss()(z, c)
        if close(val, want):
            continue
        lp = _log_softmax(z)
        wrongs = [
            (lp[np.arange(len(z)), c].mean(), "the result has the wrong sign: the loss is MINUS the mean "
                                              "log-probability of the correct class."),
            (-lp[np.arange(len(z)), c].sum(), "that is the sum over the examples: take the mean."),
            (-lp[:, c].mean(), "log_p[:, classes] picks a whole (N, N) block; use log_p[np.arange(N), classes] to "
                               "pick one entry per row."),
            (-lp.mean(), "that averages the log-probabilities of every class; take only the correct class of each row."),
        ]
        for other, h in wrongs:
            if close(val, other):
                return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f}: {h}")
        if val == np.inf:
            return report(False, "", f"{tried} returned inf: a probability of about exp(-1000) rounded to 0, and "
                                     "-log(0) = inf. Do not take the log of a probability: build the loss on your "
                                     "log_softmax (shifted - log(sum(exp(shifted)))), which stays finite.")
        if not np.isfinite(val):
            return report(False, "", f"{tried} returned {val}: the computation overflowed (exp(1000) is inf, and "
                                     "inf / inf is nan). Build it on your stable log_softmax (subtract each row's "
                                     "maximum).")
        return report(False, "", f"{tried} returned {val:.4f}, expected {want:.4f} (nl.CrossEntropyLoss). "
                                 "loss = mean over rows of -log_softmax(z)[row, class].")
    return report(True, "your cross-entropy matches nl.CrossEntropyLoss, also at logits of ±1000.", "")
