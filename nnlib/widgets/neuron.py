"""The neuron explorer: weights, bias, threshold and inputs -> z, the output, and whether the neuron fires.

Drawn in the browser by neuron.js (maths in neuron_maths.js); in a kernel ``.state`` is computed by ``nl.Neuron``.
"""
from ..neuron import Neuron
from ._base import Explorer, Float, Int, View, dropdown, esm, number, pair, slider

ACTIVATION_NAMES = ["step", "sigmoid", "tanh", "relu"]


class NeuronView(View):
    _esm = esm("neuron")
    w1 = Float(1.0).tag(sync=True)
    w2 = Float(1.0).tag(sync=True)
    b = Float(-1.5).tag(sync=True)
    theta = Float(0.0).tag(sync=True)
    x1 = Float(1.0).tag(sync=True)
    x2 = Float(1.0).tag(sync=True)
    activation = Int(0).tag(sync=True)        # index into ACTIVATION_NAMES (see View)


def neuron_state(values):
    """nnlib's numbers for the controls' values: z, the output and whether the neuron fires."""
    neuron = Neuron([values["w1"], values["w2"]], values["b"], activation=values["activation"],
                    threshold=values["θ"])
    x = [values["x1"], values["x2"]]
    return {"z": neuron.weighted_sum(x), "output": neuron(x), "fires": neuron.fires(x)}


def neuron_explorer(weights=(1.0, 1.0), bias=-1.5, threshold=0.0, x=(1.0, 1.0), activation="step"):
    """One neuron with two inputs: z = w1 x1 + w2 x2 + b, output f(z), and it fires when z >= θ.

    Left: the input plane [-2, 2]² with the decision line w1 x1 + w2 x2 + b = θ, the firing side shaded and the
    current input (x1, x2) as a dot (filled when the neuron fires). Right: the activation f(z) with the current z
    and the threshold θ. Arguments set the starting sliders: weights (w1, w2) and bias b in [-3, 3], threshold θ
    in [-3, 3], input x = (x1, x2) in [-2, 2]², activation "step", "sigmoid", "tanh" or "relu".
    """
    w1, w2 = pair("weights", weights, -3, 3)
    x1, x2 = pair("x", x, -2, 2)
    controls = {
        "x1": slider("x1", x1, -2, 2), "x2": slider("x2", x2, -2, 2),
        "w1": slider("w1", w1, -3, 3), "w2": slider("w2", w2, -3, 3),
        "b": slider("b", number("bias", bias, -3, 3), -3, 3),
        "θ": slider("θ", number("threshold", threshold, -3, 3), -3, 3),
        "activation": dropdown("f", ACTIVATION_NAMES, activation, name="activation"),
    }
    return Explorer("neuron_explorer", controls, NeuronView(), neuron_state,
                    rows=[["x1", "x2", "activation"], ["w1", "w2"], ["b", "θ"]])
