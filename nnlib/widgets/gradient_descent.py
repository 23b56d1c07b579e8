"""The gradient-descent explorer: the path of ``nl.SGD`` on a loss surface, and what it does in words.

Drawn in the browser by gradient_descent.js (maths in gradient_descent_maths.js, the twin of this file); in a
kernel ``.state`` comes from ``descend`` below, which takes real ``nl.SGD`` steps on an ``nl.Parameter``.

The verdict rule, the same here and in the JavaScript:

- **diverges**: the path left the box |w_i| <= 1000 (the run stops there) or its final loss is above its start;
- **oscillates**: otherwise, if some coordinate's step changed sign at least twice (it overshoots, zig-zags);
- **converges**: otherwise, if the slope |grad L| at the end is at most 5% of the slope at the start;
- **too slow**: otherwise (the steps ran out before the path came near a minimum).
"""
import numpy as np
from traitlets import Float, Int

from ..module import Parameter
from ..optim import SGD
from ._base import Explorer, View, dropdown, esm, int_slider, log_slider, slider

BOX, REACHED, SHAPE = 1e3, 0.05, 0.5
# name -> (start, loss(w1, w2), gradient(w1, w2)); the two valleys' barrier is at w1 = 0, the deeper one at w1 < 0
SURFACES = {
    "bowl": ((-1.8, 0.9), lambda a, b: 0.5 * (a * a + 10 * b * b), lambda a, b: (a, 10 * b)),
    "two valleys": ((1.8, 0.9), lambda a, b: a ** 4 / 4 + SHAPE * a ** 3 / 3 - a * a / 2 + b * b,
                    lambda a, b: (a ** 3 + SHAPE * a * a - a, 2 * b)),
}


def bowl_loss(w):
    """The bowl L(w) = 0.5 (w1² + 10 w2²), a long narrow valley, for w: (..., 2)."""
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * (w[..., 0] ** 2 + 10 * w[..., 1] ** 2)


def descend(lr, steps, momentum=0.0, surface="bowl"):
    """``steps`` steps of ``nl.SGD(lr, momentum)`` from the surface's start -> the path, (k + 1, 2), k <= steps.

    The run stops early once |w_i| > 1000 (it is diverging).
    """
    start, _, grad = SURFACES[surface]
    p = Parameter(np.array(start))
    opt = SGD([p], lr=lr, momentum=momentum)
    path = [p.data.copy()]
    with np.errstate(all="ignore"):
        for _ in range(int(steps)):
            opt.zero_grad()
            p.grad += grad(*p.data)
            opt.step()
            path.append(p.data.copy())
            if not np.all(np.abs(p.data) <= BOX):
                break
    return np.array(path)


def gradient_descent_state(values):
    """nnlib's path for the controls and the verdict (the keys of gradient_descent_maths.js ``compute``)."""
    surface = values["surface"]
    _, loss, grad = SURFACES[surface]
    path = descend(values["lr"], values["steps"], values["momentum"], surface)
    losses = np.array([loss(*w) for w in path])
    grad0, grad_end = np.hypot(*grad(*path[0])), np.hypot(*grad(*path[-1]))
    moves = np.diff(path, axis=0)
    reversals = int(np.sum(moves[:-1] * moves[1:] < 0))
    left = not np.all(np.abs(path[-1]) <= BOX)
    reached = bool(grad_end <= REACHED * grad0)
    if left or not losses[-1] <= losses[0]:
        verdict = "diverges"
    elif reversals >= 2:
        verdict = "oscillates"
    else:
        verdict = "converges" if reached else "too slow"
    valley = ("deeper" if path[-1][0] < 0 else "shallower") if surface == "two valleys" and verdict != "diverges" else ""
    return {"path": path, "losses": losses, "final_loss": float(losses[-1]), "verdict": verdict,
            "reversals": reversals, "reached": reached, "left": left, "grad_end": float(grad_end),
            "steps_taken": len(path) - 1, "valley": valley}


class GradientDescentView(View):
    _esm = esm("gradient_descent")
    lr = Float(0.1).tag(sync=True)
    steps = Int(20).tag(sync=True)
    momentum = Float(0.0).tag(sync=True)
    surface = Int(0).tag(sync=True)          # index into SURFACES (see View)


def gradient_descent_explorer(lr=0.1, steps=20, momentum=0.0, surface="bowl"):
    """Gradient descent, ``nl.SGD`` with momentum, on a loss surface over two weights (w1, w2).

    Left: the surface, shaded by height, with the path of the steps; right: the loss after each step (above the
    lowest point, log scale). The readout gives the final loss and a verdict: converges, oscillates, diverges or
    too slow (rule in the module docstring). lr: 0.001 to 1.2; steps: 1 to 60; momentum: 0 to 0.95; surface:
    "bowl" (L = 0.5 (w1² + 10 w2²) from (-1.8, 0.9)) or "two valleys" (a local and a lower minimum, from (1.8, 0.9)).
    """
    controls = {
        "lr": log_slider("lr", lr, 0.001, 1.2, step=0.01),
        "steps": int_slider("steps", steps, 1, 60),
        "momentum": slider("momentum", momentum, 0.0, 0.95, step=0.05),
        "surface": dropdown("loss", list(SURFACES), surface, name="surface"),
    }
    return Explorer("gradient_descent_explorer", controls, GradientDescentView(), gradient_descent_state,
                    rows=[["lr", "steps"], ["momentum", "surface"]])
