"""Figures for the course: colour-blind-safe colours and a few plots every chapter reuses.

    from nnlib import plot
    plot.use_style()
    fig = plot.plot_activation("sigmoid")
    ax = plot.plot_decision_boundary(model, X, y, title="Two moons")

Every function takes an optional ``ax`` (a matplotlib Axes to draw into); without one it makes a new figure.
Functions return the Axes they drew on (``ax.figure`` is the Figure). This module needs matplotlib, but never
ipywidgets: the widgets build on it, not the other way round.
"""
import numpy as np
import matplotlib
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .activations import activation

# Okabe & Ito (2008): eight colours that stay distinct for the common forms of colour blindness.
COLORS = ["#0072B2",  # blue
          "#D55E00",  # vermillion
          "#009E73",  # bluish green
          "#E69F00",  # orange
          "#56B4E9",  # sky blue
          "#CC79A7",  # reddish purple
          "#F0E442",  # yellow
          "#000000"]  # black
BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, YELLOW, BLACK = COLORS

STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 12,
    "lines.linewidth": 2.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "image.cmap": "viridis",
    "figure.dpi": 96,
    "figure.constrained_layout.use": True,
}


def use_style():
    """Readable defaults for every figure: 11-12 pt fonts, light grid, Okabe-Ito colour cycle; in a notebook,
    inline figures at twice the pixel density (sharp on high-density screens, same size on the page)."""
    matplotlib.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:   # a plain script: nothing inline to configure
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def _axes(ax, figsize=(5, 3.5)):
    """The given Axes, or a new one on a new figure (pyplot's, so it shows inline in a notebook)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=figsize)
    return ax


def new_figure(figsize=(7.5, 3.0), dpi=96):
    """A stand-alone Figure (no pyplot global state): what widgets draw into."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=figsize, dpi=dpi, layout="none")   # widgets place their axes once, by hand
    return fig


def predict_labels(model, X):
    """Class labels from a model's logits: argmax for (N, C) with C > 1, else logit >= 0."""
    out = np.asarray(model(X))
    if out.ndim == 2 and out.shape[1] > 1:
        return out.argmax(axis=1)
    return (out.reshape(len(X)) >= 0).astype(int)


def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=150):
    """Shade the plane by the class ``model`` predicts and scatter the points on top.

    model: a callable mapping (N, 2) inputs to logits (N, C) or (N,)/(N, 1); X: (N, 2); y: (N,) int labels;
    title: the Axes title (default "Decision boundary"); resolution: grid points per axis.
    """
    ax = _axes(ax)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y).astype(int)
    pad = 0.5
    x0, x1 = X[:, 0].min() - pad, X[:, 0].max() + pad
    y0, y1 = X[:, 1].min() - pad, X[:, 1].max() + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    labels = predict_labels(model, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    n_classes = int(max(labels.max(), y.max())) + 1
    cmap = ListedColormap(COLORS[:max(n_classes, 2)])
    ax.imshow(labels, origin="lower", extent=(x0, x1, y0, y1), cmap=cmap, vmin=-0.5,
              vmax=max(n_classes, 2) - 0.5, alpha=0.25, aspect="auto", interpolation="nearest")
    markers = "os^vDP*X"
    for k in range(n_classes):
        pts = X[y == k]
        if len(pts):
            ax.scatter(pts[:, 0], pts[:, 1], s=18, color=COLORS[k % len(COLORS)], marker=markers[k % len(markers)],
                       edgecolor="white", linewidth=0.4, label=f"class {k}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.locator_params(nbins=6)                 # at most about six ticks per axis: labels never run together
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or "Decision boundary")
    ax.legend(loc="upper right", framealpha=0.8)
    return ax


def plot_history(history, ax=None):
    """Loss curves (and accuracy on a second y axis, if present) from ``nl.fit``'s history, per epoch.

    history: dict with "loss" and optionally "val_loss", "accuracy", "val_accuracy" (lists of floats).
    Each series has its own line style (solid, dash-dot, dashed, dotted), so colour is never the only cue.
    """
    ax = _axes(ax, figsize=(6, 3.5))
    epochs = np.arange(1, len(history["loss"]) + 1)
    lines = ax.plot(epochs, history["loss"], color=BLUE, label="training loss")
    if history.get("val_loss"):
        lines += ax.plot(epochs, history["val_loss"], color=VERMILLION, linestyle="-.", label="validation loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_title("Training history")
    if history.get("accuracy"):
        ax2 = ax.twinx()
        lines += ax2.plot(epochs, history["accuracy"], color=BLUE, linestyle="--", label="training accuracy")
        if history.get("val_accuracy"):
            lines += ax2.plot(epochs, history["val_accuracy"], color=VERMILLION, linestyle=":",
                              label="validation accuracy")
        ax2.set_ylabel("accuracy")
        ax2.set_ylim(0, 1.02)
        ax2.grid(False)
    ax.legend(lines, [ln.get_label() for ln in lines], loc="center right", framealpha=0.8)
    return ax


def plot_confusion_matrix(y_true, y_pred, ax=None, labels=None):
    """A confusion matrix: row = true class, column = predicted class, each cell counts samples.

    y_true, y_pred: (N,) int labels; labels: optional names for the classes.
    """
    y_true, y_pred = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    n = int(max(y_true.max(), y_pred.max())) + 1
    cm = np.zeros((n, n), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    ax = _axes(ax, figsize=(4.5, 4))
    ax.imshow(cm, cmap="Blues")
    ax.grid(False)
    threshold = cm.max() / 2 if cm.max() else 1
    for i in range(n):
        for j in range(n):
            ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=9,
                    color="white" if cm[i, j] > threshold else "black")
    names = labels if labels is not None else [str(k) for k in range(n)]
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"Confusion matrix ({np.trace(cm)} of {cm.sum()} correct)")
    return ax


def plot_activation(name, ax=None, weight=1.0, bias=0.0, derivative=True, z_range=(-6.0, 6.0)):
    """The activation f(weight * z + bias) over z, and (dashed) its derivative with respect to z.

    name: "step", "sigmoid", "tanh", "relu", "leaky_relu" or "identity"; weight, bias: the neuron's one weight and
    bias; derivative: also draw d/dz f(weight z + bias) = weight * f'(weight z + bias).
    """
    act = activation(name)
    ax = _axes(ax)
    z = np.linspace(z_range[0], z_range[1], 401)
    u = weight * z + bias
    ax.plot(z, act(u), color=BLUE, label=f"{act.name}(w z + b)")
    if derivative:
        ax.plot(z, weight * act.derivative(u), color=VERMILLION, linestyle="--", label="derivative")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("z")
    ax.set_ylabel("output")
    ax.set_title(f"{act.name}" + (f" (w={weight:g}, b={bias:g})" if (weight, bias) != (1.0, 0.0) else ""))
    ax.legend(loc="upper left", framealpha=0.8)
    return ax
