"""nl.LIF, the leaky integrate-and-fire neuron (nnlib/spiking.py): the Euler simulation against two independent
closed forms (the exact solution of the differential equation, and the exact solution of the Euler recursion
itself), the leak, the refractory period, time-varying currents, the f-I curve's shape, and clear errors.

Every expected number is computed here by hand from the formulas, not by calling nnlib.
"""
import math
import subprocess
import sys

import numpy as np
import pytest

import nnlib as nl


def exact_rate(I, tau=10.0, threshold=-50.0, v_rest=-65.0, v_reset=-65.0, R=10.0, t_ref=2.0):
    """The rate (Hz) from v(t) = v_inf + (v_reset - v_inf) exp(-t / tau) reaching the threshold, written out."""
    v_inf = v_rest + R * I
    if v_inf <= threshold:
        return 0.0
    t_star = tau * math.log((v_inf - v_reset) / (v_inf - threshold))
    return 1000.0 / (t_ref + t_star)


PARAMS = [dict(I=2.0), dict(I=1.6), dict(I=4.0, tau=25.0, threshold=-45.0, t_ref=0.0),
          dict(I=3.0, v_reset=-70.0, t_ref=5.0), dict(I=0.9, v_rest=-70.0, threshold=-62.0, R=20.0, t_ref=1.0)]


def make(p):
    return nl.LIF(tau=p.get("tau", 10.0), threshold=p.get("threshold", -50.0), v_rest=p.get("v_rest", -65.0),
                  v_reset=p.get("v_reset", -65.0), resistance=p.get("R", 10.0), refractory=p.get("t_ref", 2.0))


@pytest.mark.parametrize("p", PARAMS)
def test_rate_is_the_closed_form(p):
    assert make(p).rate(p["I"]) == pytest.approx(exact_rate(**p), rel=1e-12)


@pytest.mark.parametrize("p", PARAMS)
@pytest.mark.parametrize("dt", [0.1, 0.01, 0.001])
def test_simulation_converges_to_the_closed_form(p, dt):
    """The simulated time between spikes is within Euler's bound of the exact one, t_ref + t*: the recursion
    (1 - dt/tau)^k decays a little faster than exp(-k dt / tau), so v crosses at most t* dt / tau early, and
    the crossing is seen at the end of a step, at most dt late. Both shrink with dt: within 0.2% at 0.001 ms."""
    tau, t_ref = p.get("tau", 10.0), p.get("t_ref", 2.0)
    want = exact_rate(**p)
    t_star = 1000.0 / want - t_ref
    period = 1000.0 / make(p).firing_rate(p["I"], duration=300.0, dt=dt)
    assert t_ref + t_star * (1 - dt / tau) - 1e-9 <= period <= t_ref + t_star + dt + 1e-9
    if dt == 0.001:
        assert abs(1000.0 / period - want) / want < 2e-3


@pytest.mark.parametrize("p", PARAMS)
def test_spike_times_are_those_of_the_euler_recursion(p):
    """Euler's v_k = v_inf + (v_reset - v_inf)(1 - dt/tau)^k crosses the threshold at step
    k* = ceil(ln r / ln(1 - dt/tau)), r = (v_inf - threshold) / (v_inf - v_reset); later spikes follow every
    (refractory steps + k*) steps. The simulation must hit exactly those steps."""
    dt, tau = 0.1, p.get("tau", 10.0)
    v_reset, threshold = p.get("v_reset", -65.0), p.get("threshold", -50.0)
    v_inf = p.get("v_rest", -65.0) + p.get("R", 10.0) * p["I"]
    ratio = math.log((v_inf - threshold) / (v_inf - v_reset)) / math.log(1 - dt / tau)
    assert abs(ratio - round(ratio)) > 1e-6                     # not on a rounding knife edge
    k_star, hold = math.ceil(ratio), round(p.get("t_ref", 2.0) / dt)
    spikes = make(p).simulate(p["I"], duration=300.0, dt=dt, v0=v_reset).spikes
    steps = [k_star + n * (hold + k_star) for n in range(len(spikes) + 1)]
    want = [s for s in steps if s <= 3000]
    assert len(spikes) == len(want) > 3
    np.testing.assert_array_equal(np.round(spikes / dt).astype(int), want)


def test_silent_at_and_below_the_threshold_current():
    lif = nl.LIF()                                               # threshold current (-50 - -65) / 10 = 1.5 nA
    assert lif.threshold_current == pytest.approx(1.5)
    for I in (0.0, 1.0, 1.4, 1.5):
        assert lif.rate(I) == 0.0
        trace = lif.simulate(I, duration=300.0)
        assert len(trace.spikes) == 0 and trace.v.max() < -50.0
    assert lif.rate(1.5 + 1e-9) > 0 and lif.firing_rate(1.6) > 0
    # below threshold, v settles where the current holds it: v_rest + R I
    assert lif.simulate(1.0, duration=300.0).v[-1] == pytest.approx(-65.0 + 10.0 * 1.0, abs=1e-6)


def test_the_leak_has_time_constant_tau():
    """With no current, v falls back to rest: after tau ms the distance to rest is e^-1 of what it was."""
    tau, dt = 20.0, 0.001
    trace = nl.LIF(tau=tau).simulate(0.0, duration=2 * tau, dt=dt, v0=-55.0)
    k = round(tau / dt)
    assert trace.t[k] == pytest.approx(tau)
    assert (trace.v[k] + 65.0) / 10.0 == pytest.approx(math.exp(-1), rel=1e-4)
    assert np.all(np.diff(trace.v) < 0)


def test_refractory_period_holds_v_and_caps_the_rate():
    lif = nl.LIF(refractory=4.0)
    trace = lif.simulate(5.0, duration=200.0, dt=0.1)
    hold = 40
    for s in trace.spikes:
        k = int(round(s / 0.1))
        assert np.all(trace.v[k:k + hold + 1] == -65.0)           # at v_reset during the refractory period
        assert trace.v[k + hold + 1] > -65.0                       # and rising again right after it
    assert np.min(np.diff(trace.spikes)) > 4.0
    assert lif.rate(1e4) < 250.0 and lif.rate(1e4) == pytest.approx(250.0, rel=0.01)   # 1000 / 4 ms


def test_a_current_pulse():
    """Current only between 50 and 150 ms: no spikes outside (plus one step), and inside the same spikes as a
    constant current started at 50 ms (the membrane is at rest, v_reset, when the pulse starts)."""
    lif, dt = nl.LIF(), 0.1
    current = np.zeros(2000)
    current[500:1500] = 2.0
    trace = lif.simulate(current, dt=dt)
    assert trace.t.shape == trace.v.shape == (2001,) and trace.t[-1] == pytest.approx(200.0)
    assert np.all((trace.spikes > 50.0) & (trace.spikes <= 150.0 + dt))
    alone = lif.simulate(2.0, duration=100.0, dt=dt).spikes
    np.testing.assert_allclose(trace.spikes - 50.0, alone, atol=1e-9)
    assert trace.v[-1] < -64.0                                     # leaked back towards rest afterwards


def test_f_I_curve_has_a_threshold_then_rises():
    """Zero up to the threshold current, then rising; without a refractory period it grows about linearly for
    large currents with slope 1000 R / (tau (threshold - v_reset)) Hz per nA (ReLU's shape); with one it levels
    off below 1000 / refractory (the sigmoid's)."""
    lif = nl.LIF(refractory=0.0)
    currents = np.linspace(0.0, 10.0, 201)
    rates = lif.rate(currents)
    assert rates.shape == (201,)
    assert np.all(rates[currents <= 1.5] == 0) and np.all(np.diff(rates[currents > 1.5]) > 0)
    slope = (lif.rate(2000.0) - lif.rate(1000.0)) / 1000.0
    assert slope == pytest.approx(1000 * 10.0 / (10.0 * 15.0), rel=1e-3)
    capped = nl.LIF(refractory=2.0).rate(np.array([10.0, 100.0, 1000.0]))
    assert np.all(np.diff(capped) > 0) and np.all(capped < 500.0) and capped[-1] > 0.95 * 500.0


def test_firing_rate_shapes_and_slow_neurons():
    lif = nl.LIF()
    rates = lif.firing_rate([0.0, 2.0, 3.0], duration=200.0)
    assert isinstance(rates, np.ndarray) and rates.shape == (3,) and rates[0] == 0.0
    assert isinstance(lif.firing_rate(2.0, duration=200.0), float)
    assert lif.firing_rate(1.51, duration=60.0) == 0.0        # one spike (at 46 ms) in 60 ms: too slow to measure
    assert isinstance(lif.rate(2.0), float) and lif.rate([2.0]).shape == (1,)


def test_repr_and_defaults():
    assert repr(nl.LIF()) == ("LIF(tau=10 ms, threshold=-50 mV, v_rest=-65 mV, v_reset=-65 mV, "
                              "resistance=10 MΩ, refractory=2 ms)")
    assert nl.LIF(v_rest=-70.0).v_reset == -70.0


def test_the_core_needs_only_numpy():
    code = "import sys, nnlib.spiking; sys.exit(any(m in sys.modules for m in ('matplotlib', 'ipywidgets')))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("make_bad, words", [
    (lambda: nl.LIF(tau=0.0), "tau must be a finite number in (0, inf), but got tau=0.0"),
    (lambda: nl.LIF(threshold=-70.0), "threshold must be above v_reset"),
    (lambda: nl.LIF(threshold=-65.0), "but got threshold=-65.0 mV and v_reset=-65.0 mV"),
    (lambda: nl.LIF(refractory=-1.0), "refractory must be a finite number in [0, inf)"),
    (lambda: nl.LIF(resistance=0.0), "resistance must be a finite number in (0, inf)"),
    (lambda: nl.LIF().simulate(2.0, duration=100.0, dt=0.0), "dt must be a finite number in (0, inf), but got dt=0.0"),
    (lambda: nl.LIF().simulate(2.0, duration=100.0, dt=-0.1), "but got dt=-0.1"),
    (lambda: nl.LIF(tau=5.0).simulate(2.0, duration=100.0, dt=5.0), "dt must be smaller than tau"),
    (lambda: nl.LIF().simulate(2.0), "a constant current needs a duration"),
    (lambda: nl.LIF().simulate(np.ones((10, 2))), "array of shape (T,) (one value per step), but got an array of "
                                                  "shape (10, 2)"),
    (lambda: nl.LIF().simulate(np.ones(0)), "but got an array of shape (0,)"),
    (lambda: nl.LIF().simulate(np.ones(10), duration=5.0), "pass duration=None, but got duration=5.0"),
    (lambda: nl.LIF().simulate(np.array([1.0, np.nan])), "the current must be finite, but got nan or inf"),
    (lambda: nl.LIF().simulate(2.0, duration=-1.0), "duration must be a finite number in (0, inf)"),
    (lambda: nl.LIF().firing_rate(np.ones((2, 2))), "array of shape (C,), but got an array of shape (2, 2)"),
])
def test_bad_input_is_explained(make_bad, words):
    with pytest.raises(ValueError) as info:
        make_bad()
    assert words in str(info.value)


def test_non_numbers_are_refused():
    with pytest.raises(TypeError, match="current must be an array of numbers"):
        nl.LIF().simulate("two nA", duration=10.0)
    with pytest.raises(TypeError, match="tau must be a number"):
        nl.LIF(tau="fast")
