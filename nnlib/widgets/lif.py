"""The LIF explorer: a neuron that fires in time. Input current, leak and threshold -> the membrane potential over
200 ms with its spikes, and the firing rate against the current (the f-I curve) with the current operating point.

Drawn by lif.js with lif_maths.js (Euler steps and the closed-form rate, the twins of ``nl.LIF``); in a kernel
``.state`` comes from ``nnlib.spiking.LIF``. The verdict: "fires N times a second" (N: the exact rate for this
constant current, rounded) or "stays silent: the current never lifts v to the threshold".
"""
import numpy as np

from ..spiking import LIF
from ._base import Explorer, Float, List, View, esm, fmt, number, slider

WINDOW, DT = 200.0, 0.1                  # ms shown, Euler step in ms
V_REST, RESISTANCE = -65.0, 10.0         # mV (also v_reset), MΩ
CURRENTS = np.linspace(0.0, 5.0, 101)    # nA: the f-I curve's grid (the slider's range)
SILENT = "stays silent: the current never lifts v to the threshold"


def lif_verdict(rate):
    """The verdict in words for a firing rate in Hz (the same text as lif_maths.js)."""
    if not rate > 0:
        return SILENT
    n = fmt(rate, 0)
    return "fires about once a second" if n in ("0", "1") else f"fires {n} times a second"


def lif_state(values):
    """nnlib's numbers for the controls: the trace v (T+1,), the spike times, their count, v_inf, the threshold
    current, the exact rate (Hz), the f-I curve over CURRENTS (101,), whether it fires and the verdict."""
    lif = LIF(tau=values["tau"], threshold=values["θ"], v_rest=V_REST, resistance=RESISTANCE,
              refractory=values["t_ref"])
    trace = lif.simulate(values["I"], duration=WINDOW, dt=DT)
    rate = lif.rate(values["I"])
    return {"v": trace.v, "spikes": trace.spikes, "count": len(trace.spikes),
            "v_inf": V_REST + RESISTANCE * values["I"], "threshold_current": lif.threshold_current,
            "rate": rate, "curve": lif.rate(CURRENTS), "fires": rate > 0, "verdict": lif_verdict(rate)}


class LIFView(View):
    _esm = esm("lif")
    I = Float(2.0).tag(sync=True)
    tau = Float(10.0).tag(sync=True)
    theta = Float(-50.0).tag(sync=True)
    t_ref = Float(2.0).tag(sync=True)
    # constants the page needs (the same numbers nnlib is given above)
    window = Float(WINDOW).tag(sync=True)
    dt = Float(DT).tag(sync=True)
    v_rest = Float(V_REST).tag(sync=True)
    resistance = Float(RESISTANCE).tag(sync=True)
    currents = List(CURRENTS.tolist()).tag(sync=True)


def lif_explorer(current=2.0, tau=10.0, threshold=-50.0, refractory=2.0):
    """A leaky integrate-and-fire neuron driven by a constant current (``nl.LIF``, v_rest = v_reset = -65 mV,
    R = 10 MΩ).

    Left: the membrane potential v over 200 ms, the threshold θ (dashed), where v would settle without a
    threshold (dotted) and the spikes (vertical marks). Right: the firing rate against the current (the f-I
    curve) with the current operating point. Arguments set the starting sliders: current I in nA, 0 to 5;
    tau (the leak's time constant) in ms, 5 to 50; threshold θ in mV, -60 to -40; refractory in ms, 1 to 10
    (at least 1 ms, as in real neurons, and so that spikes are always several Euler steps of 0.1 ms apart).
    """
    controls = {
        "I": slider("I", number("current", current, 0, 5), 0, 5, step=0.05),
        "tau": slider("τ", number("tau", tau, 5, 50), 5, 50, step=0.5, digits=1),
        "θ": slider("θ", number("threshold", threshold, -60, -40), -60, -40, step=0.5, digits=1),
        "t_ref": slider("t_ref", number("refractory", refractory, 1, 10), 1, 10, step=0.5, digits=1),
    }
    tips = {"I": "input current I (nA)", "tau": "membrane time constant τ (ms)", "θ": "threshold θ (mV)",
            "t_ref": "refractory period (ms)"}
    for key, tip in tips.items():
        controls[key].tooltip = tip
    return Explorer("lif_explorer", controls, LIFView(), lif_state, rows=[["I", "tau"], ["θ", "t_ref"]])
