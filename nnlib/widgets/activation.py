"""The activation explorer: an activation f applied to w z + b, with its slope, over z in [-6, 6].

Drawn in the browser by activation.js (maths in activation_maths.js); in a kernel ``.state`` is computed by
``nl.activation(name)`` and its ``.derivative``.
"""
import numpy as np

from ..activations import activation
from ._base import Explorer, Float, Int, List, View, dropdown, esm, number, slider

RANGES = {"step": "{0, 1}", "sigmoid": "(0, 1): never exactly 0 or 1", "tanh": "(-1, 1)", "relu": "[0, ∞)",
          "leaky_relu": "(-∞, ∞)", "identity": "(-∞, ∞)"}
ZS = np.linspace(-6.0, 6.0, 241)


class ActivationView(View):
    _esm = esm("activation")
    name = Int(1).tag(sync=True)                  # index into the names of RANGES (see View)
    w = Float(1.0).tag(sync=True)
    b = Float(0.0).tag(sync=True)
    zs = List().tag(sync=True)                    # the grid of z the curves are drawn on
    ranges = List().tag(sync=True)                # each activation's output range, in words


def activation_state(values):
    """nnlib's numbers: f(b) and w f'(b) (the value and slope at z = 0), and both curves over ZS."""
    act, w, b = activation(values["name"]), values["w"], values["b"]
    u = w * ZS + b
    return {"f0": act(b), "d0": w * act.derivative(b), "f": act(u), "df": w * act.derivative(u)}


def activation_explorer(name="sigmoid", weight=1.0, bias=0.0):
    """An activation f applied to one input's weighted sum: f(w z + b) and its slope d/dz = w f'(w z + b).

    Left: the function over z in [-6, 6]; right: its derivative. The readout gives the output range, and the value
    and slope at z = 0. name: "step", "sigmoid", "tanh", "relu", "leaky_relu" or "identity"; weight w and bias b:
    the starting sliders, in [-5, 5].
    """
    controls = {
        "name": dropdown("f", list(RANGES), name, name="name"),
        "w": slider("w", number("weight", weight, -5, 5), -5, 5),
        "b": slider("b", number("bias", bias, -5, 5), -5, 5),
    }
    view = ActivationView(zs=ZS.tolist(), ranges=list(RANGES.values()))
    return Explorer("activation_explorer", controls, view, activation_state)
