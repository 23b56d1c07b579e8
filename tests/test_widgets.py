"""The explorers, Python side: ``.state`` equals nnlib for several control settings and follows the controls,
the view's traits follow the controls (so the saved page state is consistent), bad builder arguments give clear
errors, builders are deterministic, and an explorer works inside a real Jupyter kernel.

Every explorer is on the anywidget design (nnlib/widgets/_base.py); the generic tests here run over all of them,
the per-explorer ones cover issue 9's five (the learning explorers: tests/test_widgets_learning*.py). The JS maths
is compared with nnlib in tests/test_widget_parity*.py, the pages in tests/test_site*.py and tests/test_widgets_lab.py.
"""
import inspect
import itertools
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnlib as nl
from browserkit import run_in_kernel

widgets = pytest.importorskip("nnlib.widgets")
anywidget = pytest.importorskip("anywidget")

BUILDERS = ["neuron_explorer", "gate_explorer", "activation_explorer", "bump_builder", "loss_explorer",
            "gradient_descent_explorer", "training_explorer", "conv_explorer", "rnn_explorer", "lif_explorer"]


LIVE = BUILDERS                     # every explorer is on the anywidget design now
MINE = ["neuron_explorer", "gate_explorer", "activation_explorer", "bump_builder", "loss_explorer"]


def build(builder, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return getattr(widgets, builder)(**kwargs)


def strict_set(explorer, **values):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.set(**values)


def extremes(control):
    """The values worth trying for one control: both ends of a slider, every option of a dropdown."""
    if hasattr(control, "options"):
        return list(control.options)
    if hasattr(control, "base"):                               # FloatLogSlider: min and max are exponents
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


# ---------------------------------------------------------------------------------------------------------------
# The anywidget design (every explorer moved out of _legacy.py)


@pytest.mark.parametrize("name", LIVE)
def test_live_structure_and_determinism(name):
    a, b = build(name), build(name)
    assert isinstance(a, widgets.Explorer) and isinstance(a.view, anywidget.AnyWidget)
    assert a.controls and all(c.description for c in a.controls.values())
    assert a.state and repr(a) == repr(b) and "0x" not in repr(a) and repr(a).startswith(f"Explorer({name}:")
    assert a._repr_mimebundle_()["text/plain"] == repr(a)          # what nbval compares
    assert a.view._esm == b.view._esm and "export default" in a.view._esm and "export function compute" in a.view._esm
    assert a.inputs() == b.inputs()
    # every control is tied to the view's trait in the page (jslink), both ways
    linked = {(l.source[0], l.target[1]) for l in a._links}
    for key, control in a.controls.items():
        attr = widgets._base.trait_name(key)
        assert (control, attr) in linked, f"{name}: control {key} is not jslinked to the view's trait {attr}"
        assert a.view.has_trait(attr)


@pytest.mark.parametrize("name", LIVE)
def test_live_state_and_view_follow_each_control(name):
    """Setting ``controls[k].value`` (as a learner's code does) recomputes ``.state`` and moves the view's trait."""
    e = build(name)
    for key, control in e.controls.items():
        before_state, before_inputs = repr(e.state), e.inputs()
        values = extremes(control)
        new = next(v for v in values if v != control.value)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            control.value = new
        assert e.values()[key] == new
        fresh = build(name)
        fresh.set(**e.values())
        assert repr(e.state) == repr(fresh.state), f"{name}: state after {key}={new!r} is stale"
        assert e.inputs() != before_inputs, f"{name}: the view did not follow {key}"
        assert e.inputs() == fresh.inputs()
        del before_state


def test_the_explorers_do_not_need_matplotlib():
    code = "import sys, nnlib.widgets; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, "importing nnlib.widgets loads matplotlib"


@pytest.mark.parametrize("name", LIVE)
def test_live_module_is_small_and_has_no_matplotlib(name):
    module = inspect.getmodule(getattr(widgets, name))
    source = Path(module.__file__).read_text()
    assert len(source.splitlines()) <= 150, f"{module.__name__} has more than 150 lines"
    assert "matplotlib" not in source and "plot" not in re.findall(r"from \.\. import (\w+)", source)
    stem = Path(module.__file__).with_suffix("")
    assert stem.with_suffix(".js").exists() and Path(f"{stem}_maths.js").exists()


@pytest.mark.parametrize("value, digits, expected", [
    (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (2.5, 0, "3"), (1.005, 2, "1.00"),   # 1.005 is 1.00499... in binary
    (-0.001, 2, "0.00"), (-0.0, 1, "0.0"), (0.5, 3, "0.500"), (float("inf"), 2, "inf"), (float("nan"), 2, "nan"),
    (-1234.5678, 1, "-1234.6")])
def test_fmt_rounds_like_the_page(value, digits, expected):
    assert widgets.fmt(value, digits) == expected


# ---------------------------------------------------------------------------------------------------------------
# Structure, determinism, figure


@pytest.mark.parametrize("name", [n for n in BUILDERS if n != "training_explorer"])
def test_extreme_values_neither_raise_nor_warn(name):
    """Every control at each end, and the corners: no exception, no warning, no nan in nnlib's state."""
    e = build(name)
    show = lambda e: repr(e.state)                              # noqa: E731  (the readout is drawn in the page)
    names = list(e.controls)
    for k in names:                                            # each control alone at each end
        for v in extremes(e.controls[k]):
            strict_set(e, **{k: v})
            assert "nan" not in show(e).lower()
    sliders = [k for k in names if not hasattr(e.controls[k], "options")]
    dropdowns = [k for k in names if hasattr(e.controls[k], "options")]
    corners = itertools.product(*[extremes(e.controls[k]) for k in sliders])
    if len(sliders) > 6:                                       # conv: 11 sliders -> all-min and all-max only
        corners = [[e.controls[k].min for k in sliders], [e.controls[k].max for k in sliders]]
    options = list(itertools.product(*[extremes(e.controls[k]) for k in dropdowns]))
    for i, corner in enumerate(corners):                       # every corner, the dropdown options in turn
        strict_set(e, **dict(zip(sliders, corner)), **dict(zip(dropdowns, options[i % len(options)])))
        assert "nan" not in show(e).lower()


# ---------------------------------------------------------------------------------------------------------------
# Readouts against nnlib


@pytest.mark.parametrize("activation", ["step", "sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("w1, w2, b, theta, x1, x2", [(1, 1, -1.5, 0, 1, 1), (1, 1, -1.5, 0, 0, 1),
                                                      (-2, 0.5, 1, 0.7, 1.5, -0.5), (0, 0, 0, 0, 2, 2),
                                                      (0.3, -1.2, -0.4, -1.0, -2, 1.1)])
def test_neuron_readout_matches_nnlib(activation, w1, w2, b, theta, x1, x2):
    e = build("neuron_explorer")
    strict_set(e, w1=w1, w2=w2, b=b, **{"θ": theta}, x1=x1, x2=x2, activation=activation)
    n = nl.Neuron([w1, w2], b, activation=activation, threshold=theta)
    z, out, fires = n.weighted_sum([x1, x2]), n([x1, x2]), n.fires([x1, x2])
    assert e.state["z"] == pytest.approx(z) and e.state["output"] == pytest.approx(out)
    assert e.state["fires"] == fires
    assert e.inputs() == dict(w1=w1, w2=w2, b=b, theta=theta, x1=x1, x2=x2, activation=activation)


def test_neuron_verdict_flips_when_the_bias_crosses_the_threshold():
    e = build("neuron_explorer", weights=(1.0, 1.0), x=(0.0, 0.0), threshold=0.5)
    for b in np.round(np.arange(-1.0, 1.01, 0.1), 10):
        e.controls["b"].value = float(b)
        assert e.state["fires"] == (b >= 0.5) == nl.Neuron([1.0, 1.0], b, threshold=0.5).fires([0.0, 0.0])


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(weights=(1.0,)), ValueError, "weights must be two numbers"),
    (dict(weights="ab"), ValueError, "weights must be two numbers"),
    (dict(bias="high"), TypeError, "bias must be a number"),
    (dict(bias=7.0), ValueError, "between -3 and 3"),
    (dict(threshold=float("nan")), ValueError, "threshold must be a finite number"),
    (dict(x=(0.0, 5.0)), ValueError, "x[1] must be between -2 and 2"),
    (dict(activation="softmax"), ValueError, "activation must be one of step, sigmoid, tanh, relu"),
])
def test_neuron_bad_arguments_are_explained(kwargs, error, words):
    with pytest.raises(error) as info:
        widgets.neuron_explorer(**kwargs)
    assert words in str(info.value) and "got" in str(info.value)


def test_set_rejects_unknown_controls():
    with pytest.raises(ValueError, match="has the controls x1, x2, w1, w2, b, θ, activation, but got w3"):
        widgets.neuron_explorer().set(w3=1.0)


def test_neuron_explorer_defaults_follow_conventions():
    e = build("neuron_explorer", weights=(2.0, -1.0), bias=0.5, threshold=1.0, x=(0.5, 1.0), activation="sigmoid")
    v = e.values()
    assert (v["w1"], v["w2"], v["b"], v["θ"], v["x1"], v["x2"], v["activation"]) == (2, -1, 0.5, 1, 0.5, 1, "sigmoid")
    assert set(e.controls) >= {"x1", "x2", "w1", "w2", "b", "θ"}


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "XOR"])
def test_gate_state_matches_nnlib(gate):
    e = build("gate_explorer", gate=gate)
    X, y = nl.logic_gate(gate)
    assert e.inputs()["X"] == X.tolist() and e.inputs()["targets"][gate] == y.tolist()    # what the page uses
    for w1, w2, b in [(1, 1, -1.5), (1, 1, -0.5), (-1, -1, 1.5), (2, -2, 0), (0, 0, 0), (1, 1, -1)]:
        strict_set(e, w1=w1, w2=w2, b=b)
        z = X @ np.array([w1, w2], dtype=float) + b                     # by hand, not through nnlib
        fires = z >= 0
        assert np.array_equal(e.state["z"], z) and np.array_equal(e.state["fires"], fires)
        assert e.state["n_correct"] == int(np.sum(fires.astype(int) == y))
    if gate == "XOR":
        best = max(build("gate_explorer", gate="XOR", weights=(w1, w2), bias=b).state["n_correct"]
                   for w1 in (-1, 1) for w2 in (-1, 1) for b in (-1.5, -0.5, 0.5, 1.5))
        assert best == 3                                               # no line gets XOR right


def test_gate_solutions_are_recognised():
    for gate, (w1, w2, b) in {"AND": (1, 1, -1.5), "OR": (1, 1, -0.5), "NAND": (-1, -1, 1.5)}.items():
        e = build("gate_explorer", gate=gate, weights=(w1, w2), bias=b)
        assert e.state["n_correct"] == 4


@pytest.mark.parametrize("name", ["step", "sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_activation_state_matches_nnlib(name):
    e = build("activation_explorer", name=name)
    zs = np.array(e.inputs()["zs"])
    assert zs[0] == -6 and zs[-1] == 6
    for w, b in [(1.0, 0.0), (2.5, -1.0), (-5, 5)]:
        strict_set(e, w=w, b=b)
        act = nl.activation(name)
        assert e.state["f0"] == act(b) and e.state["d0"] == w * act.derivative(b)
        np.testing.assert_array_equal(e.state["f"], act(w * zs + b))
        np.testing.assert_array_equal(e.state["df"], w * act.derivative(w * zs + b))


def test_bump_mse_matches_formula():
    e = build("bump_builder")
    x = np.array(e.inputs()["xs"])
    assert np.allclose(e.inputs()["target"], np.exp(-x ** 2 / 0.1), rtol=0, atol=1e-15)
    for s, left, right, h in [(10, -0.5, 0.5, 1), (50, -0.25, 0.25, 1), (100, 1, -1, -2)]:
        strict_set(e, steepness=s, left=left, right=right, height=h)
        bump = h * (1 / (1 + np.exp(-np.clip(s * (x - left), -500, 500)))
                    - 1 / (1 + np.exp(-np.clip(s * (x - right), -500, 500))))
        mse = np.mean((bump - np.exp(-x ** 2 / 0.1)) ** 2)
        assert e.state["mse"] == pytest.approx(mse, rel=1e-9, abs=1e-12)
        np.testing.assert_allclose(e.state["bump"], bump, rtol=0, atol=1e-12)
    strict_set(e, steepness=20, left=-0.3, right=0.3, height=0.9)
    assert e.state["mse"] < 0.01                               # a good fit is possible


@pytest.mark.parametrize("target", [0, 1])
def test_loss_state_matches_formulas(target):
    e = build("loss_explorer", target=target)
    for z in [-8.0, -1.3, 0.0, 2.0, 8.0]:
        strict_set(e, z=z)
        p = 1 / (1 + np.exp(-z))
        assert e.state["p"] == pytest.approx(p, rel=1e-12)
        assert e.state["mse"] == pytest.approx((p - target) ** 2, rel=1e-12)
        bce = -(target * np.log(p) + (1 - target) * np.log(1 - p))
        assert e.state["bce"] == pytest.approx(bce, rel=1e-9)
    zs = np.array(e.inputs()["zs"])
    ps = 1 / (1 + np.exp(-zs))
    np.testing.assert_allclose(e.state["mse_curve"], (ps - target) ** 2, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(e.state["bce_curve"], -(target * np.log(ps) + (1 - target) * np.log1p(-ps)), rtol=1e-9)
    t, ps = np.array([float(target)]), nl.sigmoid(zs)  # each point of the curves is nnlib's loss of that one sample
    assert e.state["mse_curve"].tolist() == [nl.MSELoss()(ps[i:i + 1], t) for i in range(len(zs))]
    assert e.state["bce_curve"].tolist() == [nl.BCEWithLogitsLoss()(zs[i:i + 1], t) for i in range(len(zs))]


@pytest.mark.parametrize("builder, kwargs, error, words", [
    ("gate_explorer", dict(gate="XNOR"), ValueError, "gate must be one of AND, OR, NAND, XOR"),
    ("gate_explorer", dict(gate=1), TypeError, "gate must be one of"),
    ("gate_explorer", dict(weights=(1, 2, 3)), ValueError, "weights must be two numbers"),
    ("activation_explorer", dict(name="swish"), ValueError, "name must be one of step, sigmoid"),
    ("activation_explorer", dict(weight=None), TypeError, "weight must be a number"),
    ("activation_explorer", dict(bias=9), ValueError, "bias must be between -5 and 5"),
    ("bump_builder", dict(steepness=0), ValueError, "steepness must be between 1 and 100"),
    ("bump_builder", dict(left="a"), TypeError, "left must be a number"),
    ("bump_builder", dict(height=float("inf")), ValueError, "height must be a finite number"),
    ("loss_explorer", dict(target=2), ValueError, "target must be 0 or 1"),
    ("loss_explorer", dict(logit=9.0), ValueError, "logit must be between -8 and 8"),
])
def test_bad_arguments_are_explained(builder, kwargs, error, words):
    with pytest.raises(error) as info:
        getattr(widgets, builder)(**kwargs)
    assert words in str(info.value) and "got" in str(info.value)


# ---------------------------------------------------------------------------------------------------------------
# In a real kernel


def test_neuron_explorer_in_a_kernel():
    out = run_in_kernel(textwrap.dedent("""
        from nnlib import widgets
        e = widgets.neuron_explorer()
        before = e.state["fires"]
        e.controls["x1"].value = 0.0
        print("STATE", before, e.state["fires"], e.view.x1, e.state["z"])
    """), timeout=60)
    assert "STATE True False 0.0 -0.5" in out   # z = 0 + 1 - 1.5 < 0: does not fire any more


def test_anywidget_front_end_on_the_site_is_the_pinned_version():
    """The AMD build the site serves (tools/fetch_assets.py, npm) is the release pinned on PyPI and installed."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    pins = dict(line.split("==") for line in (root / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    spec = importlib.util.spec_from_file_location("fetch_assets", root / "tools" / "fetch_assets.py")
    fetch_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch_assets)
    npm = {name: version for name, version, *_ in fetch_assets.PACKAGES}
    assert pins["anywidget"] == npm["anywidget"] == anywidget.__version__


@pytest.mark.parametrize("name", BUILDERS + ["bump_challenge", "bump_tower"])
def test_every_slider_starts_on_its_own_grid(name):
    """The page's slider snaps to min + k * step; a default off that grid shows another number with no kernel
    (bump_challenge's steepness 200 once showed as 199)."""
    import math
    explorer = build(name)
    for key, control in explorer.controls.items():
        if not hasattr(control, "step") or control.step is None:
            continue
        at = math.log10(control.value) if type(control).__name__ == "FloatLogSlider" else control.value
        steps = (at - control.min) / control.step
        assert abs(steps - round(steps)) < 1e-6, f"{name}.{key}: {control.value} is {steps:.3f} steps from min"
