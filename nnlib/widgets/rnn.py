"""The RNN explorer: one recurrent neuron, one input pulse, and what its hidden state does over time.

h_t = f(w_in x_t + w_hh h_{t-1}) with h_0 = 0, x_1 = 1 and x_t = 0 afterwards. Drawn by rnn.js with
rnn_maths.js; in a kernel ``.state`` comes from ``nl.RNN(1, 1)`` (tanh) or the same sum without tanh (linear).

The verdict rule, the same here and in the JavaScript: r = |h_T| / |h_1|, the share of the pulse left after T
steps; **fading** if r < 0.1 (or nothing entered, h_1 = 0), **exploding** if r > 10, **holding** otherwise.
"""
import numpy as np
from traitlets import Float, Int

from ..recurrent import RNN
from ._base import Explorer, View, dropdown, esm, int_slider, number, slider

FADING, EXPLODING = 0.1, 10.0
ACTIVATIONS = ["tanh", "linear"]


def rnn_signal(w_hh, steps, w_in=1.0, activation="tanh"):
    """The hidden states h_1 .. h_T (T = steps) after one pulse x_1 = 1, as an array (steps,).

    tanh: ``nl.RNN(1, 1)`` with weight_ih = w_in, weight_hh = w_hh and zero biases; linear: the same sum, no tanh.
    """
    x = np.zeros((1, int(steps), 1))
    x[0, 0, 0] = 1.0
    if activation == "tanh":
        rnn = RNN(1, 1, rng=0)
        rnn.weight_ih.data[:] = w_in
        rnn.weight_hh.data[:] = w_hh
        rnn.bias_ih.data[:] = 0.0
        rnn.bias_hh.data[:] = 0.0
        output, _ = rnn(x)
        return output[0, :, 0]
    h, state = np.zeros(int(steps)), 0.0
    for t in range(int(steps)):
        state = w_in * x[0, t, 0] + w_hh * state
        h[t] = state
    return h


def rnn_state(values):
    """nnlib's hidden states for the controls and the verdict (the keys of rnn_maths.js ``compute``)."""
    h = rnn_signal(values["w_hh"], values["steps"], values["w_in"], values["activation"])
    first, last = abs(h[0]), abs(h[-1])
    ratio = last / first if first > 0 else 0.0
    verdict = "fading" if not first > 0 or ratio < FADING else "exploding" if ratio > EXPLODING else "holding"
    return {"h": h, "ratio": float(ratio), "verdict": verdict, "h_last": float(h[-1])}


class RNNView(View):
    _esm = esm("rnn")
    w_hh = Float(0.9).tag(sync=True)
    w_in = Float(1.0).tag(sync=True)
    steps = Int(30).tag(sync=True)
    activation = Int(0).tag(sync=True)           # index into ACTIVATIONS (see View)


def rnn_explorer(w_hh=0.9, steps=30, w_in=1.0, activation="tanh"):
    """A recurrent neuron carries its state from step to step; one input pulse at t = 1, then silence.

    Left: the hidden state h_t; right: log10 |h_t| with the band from a tenth to ten times |h_1|. The verdict:
    fading, holding or exploding (rule in the module docstring). w_hh: the recurrent weight, -2 to 2; steps: 2
    to 60; w_in: the input weight, -2 to 2; activation: "tanh" (``nl.RNN``) or "linear".
    """
    controls = {
        "w_hh": slider("w_hh", number("w_hh", w_hh, -2, 2), -2, 2, step=0.05),
        "w_in": slider("w_in", number("w_in", w_in, -2, 2), -2, 2, step=0.05),
        "steps": int_slider("steps", steps, 2, 60),
        "activation": dropdown("f", ACTIVATIONS, activation, name="activation"),
    }
    return Explorer("rnn_explorer", controls, RNNView(), rnn_state, rows=[["w_hh", "w_in"], ["steps", "activation"]])
