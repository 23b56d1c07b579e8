"""The logic-gate explorer: one step neuron (threshold 0) against a gate's truth table.

Drawn in the browser by gate.js (maths in gate_maths.js); in a kernel ``.state`` is computed by ``nl.Neuron``
on ``nl.logic_gate(gate)``, whose rows and targets the view embeds.
"""
from ..datasets import logic_gate
from ..neuron import Neuron
from ._base import Dict, Explorer, Float, Int, List, View, dropdown, esm, number, pair, slider

GATES = ["AND", "OR", "NAND", "XOR"]


class GateView(View):
    _esm = esm("gate")
    gate = Int(0).tag(sync=True)                  # index into GATES (see View)
    w1 = Float(1.0).tag(sync=True)
    w2 = Float(1.0).tag(sync=True)
    b = Float(-1.5).tag(sync=True)
    X = List().tag(sync=True)                     # the four rows (x1, x2), from nl.logic_gate
    targets = Dict().tag(sync=True)               # gate -> its four targets


def gate_state(values):
    """nnlib's numbers: each row's z, whether the neuron fires, the target, right or wrong, and how many right."""
    X, y = logic_gate(values["gate"])
    neuron = Neuron([values["w1"], values["w2"]], values["b"])
    fires = neuron.fires(X)
    correct = fires.astype(int) == y
    return {"z": neuron.weighted_sum(X), "fires": fires, "target": y, "correct": correct,
            "n_correct": int(correct.sum())}


def gate_explorer(gate="AND", weights=(1.0, 1.0), bias=-1.5):
    """One step neuron (threshold 0) against a logic gate's truth table: which of the four rows does it get right?

    The figure shows the corners of the unit square marked by the gate's target (circle 1, square 0), the firing
    side shaded and the decision line w1 x1 + w2 x2 + b = 0; wrong rows are crossed out. The readout is the truth
    table with each row's z, whether the neuron fires, the target and a tick or a cross. gate: "AND", "OR",
    "NAND" or "XOR"; weights (w1, w2) and bias b: the starting sliders, in [-3, 3].
    """
    if not isinstance(gate, str):
        raise TypeError(f"gate must be one of {', '.join(GATES)} (a string), but got {gate!r}.")
    w1, w2 = pair("weights", weights, -3, 3)
    controls = {
        "gate": dropdown("gate", GATES, gate.upper()),
        "w1": slider("w1", w1, -3, 3), "w2": slider("w2", w2, -3, 3),
        "b": slider("b", number("bias", bias, -3, 3), -3, 3),
    }
    X = logic_gate("AND")[0]
    view = GateView(X=X.tolist(), targets={g: logic_gate(g)[1].tolist() for g in GATES})
    return Explorer("gate_explorer", controls, view, gate_state, rows=[["gate", "b"], ["w1", "w2"]])
