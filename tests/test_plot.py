"""nnlib.plot: every function returns Axes with a title and axis labels, and draws without warnings."""
import warnings

import numpy as np
import pytest

import nnlib as nl

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnlib import plot  # noqa: E402


@pytest.fixture(autouse=True)
def strict():
    plot.use_style()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    plt.close("all")


def labelled(ax):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    ax.figure.canvas.draw()                      # draws without warnings
    return True


def moons_model():
    X, y = nl.make_moons(100, noise=0.1, rng=0)
    model = nl.Sequential(nl.Linear(2, 8, rng=0), nl.ReLU(), nl.Linear(8, 2, rng=1))
    hist = nl.fit(model, nl.CrossEntropyLoss(), nl.SGD(model.parameters(), lr=0.1), X, y, epochs=5, rng=0,
                  progress=False, validation=(X, y))
    return model, X, y, hist


def test_colors_are_okabe_ito():
    assert len(plot.COLORS) == 8 and plot.COLORS[0] == "#0072B2" and len(set(plot.COLORS)) == 8
    assert matplotlib.rcParams["font.size"] >= 11


def test_decision_boundary():
    model, X, y, _ = moons_model()
    ax = plot.plot_decision_boundary(model, X, y, title="Two moons")
    assert ax.get_title() == "Two moons" and labelled(ax)
    assert ax.get_legend() is not None


def test_decision_boundary_single_logit_and_given_axes():
    X, y = nl.logic_gate("AND")
    neuron = nl.Neuron([1.0, 1.0], -1.5)
    fig, ax = plt.subplots()
    out = plot.plot_decision_boundary(lambda X: neuron.weighted_sum(X), X, y, ax=ax)
    assert out is ax and labelled(ax)


def test_history():
    *_, hist = moons_model()
    ax = plot.plot_history(hist)
    assert labelled(ax) and len(ax.get_lines()) == 2
    ax = plot.plot_history({"loss": [1.0, 0.5]})
    assert labelled(ax)


def test_confusion_matrix():
    ax = plot.plot_confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    assert labelled(ax) and "4 of 5" in ax.get_title()


@pytest.mark.parametrize("name", ["step", "sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_activation(name):
    ax = plot.plot_activation(name)
    assert name in ax.get_title() and labelled(ax)
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata(), nl.activation(name)(line.get_xdata()))
    assert labelled(plot.plot_activation(name, weight=-3.0, bias=2.0))
