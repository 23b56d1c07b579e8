"""The learning explorers, Python side (nnlib/widgets/: gradient_descent, training, conv, rnn, bump_challenge,
generalisation): each ``.state`` equals an independent numpy computation (hand-written loops, not nnlib), the
verdicts are the ones the maths predicts, the embedded data are nnlib's, bad arguments get clear errors, and each
module is small, has its .js and _maths.js, and no matplotlib.

The JavaScript twins are compared with these states in tests/test_widget_parity_learning.py (Chromium) and on
the built site in tests/test_site_learning.py.
"""
import importlib
import inspect
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnlib as nl
from browserkit import run_in_kernel

widgets = pytest.importorskip("nnlib.widgets")
# by import_module: nnlib.widgets.bump_challenge is also the name of the builder the package exports
gradient_descent, training, conv, rnn, bc_module, generalisation = (
    importlib.import_module(f"nnlib.widgets.{name}")
    for name in ("gradient_descent", "training", "conv", "rnn", "bump_challenge", "generalisation"))
MODULES = [gradient_descent, training, conv, rnn, bc_module, generalisation]


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


# ------------------------------------------------------------------------------------------ the house
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_module_is_small_with_its_js_and_no_matplotlib(module):
    path = Path(module.__file__)
    source = path.read_text()
    assert len(source.splitlines()) <= 150, f"{path.name} has {len(source.splitlines())} lines"
    assert "matplotlib" not in source and "plot" not in re.findall(r"from \.\. import (\w+)", source)
    views = re.findall(r'esm\("(\w+)"\)', source)
    assert views
    for name in views:
        assert (path.parent / f"{name}.js").exists() and (path.parent / f"{name}_maths.js").exists()
        maths = (path.parent / f"{name}_maths.js").read_text()
        assert "document" not in maths and "svgEl" not in maths, f"{name}_maths.js draws: keep it maths only"


@pytest.mark.parametrize("builder", ["gradient_descent_explorer", "training_explorer", "conv_explorer",
                                     "rnn_explorer", "bump_challenge", "bump_tower"])
def test_builders_are_exported_and_deterministic(builder):
    a, b = quiet(getattr(widgets, builder)), quiet(getattr(widgets, builder))
    assert repr(a) == repr(b) and repr(a).startswith(f"Explorer({builder}:")
    assert repr(a.state) == repr(b.state) and a.inputs() == b.inputs()
    assert getattr(widgets, builder).__module__ != "nnlib.widgets._legacy"


# ------------------------------------------------------------------------------------------ gradient descent
def numpy_descent(lr, steps, momentum, surface):
    """PyTorch's SGD with momentum, by hand: v = momentum v + g (v = g at first), w = w - lr v."""
    grad = {"bowl": lambda w: np.array([1.0, 10.0]) * w,
            "two valleys": lambda w: np.array([w[0] ** 3 + 0.5 * w[0] ** 2 - w[0], 2 * w[1]])}[surface]
    w = np.array([-1.8, 0.9] if surface == "bowl" else [1.8, 0.9])
    v, path = np.zeros(2), [w]
    for _ in range(steps):
        v = momentum * v + grad(w)
        w = w - lr * v
        path.append(w)
        if np.max(np.abs(w)) > 1e3:
            break
    return np.array(path)


@pytest.mark.parametrize("surface", ["bowl", "two valleys"])
@pytest.mark.parametrize("lr, steps, momentum", [(0.1, 20, 0.0), (0.05, 60, 0.9), (0.15, 30, 0.5), (0.25, 60, 0.0),
                                                  (1.2, 60, 0.95), (0.001, 1, 0.0)])
def test_descent_path_is_sgd_with_momentum(surface, lr, steps, momentum):
    e = quiet(widgets.gradient_descent_explorer, lr=lr, steps=steps, momentum=momentum, surface=surface)
    want = numpy_descent(lr, steps, momentum, surface)
    np.testing.assert_allclose(e.state["path"], want, rtol=1e-12, atol=1e-12)
    assert e.state["steps_taken"] == len(want) - 1


# On the bowl L = 0.5 (w1² + 10 w2²) plain gradient descent multiplies w1 by (1 - lr) and w2 by (1 - 10 lr) per step:
# 10 lr > 2 -> |factor| > 1, diverges; 1 < 10 lr < 2 -> w2's factor is negative, the path zig-zags (oscillates);
# 10 lr < 1 -> both factors positive, no overshoot: converges given enough steps, too slow with too few.
@pytest.mark.parametrize("lr, steps, verdict", [(0.21, 60, "diverges"), (0.5, 10, "diverges"), (0.15, 20, "oscillates"),
                                                (0.19, 60, "oscillates"), (0.05, 60, "converges"), (0.09, 40, "converges"),
                                                (0.001, 20, "too slow"), (0.01, 10, "too slow")])
def test_bowl_verdicts_follow_the_step_factors(lr, steps, verdict):
    assert quiet(widgets.gradient_descent_explorer, lr=lr, steps=steps).state["verdict"] == verdict


def test_two_valleys_local_minimum_and_momentum():
    """Plain steps from (1.8, 0.9) stop in the shallower valley, at the root of w1² + 0.5 w1 - 1 = 0 (w1 > 0);
    momentum 0.9 carries the path over the barrier at w1 = 0 into the deeper one."""
    plain = quiet(widgets.gradient_descent_explorer, lr=0.1, steps=60, surface="two valleys").state
    assert plain["verdict"] == "converges" and plain["valley"] == "shallower"
    assert plain["path"][-1][0] == pytest.approx((-0.5 + np.sqrt(4.25)) / 2, abs=1e-3)
    heavy = quiet(widgets.gradient_descent_explorer, lr=0.05, steps=60, momentum=0.9, surface="two valleys").state
    assert heavy["valley"] == "deeper" and heavy["path"][-1][0] < 0


# ------------------------------------------------------------------------------------------ training
def numpy_training(hidden, lr, epochs, activation, batch=20):
    """The explorer's training written out with numpy only: same data, same starting weights, same batches."""
    X, y = nl.make_moons(200, noise=0.2, rng=0)
    init = training.embedded()["init"][str(hidden)]
    w1, b1, w2, b2 = (np.array(init[k]) for k in ("w1", "b1", "w2", "b2"))
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}[activation]
    df = {"relu": lambda z, a: (z > 0) * 1.0, "tanh": lambda z, a: 1 - a * a, "sigmoid": lambda z, a: a * (1 - a)}[activation]
    losses, accs = [], []
    for _ in range(epochs):
        for s in range(0, len(X), batch):
            xb, yb = X[s:s + batch], y[s:s + batch]
            z1 = xb @ w1.T + b1
            a = f(z1)
            z2 = a @ w2.T + b2
            p = np.exp(z2 - z2.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            d2 = (p - np.eye(2)[yb]) / len(xb)
            d1 = (d2 @ w2) * df(z1, a)
            w2, b2 = w2 - lr * d2.T @ a, b2 - lr * d2.sum(0)
            w1, b1 = w1 - lr * d1.T @ xb, b1 - lr * d1.sum(0)
        z2 = f(X @ w1.T + b1) @ w2.T + b2
        m = z2.max(1, keepdims=True)
        losses.append(float(np.mean(np.log(np.exp(z2 - m).sum(1)) + m[:, 0] - z2[np.arange(len(y)), y])))
        accs.append(float(np.mean(z2.argmax(1) == y)))
    return losses, accs


def test_embedded_data_and_weights_are_nnlibs():
    data = training.embedded()
    X, y = nl.make_moons(200, noise=0.2, rng=0)
    assert np.array_equal(data["X"], X) and np.array_equal(data["y"], y)
    assert json.loads(json.dumps(data)) == data                            # survives the page's JSON exactly
    for h in (1, 7, 16):
        assert np.array_equal(data["init"][str(h)]["w1"], nl.Linear(2, h, rng=0).weight.data)
        assert np.array_equal(data["init"][str(h)]["b2"], nl.Linear(h, 2, rng=1).bias.data)


@pytest.mark.parametrize("hidden, lr, epochs, activation", [(8, 0.1, 30, "relu"), (3, 0.5, 20, "tanh"),
                                                            (16, 1.0, 10, "sigmoid")])
def test_training_state_equals_numpy(hidden, lr, epochs, activation):
    e = quiet(widgets.training_explorer, hidden=hidden, lr=lr, epochs=epochs, activation=activation)
    losses, accs = numpy_training(hidden, lr, epochs, activation)
    np.testing.assert_allclose(e.state["losses"], losses, rtol=1e-10)
    assert e.state["accuracies"] == accs and e.state["epochs_run"] == epochs and not e.state["diverged"]


def test_training_default_learns_the_moons():
    state = quiet(widgets.training_explorer).state
    assert state["accuracy"] >= 0.9 and state["loss"] < state["losses"][0]


# ------------------------------------------------------------------------------------------ convolution
def numpy_conv(image, k):
    padded = np.pad(image, 1)
    return np.array([[np.sum(padded[r:r + 3, c:c + 3] * k) for c in range(8)] for r in range(8)])


@pytest.mark.parametrize("preset", list(conv.KERNELS))
@pytest.mark.parametrize("digit", [0, 3, 9])
def test_feature_map_equals_numpy_cross_correlation(preset, digit):
    e = quiet(widgets.conv_explorer, kernel=preset, digit=digit)
    X, y = nl.load_digits()
    first = int(np.flatnonzero(y == digit)[0])
    want = numpy_conv(X[first].reshape(8, 8), np.array(conv.KERNELS[preset], dtype=float))
    np.testing.assert_allclose(e.state["feature_map"], want, atol=1e-12)
    assert e.state["label"] == digit and e.state["name"] == preset


def test_preset_sets_the_nine_sliders_and_custom_kernels_are_named_custom():
    e = quiet(widgets.conv_explorer)
    e.controls["preset"].value = "sharpen"
    assert [e.controls[f"k{i}{j}"].value for i in range(3) for j in range(3)] == [0, -1, 0, -1, 5, -1, 0, -1, 0]
    assert e.state["name"] == "sharpen" and e.view.k11 == 5
    e.controls["k11"].value = 4.0
    assert e.state["name"] == "custom"


# ------------------------------------------------------------------------------------------ RNN
@pytest.mark.parametrize("activation", ["tanh", "linear"])
@pytest.mark.parametrize("w_hh, w_in", [(0.9, 1.0), (-1.3, 0.5), (2.0, -2.0), (0.0, 1.0)])
def test_rnn_state_equals_numpy(activation, w_hh, w_in):
    e = quiet(widgets.rnn_explorer, w_hh=w_hh, w_in=w_in, steps=25, activation=activation)
    f = np.tanh if activation == "tanh" else (lambda z: z)
    h, want = 0.0, []
    for t in range(25):
        h = f(w_in * (t == 0) + w_hh * h)
        want.append(h)
    np.testing.assert_allclose(e.state["h"], want, rtol=1e-12, atol=1e-300)


# linear: h_t = w_hh^(t-1) w_in, so |h_T| / |h_1| = |w_hh|^(T-1) exactly.
@pytest.mark.parametrize("w_hh, steps, verdict", [(1.0, 30, "holding"), (-1.0, 60, "holding"), (0.5, 30, "fading"),
                                                  (0.9, 30, "fading"), (1.2, 30, "exploding"), (-1.2, 30, "exploding"),
                                                  (1.05, 30, "holding")])
def test_linear_rnn_verdicts(w_hh, steps, verdict):
    s = quiet(widgets.rnn_explorer, w_hh=w_hh, steps=steps, activation="linear").state
    assert s["ratio"] == pytest.approx(abs(w_hh) ** (steps - 1), rel=1e-9) and s["verdict"] == verdict


def test_tanh_rnn_cannot_explode_and_silence_fades():
    s = quiet(widgets.rnn_explorer, w_hh=2.0, w_in=1.0, activation="tanh").state
    assert max(abs(h) for h in s["h"]) < 1 and s["verdict"] == "holding"
    assert quiet(widgets.rnn_explorer, w_in=0.0).state["verdict"] == "fading"


# ------------------------------------------------------------------------------------------ bumps
def numpy_bumps(heights, s, x):
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    n = len(heights)
    with np.errstate(over="ignore"):                  # exp(-z) overflows to inf for very negative z: sig -> 0
        return sum(h * (sig(s * (x - k / n)) - sig(s * (x - (k + 1) / n))) for k, h in enumerate(heights))


def test_bump_challenge_error_and_matched():
    x = (np.arange(200) + 0.5) / 200
    target = 0.2 + 0.4 * x ** 2 + 0.3 * x * np.sin(15 * x)
    best = [float(np.median(target[(x >= k / 5) & (x < (k + 1) / 5)])) for k in range(5)]   # each stretch's median
    e = quiet(widgets.bump_challenge, steepness=1000.0, heights=[round(h, 2) for h in best])
    want = np.mean(np.abs(target - numpy_bumps([round(h, 2) for h in best], 1000.0, x)))
    assert e.state["error"] == pytest.approx(want, rel=1e-9) and e.state["matched"]
    e.set(h1=-1.0)
    assert not e.state["matched"]
    flat = quiet(widgets.bump_challenge)
    assert flat.state["error"] == pytest.approx(np.mean(np.abs(target - numpy_bumps([0.0] * 5, 200.0, x))), rel=1e-9)
    assert not flat.state["matched"]


def test_tower_stands_only_with_the_right_step_point():
    """The output neuron steps at s on B1 + B2 and stores the bias b = -w s: a tower when s lies between the arms'
    level (one bump, 1) and the centre's (two bumps, 2)."""
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731   (|z| stays below 50 here)
    bump = lambda x, k: sig(k * (x - 0.3)) - sig(k * (x - 0.7))  # noqa: E731
    e = quiet(widgets.bump_tower, weight=10.0, step=1.5, steepness=50.0)
    assert e.state["centre"] == pytest.approx(sig(10 * (2 * bump(0.5, 50) - 1.5)), rel=1e-12)
    assert e.state["bias"] == -15.0 and e.state["stands"]
    e.set(s=0.5)                         # one bump alone already reaches 0.5 -> the arms of the cross are up
    assert not e.state["stands"] and e.state["outside"] > 0.9 and e.state["bias"] == -5.0
    e.set(s=1.0)                         # the arms sit on the output neuron's step: o is about 0.5 there
    c = (np.arange(25) + 0.5) / 25
    x1, x2 = np.meshgrid(c, c)
    far = (np.abs(x1 - 0.5) > 0.3) | (np.abs(x2 - 0.5) > 0.3)
    o = sig(10 * (bump(x1, 50) + bump(x2, 50)) - 10 * 1.0)
    assert e.state["outside"] == pytest.approx(o[far].max(), rel=1e-9) and 0.45 < e.state["outside"] < 0.55
    e.set(s=2.0, w=20.0)                 # the centre sits on the step: about 0.5, not a tower
    assert e.state["centre"] == pytest.approx(sig(20 * (2 * bump(0.5, 50) - 2.0)), rel=1e-12)
    assert e.state["centre"] < 0.5 and not e.state["stands"]
    net = importlib.import_module("nnlib.widgets.bump_challenge").tower_network(50.0, 20.0, 2.0)
    assert net[2].bias.data[0] == -40.0 and np.all(net[0].bias.data == -50.0 * np.array([0.3, 0.7, 0.3, 0.7]))


# ------------------------------------------------------------------------------------------ generalisation
def u_history(n=60, bottom=30, floor=0.3, train_end=0.05):
    """A validation curve that falls to ``floor`` at epoch ``bottom`` and rises again; training keeps falling."""
    t = np.arange(1, n + 1)
    return {"loss": list(np.linspace(1.0, train_end, n)), "val_loss": list(floor + 0.0004 * (t - bottom) ** 2)}


def test_generalisation_smoothing_and_early_stopping():
    rng = np.random.default_rng(0)
    hist = {h: {"loss": list(1 / np.arange(1, 41)), "val_loss": list(rng.uniform(0.2, 1.0, 40))} for h in (2, 8)}
    e = quiet(widgets.generalisation_explorer, hist, window=4)
    for size in (2, 8):
        for epochs in (1, 3, 17, 40):
            e.set(size=size, epochs=epochs)
            val = np.array(hist[size]["val_loss"])
            smoothed = [val[max(0, t - 3):t + 1].mean() for t in range(40)]
            np.testing.assert_allclose(e.state["smoothed"], smoothed, rtol=1e-12)
            assert e.state["stop_epoch"] == int(np.argmin(smoothed[:epochs])) + 1
            assert e.state["val_loss"] == val[epochs - 1] and e.state["loss"] == hist[size]["loss"][epochs - 1]


def test_generalisation_verdicts():
    hist = {4: u_history(), 16: u_history(bottom=20, floor=0.25), 1: {"loss": [0.9] * 60, "val_loss": [0.8] * 60}}
    e = quiet(widgets.generalisation_explorer, hist, window=1)
    e.set(size=16, epochs=60)
    assert e.state["verdict"] == "overfitting" and e.state["stop_epoch"] == 20
    e.set(epochs=20)
    assert e.state["verdict"] == "about right"
    e.set(size=1)
    assert e.state["verdict"] == "underfitting"


@pytest.mark.parametrize("histories, error", [([1, 2], TypeError), ({}, TypeError), ({"big": u_history()}, TypeError),
                                              ({4: {"loss": [1.0]}}, ValueError),
                                              ({4: {"loss": [1.0, 0.5], "val_loss": [1.0]}}, ValueError),
                                              ({4: {"loss": [np.nan], "val_loss": [1.0]}}, ValueError)])
def test_generalisation_bad_histories(histories, error):
    with pytest.raises(error, match="histor"):
        widgets.generalisation_explorer(histories)


@pytest.mark.parametrize("builder, kwargs, match", [
    ("gradient_descent_explorer", {"lr": 5.0}, "lr must be between"),
    ("gradient_descent_explorer", {"steps": 0}, "steps must be a whole number"),
    ("gradient_descent_explorer", {"surface": "saddle"}, "surface must be one of"),
    ("training_explorer", {"hidden": 40}, "hidden must be a whole number from 1 to 16"),
    ("training_explorer", {"activation": "step"}, "activation must be one of"),
    ("conv_explorer", {"digit": 12}, "digit must be a whole number from 0 to 9"),
    ("conv_explorer", {"kernel": "emboss"}, "kernel must be one of"),
    ("rnn_explorer", {"w_hh": 3.0}, "w_hh must be between"),
    ("rnn_explorer", {"activation": "relu"}, "activation must be one of"),
    ("bump_challenge", {"bumps": 1}, "bumps must be a whole number"),
    ("bump_challenge", {"heights": [0.1, 0.2]}, "one value per bump"),
    ("generalisation_explorer", {"histories": {4: u_history()}, "window": 0}, "window must be a whole number"),
])
def test_bad_arguments_get_clear_errors(builder, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        getattr(widgets, builder)(**kwargs)


def test_builders_keep_the_conventions_signatures():
    """notes/CONVENTIONS.md: the chapters call these keyword arguments."""
    for builder, names in {"gradient_descent_explorer": ["lr", "steps", "momentum"],
                           "training_explorer": ["hidden", "lr", "epochs"], "conv_explorer": ["kernel"],
                           "rnn_explorer": ["w_hh", "steps"],
                           "generalisation_explorer": ["histories", "epochs", "window"]}.items():
        params = list(inspect.signature(getattr(widgets, builder)).parameters)
        assert params[:len(names)] == names, builder


def test_learning_explorers_in_a_kernel():
    """In a real Jupyter kernel (comms open), moving a control recomputes .state with nnlib and moves the view."""
    out = run_in_kernel("\n".join([
        "from IPython.display import display",
        "from nnlib import widgets",
        "g = widgets.gradient_descent_explorer(); display(g); g.controls['lr'].value = 0.15",
        "c = widgets.conv_explorer(); display(c); c.controls['preset'].value = 'identity'",
        "r = widgets.rnn_explorer(); display(r); r.controls['activation'].value = 'linear'",
        "t = widgets.training_explorer(epochs=10); display(t); t.controls['hidden'].value = 2",
        "print('STATE', g.state['verdict'], g.view.lr, c.state['name'], c.view.k11, r.state['verdict'],",
        "      t.state['epochs_run'], t.view.hidden)"]))
    # lr 0.15 on the bowl zig-zags; linear with w_hh = 0.9 keeps 0.9^29 = 0.047 of the pulse: fading
    assert "STATE oscillates 0.15 identity 1.0 fading 10 2" in out
