"""A neuron that fires in time: the leaky integrate-and-fire (LIF) neuron.

The artificial neurons of this course turn a number into a number. A nerve cell works in time: its membrane
potential v (in mV) charges up while current flows in, leaks back towards rest, and when it reaches a threshold
the cell sends a spike and v drops back. The LIF neuron is the smallest model of that:

    tau dv/dt = -(v - v_rest) + R I          while v < threshold
    v >= threshold  ->  a spike at that time; v is set to v_reset and held there for the refractory period

Units: time in ms, potentials in mV, current I in nA, resistance R in MΩ (so R I is in mV), rates in Hz
(spikes per second).

    import nnlib as nl
    lif = nl.LIF(tau=10.0, threshold=-50.0)
    trace = lif.simulate(2.0, duration=200.0)        # a constant 2 nA for 200 ms
    trace.spikes                                     # the spike times in ms
    lif.rate(2.0)                                    # the exact firing rate for a constant current, in Hz

For a constant current the membrane between two spikes follows v(t) = v_inf + (v_reset - v_inf) exp(-t / tau),
with v_inf = v_rest + R I the potential it would settle at. It reaches the threshold only if v_inf > threshold,
after t* = tau ln((v_inf - v_reset) / (v_inf - threshold)); adding the refractory period gives the time between
spikes, and the rate is its inverse (``LIF.rate``). ``LIF.simulate`` instead takes small Euler steps of dt; the
two agree better and better as dt shrinks (tests/test_spiking.py).
"""
import math
from collections import namedtuple

import numpy as np

from ._validate import as_array, check_number

Trace = namedtuple("Trace", ["t", "v", "spikes"])
Trace.__doc__ = """What ``LIF.simulate`` returns. t: (T+1,) times in ms, 0, dt, ..., T dt; v: (T+1,) the membrane
potential in mV at those times (v_reset at a spike's step); spikes: (S,) the spike times in ms."""


class LIF:
    """A leaky integrate-and-fire neuron (see the module docstring for the equation and the units).

    tau: membrane time constant in ms (> 0), how quickly v leaks back to rest; threshold: in mV, where it fires;
    v_rest: resting potential in mV; v_reset: where v restarts after a spike (default: v_rest), below the
    threshold; resistance: R in MΩ (> 0); refractory: ms (>= 0) held at v_reset after each spike.
    """

    def __init__(self, tau=10.0, threshold=-50.0, v_rest=-65.0, v_reset=None, resistance=10.0, refractory=2.0):
        self.tau = check_number(tau, "tau", "LIF", low=0, low_open=True)
        self.threshold = check_number(threshold, "threshold", "LIF")
        self.v_rest = check_number(v_rest, "v_rest", "LIF")
        self.v_reset = self.v_rest if v_reset is None else check_number(v_reset, "v_reset", "LIF")
        self.resistance = check_number(resistance, "resistance", "LIF", low=0, low_open=True)
        self.refractory = check_number(refractory, "refractory", "LIF", low=0)
        if self.threshold <= self.v_reset:
            raise ValueError(f"LIF: the threshold must be above v_reset (else every step is a spike), but got "
                             f"threshold={self.threshold} mV and v_reset={self.v_reset} mV.")

    @property
    def threshold_current(self):
        """The smallest constant current (nA) that makes the neuron fire: where v_rest + R I reaches the
        threshold. Any current above it fires; at it or below, v creeps towards the threshold and never gets there."""
        return (self.threshold - self.v_rest) / self.resistance

    def simulate(self, current, duration=None, dt=0.1, v0=None):
        """Euler steps of dt (ms) from v0 (default v_reset). Returns a ``Trace`` (t, v, spikes).

        current: a number (nA, constant; then ``duration`` in ms is needed) or an array (T,), the current during
        each step (then the duration is T dt). dt must be below tau (Euler overshoots otherwise); dt = tau / 100
        keeps the spike times within about 1% of the exact ones.
        """
        dt = check_number(dt, "dt", "LIF.simulate", low=0, low_open=True)
        if dt >= self.tau:
            raise ValueError(f"LIF.simulate: dt must be smaller than tau (Euler steps overshoot), but got "
                             f"dt={dt} ms and tau={self.tau} ms.")
        currents = self._currents(current, duration, dt)
        v = self.v_reset if v0 is None else check_number(v0, "v0", "LIF.simulate")
        hold = math.floor(self.refractory / dt + 0.5)       # refractory steps (halves rounded up, as in the page)
        trace, spikes, resting = [v], [], 0
        for k, i in enumerate(currents):
            if resting > 0:                                   # refractory: v stays at v_reset
                resting -= 1
            else:
                v = v + dt / self.tau * (-(v - self.v_rest) + self.resistance * i)
                if v >= self.threshold:                       # a spike at the end of this step
                    spikes.append((k + 1) * dt)
                    v, resting = self.v_reset, hold
            trace.append(v)
        t = dt * np.arange(len(trace))
        return Trace(t, np.array(trace), np.array(spikes))

    def _currents(self, current, duration, dt):
        """The current of each step as a list of floats (T,)."""
        I = as_array(current, "current")
        if I.ndim == 0:
            if duration is None:
                raise ValueError("LIF.simulate: a constant current needs a duration in ms, e.g. duration=200.0, "
                                 "but got duration=None.")
            steps = round(check_number(duration, "duration", "LIF.simulate", low=0, low_open=True) / dt)
            I = np.full(max(steps, 1), float(I))
        elif I.ndim != 1 or len(I) == 0:
            raise ValueError(f"LIF.simulate expects current as a number or an array of shape (T,) (one value per "
                             f"step), but got an array of shape {I.shape}.")
        elif duration is not None:
            raise ValueError(f"LIF.simulate: with a current array the duration is T dt = {len(I) * dt:g} ms; "
                             f"pass duration=None, but got duration={duration!r}.")
        if not np.all(np.isfinite(I)):
            raise ValueError("LIF.simulate: the current must be finite, but got nan or inf.")
        return I.tolist()

    def rate(self, current):
        """The exact firing rate in Hz for constant currents (nA): a number, or an array (C,) -> (C,).

        1000 / (refractory + tau ln((v_inf - v_reset) / (v_inf - threshold))) with v_inf = v_rest + R I when
        v_inf > threshold; 0 otherwise (the membrane never gets there).
        """
        I = as_array(current, "current")
        v_inf = self.v_rest + self.resistance * I
        fires = v_inf > self.threshold
        safe = np.where(fires, v_inf, self.threshold + 1.0)          # no log of 0 or of a negative number
        period = self.refractory + self.tau * np.log((safe - self.v_reset) / (safe - self.threshold))
        rates = np.where(fires, 1000.0 / period, 0.0)
        return float(rates) if rates.ndim == 0 else rates

    def firing_rate(self, currents, duration=1000.0, dt=0.1):
        """The simulated firing rate in Hz for each constant current: currents (C,) -> rates (C,).

        Each current runs for ``duration`` ms in Euler steps of dt; the rate is 1000 / (the mean time between
        spikes). Fewer than two spikes in that time give 0.0 (too slow to measure: lengthen the duration).
        """
        I = as_array(currents, "currents")
        if I.ndim > 1:
            raise ValueError(f"LIF.firing_rate expects currents as a number or an array of shape (C,), but got "
                             f"an array of shape {I.shape}.")
        rates = []
        for i in np.atleast_1d(I):
            spikes = self.simulate(float(i), duration, dt).spikes
            rates.append(1000.0 * (len(spikes) - 1) / (spikes[-1] - spikes[0]) if len(spikes) >= 2 else 0.0)
        return rates[0] if I.ndim == 0 else np.array(rates)

    def __repr__(self):
        return (f"LIF(tau={self.tau:g} ms, threshold={self.threshold:g} mV, v_rest={self.v_rest:g} mV, "
                f"v_reset={self.v_reset:g} mV, resistance={self.resistance:g} MΩ, refractory={self.refractory:g} ms)")
