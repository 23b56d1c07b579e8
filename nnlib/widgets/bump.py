"""The bump builder: two steep sigmoid neurons make a step up and a step down; their difference is a bump.

Drawn in the browser by bump.js (maths in bump_maths.js); in a kernel ``.state`` is computed by ``nl.Neuron``
(sigmoid) and ``nl.MSELoss``.
"""
import numpy as np

from ..losses import MSELoss
from ..neuron import Neuron
from ._base import Explorer, Float, List, View, esm, number, slider

XS = np.linspace(-2.0, 2.0, 201)


def bump_target(x):
    """The curve the bump builder aims at: a narrow gaussian exp(-x²/0.1)."""
    return np.exp(-np.asarray(x) ** 2 / 0.1)


class BumpView(View):
    _esm = esm("bump")
    steepness = Float(10.0).tag(sync=True)
    left = Float(-0.5).tag(sync=True)
    right = Float(0.5).tag(sync=True)
    height = Float(1.0).tag(sync=True)
    xs = List().tag(sync=True)                    # the grid of x
    target = List().tag(sync=True)                # bump_target(xs)


def bump_state(values):
    """nnlib's numbers: the two neurons' outputs, the bump and its mean squared error against the target."""
    w = values["steepness"]                     # each neuron: weight w, bias b = -w * (its step point)
    up = Neuron([w], -w * values["left"], activation="sigmoid")(XS[:, None])
    down = Neuron([w], -w * values["right"], activation="sigmoid")(XS[:, None])
    bump = values["height"] * (up - down)
    return {"up": up, "down": down, "bump": bump, "mse": MSELoss()(bump, bump_target(XS))}


def bump_builder(steepness=10.0, left=-0.5, right=0.5, height=1.0):
    """Two sigmoid neurons of weight w (the ``steepness``) make a step up at ``left`` and a step down at ``right``
    (each neuron's step point s = -b/w, so its bias is b = -w s); their difference, scaled by ``height``, is a
    bump: height * (σ(w (x - left)) - σ(w (x - right))).

    Left: the two neurons' outputs; right: the bump against the target curve exp(-x²/0.1), with the mean squared
    error in the readout. Arguments: the starting steepness w in [1, 100], edges left and right in [-2, 2] and
    height in [-2, 2].
    """
    controls = {
        "steepness": slider("w", number("steepness", steepness, 1, 100), 1, 100, step=1, digits=0),
        "left": slider("left", number("left", left, -2, 2), -2, 2, step=0.05),
        "right": slider("right", number("right", right, -2, 2), -2, 2, step=0.05),
        "height": slider("height", number("height", height, -2, 2), -2, 2, step=0.05),
    }
    view = BumpView(xs=XS.tolist(), target=bump_target(XS).tolist())
    return Explorer("bump_builder", controls, view, bump_state, rows=[["steepness", "height"], ["left", "right"]])
