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

from browserkit import chromium, js_call, launch, mismatches, worst_error

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


TABLES = {
    "neuron_explorer": _neuron_table(),
}


@pytest.fixture(scope="module")
def page():
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the parity tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        page.goto("about:blank")
        yield page
        browser.close()


def run_table(page, builder, rows):
    explorer = getattr(widgets, builder)()
    inputs, states = [], []
    for row in rows:
        explorer.set(**row)
        inputs.append(explorer.inputs())
        states.append(dict(explorer.state))
    return inputs, states, js_call(page, explorer.view._esm, inputs)


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
