"""The LIF explorer (nnlib/widgets/lif.py): its JavaScript maths against nnlib in headless Chromium, its Python
side (state from ``nl.LIF``, controls tied to the view, clear errors, deterministic repr), and a real kernel.

The parity table walks the sliders over their ends, the threshold current itself (v_inf exactly equal to θ: the
neuron must stay silent in both), just above it (the first spike comes after the window), and fast firing where
the refractory period dominates. Numbers agree to 1e-9 (absolute, relative above 1); spike counts, verdicts and
every spike time are compared.
"""
import math
import re
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnlib as nl
from browserkit import blank_page as page  # noqa: F401  (the fixture)
from browserkit import explorer_table, js_call, mismatches, run_in_kernel, worst_error

widgets = pytest.importorskip("nnlib.widgets")
from nnlib.widgets import lif as lif_module  # noqa: E402

TOL = 1e-9


def _table():
    rows = [dict(I=2.0, tau=10.0, θ=-50.0, t_ref=2.0)]                                        # the defaults
    for I, tau, theta, t_ref in [(0.0, 5.0, -60.0, 1.0), (0.0, 50.0, -40.0, 10.0),           # no current at all
                                 (5.0, 5.0, -60.0, 1.0), (5.0, 5.0, -60.0, 10.0),            # the fastest corners
                                 (5.0, 50.0, -40.0, 1.0), (5.0, 50.0, -40.0, 10.0),
                                 (0.5, 10.0, -60.0, 2.0), (1.5, 10.0, -50.0, 2.0),           # v_inf = θ exactly
                                 (2.0, 20.0, -45.0, 1.5), (2.5, 50.0, -40.0, 10.0),
                                 (1.55, 10.0, -50.0, 2.0), (1.505, 50.0, -50.0, 2.0),        # just above
                                 (1.45, 10.0, -50.0, 2.0), (2.45, 30.0, -40.0, 1.0),         # just below
                                 (3.3, 7.5, -52.5, 2.5), (4.05, 13.0, -47.0, 4.5), (0.8, 40.0, -58.5, 1.5)]:
        rows.append(dict(I=I, tau=tau, θ=theta, t_ref=t_ref))
    return rows


TABLE = _table()


def build(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return widgets.lif_explorer(**kwargs)


def run_table(page, rows):
    explorer = build()
    return (explorer, *explorer_table(page, explorer, rows))


# ------------------------------------------------------------------------------------------ in a real kernel
# (first in the file: the kernel runs before this module's Chromium starts)

def test_lif_explorer_in_a_kernel():
    out = run_in_kernel(textwrap.dedent("""
        from nnlib import widgets
        e = widgets.lif_explorer()
        before = e.state["verdict"]
        e.controls["I"].value = 1.0
        print("STATE", before, "|", e.state["verdict"], "|", e.view.I, e.state["count"])
    """), timeout=60)
    rate = 1000 / (2.0 + 10.0 * math.log(20.0 / 5.0))          # v_inf = -65 + 10 * 2 = -45 mV, by hand
    assert f"STATE fires {round(rate)} times a second | stays silent: the current never lifts v to the " \
           f"threshold | 1.0 0" in out


# ------------------------------------------------------------------------------------------ JS against nnlib

def test_js_maths_equal_nnlib(page):
    explorer, inputs, states, results = run_table(page, TABLE)
    problems = []
    for i, (inp, py, js) in enumerate(zip(inputs, states, results)):
        scalars = {k: v for k, v in inp.items() if k in ("I", "tau", "theta", "t_ref")}
        problems += mismatches(js, py, TOL, where=f"row {i} {scalars}: ")
    assert not problems, "lif_explorer: the JS maths differ from nnlib:\n" + "\n".join(problems[:20])
    worst = max(worst_error(j, p) for j, p in zip(results, states))
    print(f"lif_explorer: {len(TABLE)} rows, worst difference {worst:.2g}")


def test_table_covers_the_cases_that_matter(page):
    """Both verdicts, a neuron that fires but not within the window, a threshold current hit exactly, and a
    refractory period that caps the rate: the parity test above really compares those."""
    _, inputs, states, _ = run_table(page, TABLE)
    assert {s["fires"] for s in states} == {True, False}
    assert any(s["fires"] and s["count"] == 0 for s in states)
    assert any(s["v_inf"] == inp["theta"] and not s["fires"] for s, inp in zip(states, inputs))
    assert max(s["count"] for s in states) > 100


def test_the_comparison_catches_a_wrong_js_maths(page):
    """The harness is not blind: an Euler step with the leak dropped, or the rate without the refractory period,
    is reported."""
    e = build()
    good_step, good_rate = "u = u + dt / tau * (-(u - v_rest) + resistance * I);", "1000 / (t_ref + tau *"
    assert good_step in e.view._esm and good_rate in e.view._esm
    for old, new in [(good_step, "u = u + dt / tau * (resistance * I);"), (good_rate, "1000 / (0 + tau *")]:
        (js,) = js_call(page, e.view._esm.replace(old, new), [e.inputs()])
        assert mismatches(js, e.state, TOL)


# A slider as Jupyter draws it (label, noUiSlider handle, shown number), named by _shared.js's nameSlider: what a
# screen reader hears on the handle. The helper is appended to the very module the widget loads.
HEARD = """
export function heard(label, shown) {
  const box = document.createElement("div");
  box.innerHTML = '<div class="widget-label"></div><div class="noUi-handle"></div><div class="widget-readout"></div>';
  box.querySelector(".widget-label").textContent = label;
  box.querySelector(".widget-readout").textContent = shown;
  nameSlider(box);
  const handle = box.querySelector(".noUi-handle");
  return [handle.getAttribute("aria-label"), handle.getAttribute("aria-valuetext")];
}
"""


def test_sliders_are_announced_with_their_units(page):
    """Each LIF slider is announced as its name and the number it shows with the unit: nA for the current, ms for
    the time constant and the refractory period. θ shares its label with neuron_explorer's unitless threshold,
    so it is announced as the bare number (the unit stays in its tooltip)."""
    e = build()
    labels = {key: c.description for key, c in e.controls.items()}
    shown = {key: f"{c.value:{c.readout_format}}" for key, c in e.controls.items()}
    rows = [[labels[k], shown[k]] for k in ("I", "tau", "t_ref", "θ")]
    said = js_call(page, e.view._esm + HEARD, rows, fn="heard")
    assert said == [["I, input current", "2.00 nA"], ["τ, time constant", "10.0 ms"],
                    ["t_ref, refractory period", "2.0 ms"], ["θ, threshold", "-50.0"]]
    assert "mV" in e.controls["θ"].tooltip
    (neuron_theta,) = js_call(page, widgets.neuron_explorer().view._esm + HEARD, [["θ", "0.00"]], fn="heard")
    assert neuron_theta == ["θ, threshold", "0.00"]


# ------------------------------------------------------------------------------------------ the Python side

def test_state_matches_the_closed_form_and_the_trace():
    e = build(current=2.0, tau=10.0, threshold=-50.0, refractory=2.0)
    s = e.state
    assert s["rate"] == pytest.approx(1000 / (2.0 + 10.0 * math.log(20.0 / 5.0)), rel=1e-12)
    assert s["verdict"] == f"fires {round(s['rate'])} times a second" and s["fires"]
    assert s["v"].shape == (2001,) and s["count"] == len(s["spikes"]) > 0
    # the window holds as many spikes as the period allows: first at t*, then one every t_ref + t*
    t_star = 10.0 * math.log(20.0 / 5.0)
    assert abs(s["count"] - (1 + (200.0 - t_star) // (2.0 + t_star))) <= 1
    assert s["threshold_current"] == pytest.approx(1.5) and s["v_inf"] == pytest.approx(-45.0)
    rates = s["curve"]
    currents = np.array(e.inputs()["currents"])
    assert currents[0] == 0 and currents[-1] == 5 and rates.shape == currents.shape
    assert np.all(rates[currents <= 1.5] == 0) and np.all(rates[currents > 1.5] > 0)
    assert np.all(np.diff(rates) >= 0)                       # more current never fires less


def test_silent_below_the_threshold_current():
    e = build(current=1.0, threshold=-50.0)
    s = e.state
    assert s["count"] == 0 and s["rate"] == 0 and not s["fires"]
    assert s["verdict"] == "stays silent: the current never lifts v to the threshold"
    assert s["v"].max() < -50.0 and s["v"][-1] == pytest.approx(-55.0, abs=1e-6)   # settles at -65 + 10 * 1


def test_each_control_moves_the_state_and_the_view():
    e = build()
    for key, value in [("I", 3.0), ("tau", 25.0), ("θ", -45.0), ("t_ref", 6.0)]:
        before = (repr(e.state), e.inputs())
        e.controls[key].value = value
        fresh = build()
        fresh.set(**e.values())
        assert repr(e.state) == repr(fresh.state) and e.inputs() == fresh.inputs()
        assert repr(e.state) != before[0] and e.inputs() != before[1], f"{key} did not move the explorer"
    linked = {(link.source[0], link.target[1]) for link in e._links}
    for key, control in e.controls.items():
        assert (control, widgets._base.trait_name(key)) in linked


def test_deterministic_repr_and_module():
    a, b = build(), build()
    assert repr(a) == repr(b) == "Explorer(lif_explorer: I, tau, θ, t_ref)"
    assert a._repr_mimebundle_()["text/plain"] == repr(a)
    assert a.view._esm == b.view._esm and "export function compute" in a.view._esm
    source = Path(lif_module.__file__).read_text()
    assert len(source.splitlines()) <= 150 and "matplotlib" not in source
    for name in ("lif.js", "lif_maths.js"):
        assert (Path(lif_module.__file__).parent / name).exists()


def test_extreme_settings_neither_raise_nor_warn():
    e = build()
    for I in (0.0, 5.0):
        for tau in (5.0, 50.0):
            for theta in (-60.0, -40.0):
                for t_ref in (1.0, 10.0):
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        e.set(I=I, tau=tau, θ=theta, t_ref=t_ref)
                    assert np.all(np.isfinite(e.state["v"])) and np.all(np.isfinite(e.state["curve"]))


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(current=6.0), ValueError, "current must be between 0 and 5"),
    (dict(current="a lot"), TypeError, "current must be a number"),
    (dict(tau=2.0), ValueError, "tau must be between 5 and 50"),
    (dict(refractory=0.0), ValueError, "refractory must be between 1 and 10"),
    (dict(threshold=-70.0), ValueError, "threshold must be between -60 and -40"),
    (dict(refractory=float("nan")), ValueError, "refractory must be a finite number"),
])
def test_bad_arguments_are_explained(kwargs, error, words):
    with pytest.raises(error) as info:
        widgets.lif_explorer(**kwargs)
    assert words in str(info.value) and "got" in str(info.value)


# ------------------------------------------------------------------------------------------ the chapter's answers

def _section_text():
    """The chapter's markdown once the section is in book/02_firing.ipynb, else the section's own notebook."""
    import json

    root = Path(__file__).resolve().parents[1]
    for path in (root / "book" / "02_firing.ipynb", root / "notes" / "lif_section.ipynb"):
        if path.exists() and "lif_explorer" in path.read_text(encoding="utf-8"):
            nb = json.loads(path.read_text(encoding="utf-8"))
            return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    pytest.fail("neither book/02_firing.ipynb nor notes/lif_section.ipynb shows lif_explorer")


@pytest.mark.parametrize("settings, words", [
    ({}, "the neuron fires 63 times a second"),                          # the prompt's starting point
    ({"I": 1.5}, "0 spikes"),
    ({"I": 1.55}, "at 1.55 nA it fires 28 times a second"),
    ({"θ": -45.0}, "It falls silent"),
    ({"tau": 20.0}, "34 times a second instead of 63"),
])
def test_the_answers_say_what_the_explorer_shows(settings, words):
    """Each folded answer quotes what the explorer reports at the settings its question asks for."""
    e = build()
    for name, value in settings.items():
        e.controls[name].value = value
    s = e.state
    text = _section_text()
    assert words in text
    number = re.search(r"(\d+) (times a second|spikes)", words)
    if "silent" in words:
        assert s["verdict"].startswith("stays silent") and s["count"] == 0
    elif number.group(2) == "spikes":
        assert s["count"] == int(number.group(1)) and not s["fires"]
    else:
        assert s["verdict"] == f"fires {number.group(1)} times a second"
