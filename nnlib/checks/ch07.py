"""Checks for chapter 7, "Momentum, SGD and Adam": ``from nnlib.checks import ch07 as check``."""
import numpy as np

from ..module import Parameter
from ..optim import SGD, Adam
from . import call, close, report
from .ch06 import _array


def _unpack(got, names, shape, tried):
    """(list of arrays of ``shape``, one per name, None) or (None, hint) for the tuple a learner returned."""
    what = ("a pair " if len(names) == 2 else "the triple ") + "(" + ", ".join(names) + ")"
    try:
        if isinstance(got, np.ndarray):
            raise TypeError
        parts = list(got)
    except TypeError:
        return None, f"{tried} returned {type(got).__name__}; return {what}."
    if len(parts) != len(names):
        return None, f"{tried} returned {len(parts)} values; return {what}."
    arrays = []
    for name, part in zip(names, parts):
        arr, hint = _array(part, shape, f"{tried} ({name})")
        if hint:
            return None, hint
        arrays.append(arr)
    return arrays, None

def momentum_step(fn):
    """``fn(w, v, grad, lr, beta)`` returns (w - lr * (beta v + grad), beta v + grad), as nl.SGD with momentum."""
    curv = np.array([1.0, 10.0])
    lr, beta = 0.05, 0.9
    p = Parameter(np.array([1.0, -2.0]))
    opt = SGD([p], lr=lr, momentum=beta)
    w, v = p.data.copy(), np.zeros(2)
    for step in range(1, 6):
        g = curv * w
        tried = (f"momentum_step(w={np.round(w, 4).tolist()}, v={np.round(v, 4).tolist()}, "
                 f"grad={np.round(g, 4).tolist()}, lr={lr}, beta={beta}) at step {step}")
        got, err = call(fn, w.copy(), v.copy(), g.copy(), lr, beta)
        if err:
            return report(False, "", f"{tried}: {err}.")
        parts, hint = _unpack(got, ("new_w", "new_v"), (2,), tried)
        if hint:
            return report(False, "", hint)
        new_w, new_v = parts
        p.grad[:] = g                      # nnlib's step from the same point
        opt.step()
        want_w, want_v = p.data.copy(), opt.velocity[0].copy()
        if close(new_w, want_w) and close(new_v, want_v):
            w, v = new_w, new_v
            p.data[:] = w
            continue
        expect = f"expected w = {np.round(want_w, 4).tolist()}, v = {np.round(want_v, 4).tolist()}"
        gotten = f"got w = {np.round(new_w, 4).tolist()}, v = {np.round(new_v, 4).tolist()}"
        if close(new_w, want_w) and close(new_v, beta * v - lr * g):
            h = ("your w is right, but v follows the other convention (v = beta v - lr grad, w = w + v). Use "
                 "nnlib's and PyTorch's: v = beta v + grad, then w = w - lr v.")
        elif close(new_v, want_v) and close(new_w, w - lr * v):
            h = "the weights moved with the old velocity: update v first, then w = w - lr * new_v."
        elif close(new_v, want_v) and close(new_w, w + lr * want_v):
            h = "sign error: w = w - lr * v (against the gradient)."
        elif close(new_v, beta * v + (1 - beta) * g):
            h = ("that velocity is the damped form beta v + (1 - beta) grad. nnlib and PyTorch use "
                 "v = beta v + grad.")
        elif close(new_v, v + g):
            h = "beta is missing: the old velocity is multiplied by beta before the gradient is added."
        elif close(new_v, beta * g + v):
            h = "beta multiplies the old velocity, not the gradient: v = beta * v + grad."
        else:
            h = "v = beta * v + grad, then w = w - lr * v."
        return report(False, "", f"{tried}: {gotten}, {expect}. {h}")
    return report(True, "five steps with momentum, identical to nl.SGD(params, lr=0.05, momentum=0.9).", "")


def _sig(arr):
    """An array as a short list, 4 significant digits (Adam's v holds numbers as small as 1e-12)."""
    return "[" + ", ".join(f"{x:.4g}" for x in np.asarray(arr, dtype=float)) + "]"


def adam_step(fn):
    """``fn(w, m, v, grad, t, lr, beta1, beta2, eps)`` returns (new_w, new_m, new_v), as nl.Adam takes its step t.

    One weight has a tiny gradient (curvature 1e-4), so that an eps in the wrong place shows."""
    curv = np.array([1.0, 10.0, 1e-4])
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    p = Parameter(np.array([1.0, -2.0, 0.5]))
    opt = Adam([p], lr=lr, betas=(b1, b2), eps=eps)
    w, m, v = p.data.copy(), np.zeros(3), np.zeros(3)
    for t in range(1, 6):
        g = curv * w
        tried = (f"adam_step(w={_sig(w)}, m={_sig(m)}, v={_sig(v)}, grad={_sig(g)}, t={t}, lr={lr}, beta1={b1}, "
                 f"beta2={b2}, eps={eps:g})")
        with np.errstate(all="ignore"):
            got, err = call(fn, w.copy(), m.copy(), v.copy(), g.copy(), t, lr, b1, b2, eps)
        if err:
            if "ZeroDivisionError" in err:
                return report(False, "", f"{tried}: {err}. The steps count from t = 1, so 1 - beta1 ** t is never "
                                         "0; is a correction using t - 1?")
            return report(False, "", f"{tried}: {err}.")
        parts, hint = _unpack(got, ("new_w", "new_m", "new_v"), (3,), tried)
        if hint:
            return report(False, "", hint)
        new_w, new_m, new_v = parts
        p.grad[:] = g                       # nnlib's step from the same point
        opt.step()
        want_w, want_m, want_v = p.data.copy(), opt.m[0].copy(), opt.v[0].copy()
        if close(new_w, want_w) and close(new_m, want_m) and close(new_v, want_v):
            w, m, v = new_w, new_m, new_v
            p.data[:] = w
            continue
        expect = f"expected w = {_sig(want_w)}, m = {_sig(want_m)}, v = {_sig(want_v)}"
        gotten = f"got w = {_sig(new_w)}, m = {_sig(new_m)}, v = {_sig(new_v)}"
        with np.errstate(all="ignore"):
            h = _adam_hint(w, m, v, g, t, lr, b1, b2, eps, (new_w, new_m, new_v), (want_w, want_m, want_v))
        return report(False, "", f"step {t}: {tried}: {gotten}, {expect}. {h}")
    return report(True, "five steps identical to nl.Adam(params, lr=0.1, betas=(0.9, 0.999), eps=1e-8); the first "
                        "moved every weight by about lr, however large or tiny its gradient.", "")


def _adam_hint(w, m, v, g, t, lr, b1, b2, eps, got, want):
    """The specific hint for a wrong Adam step. m, v: the averages passed in; got and want: (new_w, new_m, new_v)
    as returned and as nl.Adam has them."""
    new_w, new_m, new_v = got
    want_m, want_v = want[1:]
    if all(any(close(x, y) for y in want) for x in got):
        return "the numbers are right but in the wrong places: return (new_w, new_m, new_v), in this order."
    if not close(new_m, want_m):
        if close(new_m, b1 * m + g):
            return "m is an average: m = beta1 * m + (1 - beta1) * grad (the gradient is weighted by 1 - beta1)."
        return "m = beta1 * m + (1 - beta1) * grad."
    if not close(new_v, want_v):
        if close(new_v, b2 * v + (1 - b2) * g):
            return "v averages the SQUARED gradient: v = beta2 * v + (1 - beta2) * grad ** 2."
        if close(new_v, b2 * v + (1 - b2) * np.abs(g)) or close(new_v, b2 * v + (1 - b2) * np.sqrt(np.abs(g))):
            return "v averages the squared gradient, grad ** 2."
        return "v = beta2 * v + (1 - beta2) * grad ** 2."
    if not np.all(np.isfinite(new_w)):
        return ("your new w is not finite (inf or nan). The steps count from t = 1: a correction 1 - beta ** t "
                "is never 0, but 1 - beta ** (t - 1) is 0 at the first step.")

    def step(mm, vv, c1, c2, inside=False):
        root = np.sqrt(vv / c2 + eps) if inside else np.sqrt(vv / c2) + eps
        return w - lr * (mm / c1) / root

    c1, c2 = 1 - b1 ** t, 1 - b2 ** t
    old = "the step used the m (or v) passed in: update m and v first, then step with the new ones."
    wrongs = [
        (step(want_m, want_v, 1.0, 1.0), "the bias correction is missing: divide m by 1 - beta1 ** t and v by "
                                         "1 - beta2 ** t before the step (at t = 1, m is only a tenth of the "
                                         "gradient)."),
        (step(want_m, want_v, c1, 1.0), "v needs its bias correction too: v_hat = v / (1 - beta2 ** t)."),
        (step(want_m, want_v, 1.0, c2), "m needs its bias correction too: m_hat = m / (1 - beta1 ** t)."),
        (step(want_m, want_v, 1 - b1 ** (t + 1), 1 - b2 ** (t + 1)),
         "t is already the step number counted from 1 (the first call has t = 1): correct with beta ** t, "
         "not beta ** (t + 1)."),
        (step(want_m, want_v, c1, c2, inside=True), "eps goes outside the square root: sqrt(v_hat) + eps, not "
                                                    "sqrt(v_hat + eps). With a tiny gradient the difference is "
                                                    "large, as for the third weight here."),
        (step(m, want_v, c1, c2), old),
        (step(m, v, c1, c2), old),
        (w + (w - step(want_m, want_v, c1, c2)), "sign error: the step goes against the gradient, w - lr * ..."),
    ]
    for other, hint in wrongs:
        if close(new_w, other):
            return hint
    return "w = w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1 ** t), v_hat = v / (1 - beta2 ** t)."
