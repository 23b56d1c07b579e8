"""The explorers' JavaScript maths against nnlib, in headless Chromium.

Each explorer's ES module (the very string the widget loads, ``explorer.view._esm``) is imported in Chromium and
its ``compute(inputs)`` is run over a table of slider settings: edges, zero, the firing boundary, large |z|.
The same settings go through the Python explorer, whose ``.state`` nnlib computes. Numbers agree to 1e-9
(absolute, relative above 1), verdicts are equal. The readout's number formatting (JS ``fmt`` and Python
``fmt``) is compared too, halves and negative zeros included.

To add an explorer: a table ``TABLES[builder] = [dict of control values, ...]`` (controls by their names, as
``explorer.set`` takes them); its module must ``export function compute(inputs)`` returning the state's keys.
"""
import itertools
import os

import pytest

from browserkit import blank_page as page  # noqa: F401  (the fixture)
from browserkit import chromium, explorer_table, js_call, launch, mismatches, worst_error

widgets = pytest.importorskip("nnlib.widgets")

TOL = 1e-9
ACTS = ["step", "sigmoid", "tanh", "relu"]


def _neuron_table():
    rows = [dict(w1=0.0, w2=0.0, b=0.0, θ=0.0, x1=0.0, x2=0.0, activation=a) for a in ACTS]      # zero
    for w, x, b in itertools.product((-3.0, 3.0), (-2.0, 2.0), (-3.0, 3.0)):                   # edges, large |z|
        rows += [dict(w1=w, w2=w, b=b, θ=-b, x1=x, x2=-x if b > 0 else x, activation=a) for a in ACTS]
    for b in (-0.3, -0.21, -0.2, -0.19, -0.1, 0.0, 0.1):                                        # b crosses θ
        rows += [dict(w1=1.0, w2=1.0, b=b, θ=-0.2, x1=0.0, x2=0.0, activation=a) for a in ACTS]
    for b in (-1.6, -1.5, -1.4):                                                                 # z = θ exactly
        rows += [dict(w1=1.0, w2=1.0, b=b, θ=0.5, x1=1.0, x2=1.0, activation=a) for a in ACTS]
    rows += [dict(w1=0.3, w2=-0.7, b=0.2, θ=-0.1, x1=1.3, x2=0.9, activation=a) for a in ACTS]
    return rows


def _gate_table():
    rows = []
    for gate in ("AND", "OR", "NAND", "XOR"):
        for w1, w2, b in [(1.0, 1.0, -1.5), (1.0, 1.0, -0.5), (-1.0, -1.0, 1.5), (0.0, 0.0, 0.0), (3.0, -3.0, 3.0),
                          (-3.0, -3.0, -3.0), (1.0, 1.0, -1.0), (1.0, 1.0, -2.0), (0.3, 0.7, -1.0), (2.0, -2.0, 0.0)]:
            rows.append(dict(gate=gate, w1=w1, w2=w2, b=b))         # z = 0 exactly on rows with b = -1, -2, 0
    return rows


def _activation_table():
    names = ["step", "sigmoid", "tanh", "relu", "leaky_relu", "identity"]
    return [dict(name=n, w=w, b=b) for n in names
            for w, b in [(1.0, 0.0), (0.0, 0.0), (-5.0, 5.0), (5.0, -5.0), (5.0, 5.0), (2.5, -1.0), (-0.1, 0.1)]]


def _bump_table():
    return [dict(steepness=s, left=l, right=r, height=h)
            for s, l, r, h in [(10, -0.5, 0.5, 1.0), (1, -2, 2, -2), (100, 2, -2, 2), (100, 0, 0, 0), (50, -0.25, 0.25, 1),
                               (1, 0, 0, 2), (100, -2, -2, -2), (37, 0.35, 1.65, 0.45)]]


def _loss_table():
    return [dict(z=z, target=t) for t in (0, 1) for z in (-8.0, -3.1, -0.1, 0.0, 0.1, 2.0, 8.0)]


TABLES = {
    "neuron_explorer": _neuron_table(),
    "gate_explorer": _gate_table(),
    "activation_explorer": _activation_table(),
    "bump_builder": _bump_table(),
    "loss_explorer": _loss_table(),
}



def run_table(page, builder, rows):
    return explorer_table(page, getattr(widgets, builder)(), rows)


@pytest.mark.parametrize("builder", sorted(TABLES))
def test_js_maths_equal_nnlib(page, builder):
    rows = TABLES[builder]
    inputs, states, results = run_table(page, builder, rows)
    problems = []
    for i, (inp, py, js) in enumerate(zip(inputs, states, results)):
        problems += mismatches(js, py, TOL, where=f"row {i} {inp}: ")
    assert not problems, f"{builder}: the JS maths differ from nnlib:\n" + "\n".join(problems[:20])
    print(f"{builder}: {len(rows)} rows, worst difference {max(worst_error(j, p) for j, p in zip(results, states)):.2g}")


def test_neuron_table_crosses_the_boundary(page):
    """The table really contains both verdicts at the boundary b = θ (w·x = 0), so the test above checks them."""
    _, states, _ = run_table(page, "neuron_explorer", TABLES["neuron_explorer"])
    verdicts = {s["fires"] for s in states}
    assert verdicts == {True, False}


NUMBERS = [0.0, -0.0, 0.5, -0.5, 0.125, -0.125, 0.375, 2.5, 1.005, -1.005, 0.0049, -0.0049, -0.005, 0.005,
           1e-12, -1e-12, 123456.789, -2.675, 2.675, 0.045, 1 / 3, -2 / 3, 1e15 + 0.5, float("inf"),
           float("-inf"), float("nan")]


@pytest.mark.parametrize("digits", [0, 1, 2, 3, 4])
def test_readout_formatting_is_the_same_in_js_and_python(page, digits):
    js = js_call(page, widgets.neuron_explorer().view._esm, [[x, digits] for x in NUMBERS], fn="fmt")
    py = [widgets.fmt(x, digits) for x in NUMBERS]
    assert js == py
    assert "-0" not in "".join(t for t in py if float(t) == 0)


def test_the_comparison_catches_a_wrong_js_maths(page):
    """The harness is not blind: a JS maths off by 1e-8 in z, or with the verdict flipped, is reported."""
    e = widgets.neuron_explorer()
    good = "return { z, output, fires };"
    assert good in e.view._esm
    for wrong in ("return { z: z + 1e-8, output, fires };", "return { z, output, fires: !fires };"):
        (js,) = js_call(page, e.view._esm.replace(good, wrong), [e.inputs()])
        assert mismatches(js, e.state, TOL)
