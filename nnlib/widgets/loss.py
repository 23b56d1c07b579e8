"""The loss explorer: one prediction, scored two ways; move the logit z, the neuron's probability is p = σ(z).

Drawn in the browser by loss.js (maths in loss_maths.js); in a kernel ``.state`` is computed by ``nl.sigmoid``,
``nl.MSELoss`` and ``nl.BCEWithLogitsLoss``.
"""
import ipywidgets as W
import numpy as np

from ..activations import sigmoid
from ..losses import BCEWithLogitsLoss, MSELoss
from ._base import STYLE, Explorer, Float, Int, List, View, esm, number, slider

ZS = np.linspace(-8.0, 8.0, 161)


class LossView(View):
    _esm = esm("loss")
    z = Float(2.0).tag(sync=True)
    target = Int(1).tag(sync=True)                # index into the options [0, 1], which is the target itself
    zs = List().tag(sync=True)                    # the grid of z for the curves


def loss_state(values):
    """nnlib's numbers at the logit z and target t; for the curves over ZS, the per-sample terms of the same
    losses (nnlib's losses return the mean only: tests/test_widgets.py checks each term against them)."""
    z, t = values["z"], float(values["target"])
    ps = sigmoid(ZS)
    return {"p": float(sigmoid(z)), "mse": MSELoss()(sigmoid(np.array([z])), np.array([t])),
            "bce": BCEWithLogitsLoss()(np.array([z]), np.array([t])), "ps": ps, "mse_curve": (ps - t) * (ps - t),
            "bce_curve": np.maximum(ZS, 0.0) - ZS * t + np.log1p(np.exp(-np.abs(ZS)))}


def loss_explorer(target=1, logit=2.0):
    """One prediction, scored two ways: move the logit z; the neuron's probability is p = σ(z).

    MSE scores the probability, (p − t)²; binary cross-entropy scores the logit, −[t log p + (1 − t) log(1 − p)].
    Left: p = σ(z) and the target; right: both losses as functions of z with the current point.
    target: the label t (0 or 1); logit: the starting z, in [-8, 8].
    """
    if target not in (0, 1) or isinstance(target, bool) or not isinstance(target, (int, float)):
        raise ValueError(f"target must be 0 or 1, but got {target!r}.")
    controls = {
        "z": slider("z", number("logit", logit, -8, 8), -8, 8),
        "target": W.ToggleButtons(options=[0, 1], value=int(target), description="target",
                                  style={**STYLE, "button_width": "40px"}),
    }
    return Explorer("loss_explorer", controls, LossView(zs=ZS.tolist()), loss_state)
