"""The explorers not yet moved to the anywidget design (nnlib/widgets/_base.py): matplotlib figures rendered to
PNG in the kernel, so on the static site their sliders move but nothing else does. Each moves out of this file
into its own module as it is ported (issues 9 and 10); nnlib/widgets/__init__.py re-exports what is left.

Slider explorers: move a weight, a bias or a threshold and watch the neuron change.

    from nnlib import widgets
    widgets.neuron_explorer()          # the cell's last expression, or display(...)

Every builder returns an ``Explorer`` (an ipywidgets VBox) with

- ``.controls``: a dict name -> slider or dropdown (``explorer.controls["w1"].value = 2.0`` moves a slider),
- ``.readout``: an HTML widget that states the numbers and the verdict in words,
- ``.state``: the same numbers as a dict (what the tests compare with nnlib),
- ``.update()``: recompute, redraw the figure in place and refresh the readout.

All arithmetic is done by nnlib itself (``nl.Neuron``, ``nl.MSELoss``, ``nl.SGD``, ``nl.Conv2d``, ``nl.RNN`` ...);
this module only wires it to sliders and a matplotlib figure. The figure is drawn once and then updated in place
(``set_data``) and re-rendered to PNG bytes in an ``ipywidgets.Image``, so the saved notebook shows it too.
"""
import contextlib
import functools
import html
import io

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from .. import plot
from ..activations import activation as _activation
from ..conv import Conv2d
from ..datasets import load_digits, logic_gate, make_moons
from ..layers import Linear, ReLU, Sequential, Tanh
from ..losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from ..module import Parameter
from ..neuron import Neuron
from ..optim import SGD
from ..recurrent import RNN
from ..train import TrainingDiverged, accuracy, fit

C = plot.COLORS
DPI = 80
FIRING_CMAP = ListedColormap(["#FFFFFF", "#B9DEF4"])      # white = does not fire, light sky blue = fires
PNG_OPTIONS = {"compress_level": 1}                         # fast to encode; the figure is small anyway


# ----------------------------------------------------------------------------------------------------------------
# The Explorer container and small helpers


class Explorer(widgets.VBox):
    """Controls on top, then the readout, then the figure. Builders create these; see the module docstring.

    name: the builder's name (shown by repr); controls: dict name -> widget; figure: a matplotlib Figure;
    draw: function(values dict) -> (readout HTML, state dict) that also updates the figure's artists;
    rows: lists of control names, one list per row of controls; links: dict name -> function(explorer, value)
    run (before the redraw) when that control changes, e.g. a preset dropdown that sets other sliders.
    """

    def __init__(self, name, controls, figure, draw, rows=None, links=None, side_by_side=False, dynamic=None):
        super().__init__()
        self._dynamic = list(dynamic or [])
        for artist in self._dynamic:
            artist.set_animated(True)           # left out of the cached background, drawn on every update
        self._background, self._background_key = None, None
        self.name = name
        self.controls = dict(controls)
        self.figure = figure
        FigureCanvasAgg(figure)
        self.readout = widgets.HTML(layout=widgets.Layout(min_width="260px"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.state = {}
        self._draw = draw
        self._links = dict(links or {})
        self._held = 0
        names = list(self.controls)
        rows = rows or [names[i:i + 3] for i in range(0, len(names), 3)]
        control_box = widgets.VBox([widgets.HBox([self.controls[n] for n in row]) for row in rows])
        if side_by_side:
            body = [control_box, widgets.HBox([self.image, self.readout])]
        else:
            body = [control_box, self.readout, self.image]
        self.children = body
        for c in self.controls.values():
            c.observe(self._changed, names="value")
        self.update()

    def _changed(self, change):
        if self._held:
            return
        link = self._links.get(self._name_of(change["owner"]))
        if link is not None:
            with self.hold():
                link(self, change["new"])
        self.update()

    def _name_of(self, widget):
        for k, w in self.controls.items():
            if w is widget:
                return k
        return None

    @contextlib.contextmanager
    def hold(self):
        """Inside ``with explorer.hold():`` control changes do not redraw (call ``update()`` afterwards)."""
        self._held += 1
        try:
            yield self
        finally:
            self._held -= 1

    def set(self, **values):
        """Set several controls at once and redraw once: ``explorer.set(w1=2.0, b=-1.0)``."""
        with self.hold():
            for k, v in values.items():
                self.controls[k].value = v
                if k in self._links:
                    self._links[k](self, self.controls[k].value)
        self.update()

    def values(self):
        """The controls' current values as a dict name -> value."""
        return {k: c.value for k, c in self.controls.items()}

    def update(self):
        """Recompute with nnlib, refresh the readout and re-render the figure."""
        text, self.state = self._draw(self.values())
        self.readout.value = text
        self.render()

    def render(self):
        """Render the figure (already updated in place) to PNG bytes in ``self.image``.

        Blitting: the static part (axes, ticks, labels) is drawn once and cached; an update only restores it
        and draws the ``dynamic`` artists on top. Any change of axis limits or labels redraws everything.
        """
        canvas = self.figure.canvas
        key = tuple((ax.get_xlim(), ax.get_ylim(), ax.get_title(), ax.get_xlabel(), ax.get_ylabel())
                    for ax in self.figure.axes)
        if not self._dynamic or self._background is None or key != self._background_key:
            canvas.draw()
            self._background, self._background_key = canvas.copy_from_bbox(self.figure.bbox), key
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        self.image.value = _png(canvas)

    def __repr__(self):
        return f"Explorer({self.name}: {', '.join(self.controls)})"


def _png(canvas):
    """The canvas' current pixels as PNG bytes (no metadata, so identical pixels give identical bytes)."""
    width, height = canvas.get_width_height(physical=True)
    image = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", **PNG_OPTIONS)
    return buf.getvalue()


def _slider(description, value, lo, hi, step=0.1, fmt=".2f", continuous=True, width="230px"):
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               readout_format=fmt, continuous_update=continuous,
                               style={"description_width": "55px"}, layout=widgets.Layout(width=width))


def _int_slider(description, value, lo, hi, step=1, continuous=True, width="230px"):
    return widgets.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                             continuous_update=continuous, style={"description_width": "55px"},
                             layout=widgets.Layout(width=width))


def _log_slider(description, value, lo, hi, continuous=True, width="230px"):
    return widgets.FloatLogSlider(value=value, base=10, min=np.log10(lo), max=np.log10(hi), step=0.02,
                                  description=description, readout_format=".3g", continuous_update=continuous,
                                  style={"description_width": "55px"}, layout=widgets.Layout(width=width))


def _dropdown(description, options, value, width="230px"):
    return widgets.Dropdown(options=options, value=value, description=description,
                            style={"description_width": "55px"}, layout=widgets.Layout(width=width))


def _f(x, digits=2):
    """A float as text with a fixed number of decimals (never '-0.00')."""
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _signed(x, digits=2):
    """'+ 1.50' or '− 1.50': a term added to a sum."""
    return f"+ {_f(x, digits)}" if x >= 0 else f"− {_f(-x, digits)}"


def _g(x):
    """A float in compact scientific-or-plain notation."""
    return f"{x:.3g}"


def _verdict(text, good):
    color = C[2] if good else C[1]
    return f"<b style='color:{color}'>{html.escape(text)}</b>"


def _box(lines):
    """The readout: lines of HTML in a small, fixed-width box."""
    body = "<br>".join(lines)
    return f"<div style='font-family:monospace; font-size:13px; line-height:1.5'>{body}</div>"


def _line_in_box(w1, w2, c, lo, hi):
    """End points of the line w1 x1 + w2 x2 = c inside the square [lo, hi]², or empty lists if there is none."""
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return [], []
    if abs(w2) >= abs(w1):
        xs = np.array([lo, hi])
        ys = np.clip((c - w1 * xs) / w2, -1e4, 1e4)
    else:
        ys = np.array([lo, hi])
        xs = np.clip((c - w2 * ys) / w1, -1e4, 1e4)
    return xs, ys


def _half_plane(w1, w2, c, lo, hi):
    """Corners of the part of the square [lo, hi]² where w1 x1 + w2 x2 >= c (an (k, 2) array, maybe empty)."""
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    side = square @ np.array([w1, w2]) - c
    points = []
    for i in range(4):
        p, q, fp, fq = square[i], square[(i + 1) % 4], side[i], side[(i + 1) % 4]
        if fp >= 0:
            points.append(p)
        if fp * fq < 0:
            points.append(p + (q - p) * fp / (fp - fq))
    return np.array(points).reshape(-1, 2)


def _set_region(patch, w1, w2, c, lo, hi):
    """Show the firing side of the line w1 x1 + w2 x2 = c as the polygon ``patch`` (hidden if empty)."""
    corners = _half_plane(w1, w2, c, lo, hi)
    patch.set_visible(len(corners) >= 3)
    if len(corners) >= 3:
        patch.set_xy(corners)


def _set_ylim(ax, values, lo=None, hi=None, pad=0.08):
    """Fit the y axis to finite ``values`` (with optional fixed ends); never sets equal limits."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    a = float(v.min()) if lo is None else lo
    b = float(v.max()) if hi is None else hi
    if b - a < 1e-9:
        a, b = a - 1.0, b + 1.0
    span = b - a
    ax.set_ylim(a - pad * span, b + pad * span)


# ----------------------------------------------------------------------------------------------------------------
# 6. Gradient descent

BOWL = np.array([1.0, 10.0])          # L(w) = 0.5 (1 w1² + 10 w2²): a long, narrow valley
START = np.array([-1.8, 0.9])
BOX = 1e3                              # stop once the path leaves |w| <= BOX: it is diverging


def bowl_loss(w):
    """The loss surface of the gradient-descent explorer: L(w) = 0.5 (w1² + 10 w2²) for w: (..., 2)."""
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * np.sum(BOWL * w * w, axis=-1)


def descend(lr, steps, momentum=0.0, start=START):
    """Run ``steps`` steps of ``nl.SGD`` on the bowl from ``start``; returns the path (k + 1, 2), k <= steps.

    The run stops early once the point leaves the box |w| <= 1000 (it is diverging).
    """
    p = Parameter(np.array(start, dtype=np.float64))
    opt = SGD([p], lr=lr, momentum=momentum)
    path = [p.data.copy()]
    for _ in range(int(steps)):
        opt.zero_grad()
        p.grad += BOWL * p.data                 # dL/dw for L = 0.5 Σ a_i w_i²
        opt.step()
        path.append(p.data.copy())
        if np.max(np.abs(p.data)) > BOX:
            break
    return np.array(path)


def gradient_descent_explorer(lr=0.1, steps=20, momentum=0.0):
    """Gradient descent on the bowl L(w) = 0.5 (w1² + 10 w2²), starting at w = (-1.8, 0.9).

    Left: the path of the steps on the loss contours; right: the loss after each step (log scale). The readout
    gives the final loss and a verdict: converging, too slow, or diverging. lr: learning rate (0.001 to 1.2),
    steps: 1 to 60, momentum: 0 to 0.95. The steps are taken by ``nl.SGD`` on an ``nl.Parameter``.
    """
    plot.use_style()
    controls = {
        "lr": _log_slider("lr", lr, 0.001, 1.2),
        "steps": _int_slider("steps", steps, 1, 60),
        "momentum": _slider("momentum", momentum, 0.0, 0.95, step=0.05),
    }
    fig = plot.new_figure((7.5, 3.0), dpi=DPI)
    ax1 = fig.add_axes([0.1, 0.15, 0.37, 0.74])
    ax2 = fig.add_axes([0.6, 0.15, 0.37, 0.74])
    g1, g2 = np.meshgrid(np.linspace(-2, 2, 121), np.linspace(-1.2, 1.2, 81))
    ax1.contour(g1, g2, bowl_loss(np.stack([g1, g2], axis=-1)), levels=[0.05, 0.2, 0.5, 1, 2, 4, 7],
                colors=[C[4]], linewidths=1)
    ax1.plot([0], [0], "*", color=C[7], markersize=10, label="minimum")
    (path_line,) = ax1.plot([], [], "-o", color=C[1], markersize=3, linewidth=1.2, label="path")
    ax1.plot([START[0]], [START[1]], "o", color=C[0], markersize=7, label="start")
    ax1.set(xlim=(-2, 2), ylim=(-1.2, 1.2), xlabel="$w_1$", ylabel="$w_2$", title="Path on the loss contours")
    ax1.grid(False)
    ax1.legend(loc="lower right", fontsize=8, framealpha=0.85)
    (loss_line,) = ax2.plot([], [], "-o", color=C[1], markersize=3)
    ax2.set_yscale("log")
    ax2.set(xlabel="step", ylabel="loss L(w)", title="Loss per step")
    loss0 = float(bowl_loss(START))

    def draw(v):
        path = descend(v["lr"], v["steps"], v["momentum"])
        losses = bowl_loss(path)
        final = float(losses[-1])
        left_box = len(path) - 1 < v["steps"]
        if left_box or final > loss0:
            verdict, good = "diverging (the learning rate is too large for this surface)", False
        elif final < 0.02 * loss0:
            verdict, good = "converging", True
        else:
            verdict, good = "too slow (more steps or a larger learning rate would get closer)", False
        shown = np.clip(path, -50, 50)
        path_line.set_data(shown[:, 0], shown[:, 1])
        shown_loss = np.clip(losses, 1e-12, 1e12)
        loss_line.set_data(np.arange(len(losses)), shown_loss)
        ax2.set_xlim(-0.5, max(v["steps"], 1) + 0.5)
        ax2.set_ylim(shown_loss.min() / 3, shown_loss.max() * 3)
        lines = [f"lr = {v['lr']:.3g}, steps = {v['steps']}, momentum = {_f(v['momentum'])}",
                 f"start loss = {loss0:.4g}, final loss = <b>{final:.4g}</b>"
                 + (f" (stopped after {len(path) - 1} steps: |w| > {BOX:g})" if left_box else ""),
                 _verdict(verdict, good)]
        return _box(lines), {"path": path, "losses": losses, "final_loss": final, "verdict": verdict.split()[0]}

    return Explorer("gradient_descent_explorer", controls, fig, draw, dynamic=[path_line, loss_line])


# ----------------------------------------------------------------------------------------------------------------
# 7. Training a small network


@functools.lru_cache(maxsize=1)
def _moons():
    return make_moons(200, noise=0.2, rng=0)


def train_moons(hidden=8, lr=0.1, epochs=100, activation="tanh"):
    """Train Sequential(Linear(2, hidden), Tanh or ReLU, Linear(hidden, 2)) on 200 two-moons points.

    Full reproducibility: fixed data (rng=0), fixed initial weights (rng=0, 1) and shuffling (rng=0).
    Returns (model, history) or (model, None) if training diverged.
    """
    X, y = _moons()
    model = Sequential(Linear(2, int(hidden), rng=0), Tanh() if activation == "tanh" else ReLU(),
                       Linear(int(hidden), 2, rng=1))
    try:
        history = fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=lr), X, y, epochs=int(epochs),
                      batch_size=32, rng=0, progress=False)
    except TrainingDiverged:
        return model, None
    return model, history


def training_explorer(hidden=8, lr=0.1, epochs=100, activation="relu"):
    """Train a one-hidden-layer network on two moons and see its decision boundary and loss curve.

    The network retrains (with ``nl.fit``, fixed seeds) when a slider is released. hidden: hidden units (1 to 32),
    lr: learning rate (0.001 to 1), epochs: 10 to 300, activation: "tanh" or "relu". The readout gives the final
    loss and the training accuracy (``nl.accuracy``).
    """
    plot.use_style()
    controls = {
        "hidden": _int_slider("hidden", hidden, 1, 32, continuous=False),
        "lr": _log_slider("lr", lr, 0.001, 1.0, continuous=False),
        "epochs": _int_slider("epochs", epochs, 10, 300, step=10, continuous=False),
        "activation": _dropdown("f", ["relu", "tanh"], activation),
    }
    X, y = _moons()
    fig = plot.new_figure((7.5, 3.0), dpi=DPI)
    ax1 = fig.add_axes([0.1, 0.15, 0.37, 0.74])
    ax2 = fig.add_axes([0.6, 0.15, 0.37, 0.74])
    x0, x1, y0, y1 = X[:, 0].min() - 0.4, X[:, 0].max() + 0.4, X[:, 1].min() - 0.4, X[:, 1].max() + 0.4
    gx, gy = np.meshgrid(np.linspace(x0, x1, 90), np.linspace(y0, y1, 90))
    grid = np.c_[gx.ravel(), gy.ravel()]
    region = ax1.imshow(np.zeros(gx.shape), origin="lower", extent=(x0, x1, y0, y1),
                        cmap=ListedColormap([C[0], C[1]]), vmin=0, vmax=1, alpha=0.25, aspect="auto",
                        interpolation="nearest")
    points = []
    for k, marker in ((0, "o"), (1, "s")):
        points += [ax1.scatter(X[y == k, 0], X[y == k, 1], s=12, color=C[k], marker=marker, edgecolor="white",
                    linewidth=0.3, label=f"class {k}")]
    ax1.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$", title="Decision boundary")
    ax1.grid(False)
    ax1.legend(loc="upper right", fontsize=8, framealpha=0.85)
    (loss_line,) = ax2.plot([], [], color=C[0], label="loss")
    (acc_line,) = ax2.plot([], [], color=C[2], linestyle="--", label="accuracy")
    ax2.set(xlabel="epoch", ylabel="loss / accuracy", title="Training history")
    ax2.legend(loc="center right", fontsize=8, framealpha=0.85)

    def draw(v):
        model, history = train_moons(v["hidden"], v["lr"], v["epochs"], v["activation"])
        if history is None:
            region.set_data(np.zeros(gx.shape))
            loss_line.set_data([], [])
            acc_line.set_data([], [])
            return _box([_verdict("Training diverged (the loss became infinite): lower the learning rate.",
                                  False)]), {"diverged": True}
        logits = model(grid)
        region.set_data(logits.argmax(axis=1).reshape(gx.shape).astype(float))
        epochs_axis = np.arange(1, len(history["loss"]) + 1)
        loss_line.set_data(epochs_axis, history["loss"])
        acc_line.set_data(epochs_axis, history["accuracy"])
        ax2.set_xlim(0.5, len(epochs_axis) + 0.5)
        top = max(1.05, float(np.max(history["loss"])) * 1.05) if np.all(np.isfinite(history["loss"])) else 1.05
        ax2.set_ylim(0, min(top, 10.0))
        acc = accuracy(model, X, y)
        loss = history["loss"][-1]
        lines = [f"{v['hidden']} hidden units ({v['activation']}), lr = {v['lr']:.3g}, {v['epochs']} epochs "
                 f"on {len(X)} points",
                 f"final training loss = <b>{loss:.4f}</b>, training accuracy = <b>{acc:.1%}</b>"]
        return _box(lines), {"loss": loss, "accuracy": acc, "history": history, "diverged": False}

    return Explorer("training_explorer", controls, fig, draw, rows=[["hidden", "lr"], ["epochs", "activation"]],
                    dynamic=[region, *points, loss_line, acc_line])


# ----------------------------------------------------------------------------------------------------------------
# 8. A convolutional neuron

KERNELS = {
    "vertical edge": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
    "horizontal edge": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    "blur": [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}


@functools.lru_cache(maxsize=1)
def _digits():
    return load_digits()


def convolve_digit(kernel, index):
    """Apply ``nl.Conv2d(1, 1, 3, padding=1)`` with the given 3x3 kernel (bias 0) to digit ``index``.

    Returns (image (8, 8), feature map (8, 8)).
    """
    X, _ = _digits()
    image = X[int(index)].reshape(8, 8)
    conv = Conv2d(1, 1, 3, padding=1, rng=0)
    conv.weight.data[0, 0] = np.asarray(kernel, dtype=np.float64)
    conv.bias.data[:] = 0.0
    return image, conv(image[None, None])[0, 0]


def conv_explorer(kernel="vertical edge", digit=0):
    """One convolutional neuron: the same 3x3 weights slid over every position of an 8x8 digit.

    Left: the digit; middle: the kernel (its nine weights, one slider each); right: the feature map (the neuron's
    weighted sum at every position, padding 1). kernel: a preset ("vertical edge", "horizontal edge", "blur",
    "sharpen", "identity"); digit: index into ``nl.load_digits()``. Computed by ``nl.Conv2d``.
    """
    plot.use_style()
    start = np.asarray(KERNELS[kernel], dtype=np.float64)
    controls = {"preset": _dropdown("preset", list(KERNELS), kernel),
                "digit": _int_slider("digit", digit, 0, len(_digits()[0]) - 1)}
    for i in range(3):
        for j in range(3):
            controls[f"k{i}{j}"] = _slider(f"k{i}{j}", start[i, j], -5, 5, step=0.05, width="200px")
    fig = plot.new_figure((7.5, 2.7), dpi=DPI)
    axes = [fig.add_axes([0.03 + 0.33 * k, 0.05, 0.27, 0.78]) for k in range(3)]
    digit_im = axes[0].imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
    kernel_im = axes[1].imshow(np.zeros((3, 3)), cmap="PuOr", vmin=-1, vmax=1)
    texts = [[axes[1].text(j, i, "", ha="center", va="center", fontsize=10) for j in range(3)] for i in range(3)]
    fmap_im = axes[2].imshow(np.zeros((8, 8)), cmap="PuOr", vmin=-1, vmax=1)
    for ax, title in zip(axes, ["Digit", "Kernel (weights)", "Feature map"]):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        ax.set_title(title)
    labels = _digits()[1]

    def apply_preset(explorer, name):
        for (i, j), value in np.ndenumerate(np.asarray(KERNELS[name], dtype=np.float64)):
            explorer.controls[f"k{i}{j}"].value = value

    def draw(v):
        k = np.array([[v[f"k{i}{j}"] for j in range(3)] for i in range(3)])
        image, fmap = convolve_digit(k, v["digit"])
        digit_im.set_data(image)
        axes[0].set_title(f"Digit #{v['digit']} (a {labels[v['digit']]})")
        kmax = max(float(np.abs(k).max()), 1e-6)
        kernel_im.set_data(k)
        kernel_im.set_clim(-kmax, kmax)
        for (i, j), value in np.ndenumerate(k):
            texts[i][j].set_text(f"{value:.2g}")
            texts[i][j].set_color("white" if abs(value) > 0.6 * kmax else "black")
        fmax = max(float(np.abs(fmap).max()), 1e-6)
        fmap_im.set_data(fmap)
        fmap_im.set_clim(-fmax, fmax)
        name = next((n for n, kk in KERNELS.items() if np.allclose(kk, k)), "custom")
        lines = [f"kernel: {name}; feature map = Conv2d(digit) with padding 1 (8x8)",
                 f"feature map min = <b>{_f(fmap.min(), 3)}</b>, max = <b>{_f(fmap.max(), 3)}</b>"]
        return _box(lines), {"feature_map": fmap, "min": float(fmap.min()), "max": float(fmap.max()), "kernel": k}

    rows = [["preset", "digit"]] + [[f"k{i}{j}" for j in range(3)] for i in range(3)]
    return Explorer("conv_explorer", controls, fig, draw, rows=rows, links={"preset": apply_preset},
                    dynamic=[digit_im, kernel_im, *[t for row in texts for t in row], fmap_im])


# ----------------------------------------------------------------------------------------------------------------
# 9. A recurrent neuron


def rnn_signal(w_hh, steps, w_in=1.0, activation="tanh"):
    """Drive a one-unit recurrent neuron with one pulse x_0 = 1 (then zeros) for ``steps`` steps.

    tanh: h_t = tanh(w_in x_t + w_hh h_{t-1}) computed by ``nl.RNN(1, 1)`` (biases 0); linear: h_t = w_in x_t +
    w_hh h_{t-1} with ``nl.Linear(1, 1)``. Returns (h: (steps,), gain: (steps,)) with gain[t] = |dh_t / dh_0|,
    the product of the per-step derivatives |w_hh f'(.)| (gain[0] = 1).
    """
    steps = int(steps)
    x = np.zeros((1, steps, 1))
    x[0, 0, 0] = 1.0
    if activation == "tanh":
        rnn = RNN(1, 1, rng=0)
        rnn.weight_ih.data[:] = w_in
        rnn.weight_hh.data[:] = w_hh
        rnn.bias_ih.data[:] = 0.0
        rnn.bias_hh.data[:] = 0.0
        output, _ = rnn(x)                               # (output, h_n), as torch.nn.RNN
        h = output[0, :, 0]
        factors = np.abs(w_hh * (1.0 - h[1:] ** 2))     # dh_t/dh_{t-1} = w_hh (1 - h_t²)
    else:
        lin = Linear(1, 1, rng=0)
        lin.weight.data[:] = w_hh
        lin.bias.data[:] = 0.0
        h = np.zeros(steps)
        state = np.zeros((1, 1))
        for t in range(steps):
            state = lin(state) + w_in * x[:, t]
            h[t] = state[0, 0]
        factors = np.full(steps - 1, abs(w_hh))
    gain = np.r_[1.0, np.cumprod(factors)]
    return h, gain


def rnn_explorer(w_hh=0.9, steps=30, w_in=1.0, activation="tanh"):
    """A recurrent neuron carries its state h from step to step; one input pulse at t = 0, then silence.

    Left: the hidden state h_t; right: how strongly h_0 still affects h_t, |dh_t/dh_0| (log scale), the product of
    one factor |w_hh f'| per step. The verdict: "vanishing" (< 0.01 at the end), "exploding" (> 100) or
    "stable". w_hh: the recurrent weight (-2 to 2); steps: 2 to 60; w_in: the input weight; activation: "tanh"
    (``nl.RNN``) or "linear".
    """
    plot.use_style()
    controls = {
        "w_hh": _slider("w_hh", w_hh, -2, 2, step=0.05),
        "steps": _int_slider("steps", steps, 2, 60),
        "w_in": _slider("w_in", w_in, -2, 2, step=0.05),
        "activation": _dropdown("f", ["tanh", "linear"], activation),
    }
    fig = plot.new_figure((7.5, 3.0), dpi=DPI)
    ax1 = fig.add_axes([0.1, 0.15, 0.37, 0.74])
    ax2 = fig.add_axes([0.6, 0.15, 0.37, 0.74])
    (h_line,) = ax1.plot([], [], "-o", color=C[0], markersize=3)
    ax1.axhline(0, color="grey", linewidth=0.8)
    ax1.set(xlabel="time step t", ylabel="hidden state $h_t$", title="The state over time")
    ax1.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))      # 1e5 as an offset, not as wide labels
    (g_line,) = ax2.plot([], [], "-o", color=C[1], markersize=3)
    ax2.axhspan(1e-2, 1e2, color=C[2], alpha=0.12, label="stable band")
    ax2.set_yscale("log")
    ax2.set(xlabel="time step t", ylabel="|dh_t / dh_0|", title="Signal reaching step t")
    ax2.legend(loc="upper left", fontsize=8, framealpha=0.85)

    def draw(v):
        h, gain = rnn_signal(v["w_hh"], v["steps"], v["w_in"], v["activation"])
        t = np.arange(len(h))
        h_line.set_data(t, h)
        shown = np.clip(gain, 1e-30, 1e30)
        g_line.set_data(t, shown)
        ax2.set_ylim(min(shown.min(), 1e-3) / 10, max(shown.max(), 1e3) * 10)
        for ax in (ax1, ax2):
            ax.set_xlim(-0.5, len(h) - 0.5)
        if v["activation"] == "tanh":
            ax1.set_ylim(-1.05, 1.05)
        else:
            _set_ylim(ax1, np.r_[h, 0.0])
        g = float(gain[-1])
        if g < 1e-2:
            verdict = "vanishing"
        elif g > 1e2:
            verdict = "exploding"
        else:
            verdict = "stable"
        lines = [f"h_T = {_g(h[-1])} after T = {len(h)} steps; |dh_T/dh_0| = <b>{g:.3g}</b>",
                 _verdict(f"{verdict} signal", verdict == "stable")]
        if verdict == "vanishing":
            lines.append("What happened at t = 0 hardly reaches the last step: hard to learn long-range links.")
        elif verdict == "exploding":
            lines.append("Each step multiplies the signal by more than 1: gradients blow up.")
        return _box(lines), {"h": h, "gain": gain, "verdict": verdict}

    return Explorer("rnn_explorer", controls, fig, draw, rows=[["w_hh", "w_in"], ["steps", "activation"]],
                    dynamic=[h_line, g_line])
