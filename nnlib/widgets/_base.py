"""What every explorer shares: the ``Explorer`` (sliders + view), the ``View`` base, the JS assembly, ``fmt``.

An explorer is two kinds of widget in one box (DESIGN.md, "A widget"):

- ipywidgets sliders and dropdowns (``.controls``), keyboard-operable, labelled ``w1``, ``b``, ``θ`` ...;
- one ``anywidget.AnyWidget`` view whose ES module computes and draws (SVG) in the browser from its traits.

Each control is tied to the view's trait of the same name (``θ`` -> ``theta``) by ``ipywidgets.jslink``: the link
lives in the page, so the explorer moves on the static site with no kernel. In a kernel, Python observes the
controls and recomputes ``.state`` with nnlib (the reference the JavaScript is tested against).

The view's ES module is assembled from files beside this one, in this order (one string: anywidget loads
``_esm`` from a blob: URL, where relative imports cannot resolve):

    _shared.js        SVG figure/axes/scales, fmt(), the aria-live readout (no exports)
    _maths.js         maths several explorers share: the activations of nnlib/activations.py (no exports)
    <name>_maths.js   the explorer's maths: ``export function compute(inputs)`` -> the same keys as ``.state``
    <name>.js         the drawing: ``function render({ model, el })`` ... ``export default { render };``

tests/test_widget_parity.py imports that very string in Chromium and compares ``compute`` with nnlib.
"""
import decimal
import math
import numbers
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets

HERE = Path(__file__).resolve().parent
SHARED_JS = ("_shared.js", "_maths.js")
CSS = "_explorer.css"


def esm(name):
    """The ES module of explorer ``name``: _shared.js + _maths.js + <name>_maths.js + <name>.js, joined."""
    parts = [*SHARED_JS, f"{name}_maths.js", f"{name}.js"]
    return "\n".join(f"// ---- nnlib/widgets/{p}\n" + (HERE / p).read_text(encoding="utf-8") for p in parts)


def css():
    return (HERE / CSS).read_text(encoding="utf-8")


def fmt(x, digits=2):
    """A number as the readout shows it: fixed decimals, halves rounded away from zero, never "-0.00".

    The same rule as JavaScript's ``x.toFixed(digits)`` (both round the exact binary value), so the page and
    Python print the same text; _shared.js ``fmt`` is its twin. Non-finite values print as "inf", "-inf", "nan".
    """
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    q = decimal.Decimal(x).quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP)
    text = f"{q:.{digits}f}"
    return text[1:] if text.startswith("-") and q == 0 else text


class View(anywidget.AnyWidget):
    """Base of the explorers' views. A subclass sets ``_esm = esm("name")`` and declares its inputs as synced
    traits, e.g. ``w1 = Float(1.0).tag(sync=True)``; a dropdown's trait is its index, ``Int(0)`` (ipywidgets
    syncs a selection's ``index``, not its ``value``): ``options`` maps that trait to the option values, and the
    JS helper ``inputsOf`` turns indices back into values. ``_css`` is shared."""

    _css = css()
    options = traitlets.Dict().tag(sync=True)


def trait_name(control_name):
    """The view trait a control is linked to: the control's name, with θ spelled ``theta``."""
    return {"θ": "theta"}.get(control_name, control_name)


class Explorer(W.VBox):
    """Controls on top (rows of sliders), the view below. Built by the explorer modules, not by learners.

    name: the builder's name (for repr); controls: dict name -> ipywidgets control; view: a ``View`` with one
    trait per control (``trait_name``); compute: function(values dict) -> state dict, using nnlib;
    rows: lists of control names, one list per row (default: three per row).
    """

    def __init__(self, name, controls, view, compute, rows=None):
        self.name = name
        self.controls = dict(controls)
        self.view = view
        self._compute = compute
        self.state = {}
        names = list(self.controls)
        rows = rows or [names[i:i + 3] for i in range(0, len(names), 3)]
        box = W.VBox([W.HBox([self.controls[n] for n in row]) for row in rows])
        super().__init__([box, view])
        self.add_class("nnlib-explorer")
        self._links = []
        options = {}
        for key, control in self.controls.items():
            attr = "index" if _is_selection(control) else "value"
            if attr == "index":
                options[trait_name(key)] = list(control._options_values)
            setattr(view, trait_name(key), getattr(control, attr))
            self._links.append(W.jslink((control, attr), (view, trait_name(key))))
            control.observe(self._changed, names="value")
        view.options = options
        self._held = False
        self.update()

    def _changed(self, change):
        key = next(k for k, c in self.controls.items() if c is change["owner"])
        control = self.controls[key]
        # keep the view's traits (and so the saved widget state) consistent when no page is attached
        setattr(self.view, trait_name(key), control.index if _is_selection(control) else change["new"])
        if not self._held:
            self.update()

    def update(self):
        """Recompute ``.state`` with nnlib from the controls' current values."""
        self.state = self._compute(self.values())

    def set(self, **values):
        """Set several controls at once, recompute once: ``explorer.set(w1=2.0, b=-1.0)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"{self.name} has the controls {', '.join(self.controls)}, but got {', '.join(unknown)}.")
        self._held = True
        try:
            for k, v in values.items():
                self.controls[k].value = v
        finally:
            self._held = False
        self.update()

    def values(self):
        """The controls' current values: dict name -> value."""
        return {k: c.value for k, c in self.controls.items()}

    def inputs(self):
        """What the ES module's ``compute`` receives (JS ``inputsOf``): dict trait -> value, selections as values."""
        names = [k for k in self.view.trait_names(sync=True) if not k.startswith("_") and k not in View.class_trait_names()]
        opts = self.view.options
        return {k: opts[k][getattr(self.view, k)] if k in opts else getattr(self.view, k) for k in names}

    def __repr__(self):
        return f"Explorer({self.name}: {', '.join(self.controls)})"


def _is_selection(control):
    return isinstance(control, W.widget_selection._Selection)


# ------------------------------------------------------------------------------------------- controls
STYLE = {"description_width": "40px"}


def slider(description, value, lo, hi, step=0.1, digits=2, width="220px"):
    """A FloatSlider labelled ``description``; the value is checked against [lo, hi] (clear error)."""
    number(description, value, lo, hi)
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         readout_format=f".{digits}f", continuous_update=True, style=STYLE,
                         layout=W.Layout(width=width))


def int_slider(description, value, lo, hi, step=1, width="220px", **extra):
    """An IntSlider labelled ``description``; the value must be a whole number in [lo, hi] (clear error)."""
    return W.IntSlider(value=whole(description, value, lo, hi), min=lo, max=hi, step=step, description=description,
                       style=STYLE, layout=W.Layout(width=width), **extra)


def log_slider(description, value, lo, hi, step=0.05, digits=3, width="220px", **extra):
    """A FloatLogSlider (base 10) from ``lo`` to ``hi``; the value is checked against [lo, hi] (clear error).

    The page's slider snaps to min + k * step (in log10); when ``value`` is off that grid, min moves up by less
    than a step so that ``value`` lies on it (else 200 on a 5-1000 slider would show as 199 with no kernel)."""
    value = number(description, value, lo, hi)
    low = math.log10(lo)
    steps = (math.log10(value) - low) / step
    if abs(steps - round(steps)) > 1e-9:
        low = math.log10(value) - math.floor(steps) * step
    return W.FloatLogSlider(value=value, base=10, min=low,
                            max=math.log10(hi), step=step, description=description, readout_format=f".{digits}f",
                            style=STYLE, layout=W.Layout(width=width), **extra)


def dropdown(description, options, value, width="220px", name=None):
    """A Dropdown labelled ``description``; ``value`` must be one of ``options`` (the error names the builder's
    argument ``name``, by default the description)."""
    options = list(options)
    if value not in options:
        raise ValueError(f"{name or description} must be one of {', '.join(map(str, options))}, but got {value!r}.")
    return W.Dropdown(options=options, value=value, description=description, style=STYLE,
                      layout=W.Layout(width=width))


def number(name, value, lo=None, hi=None):
    """``value`` as a float, or a clear TypeError/ValueError naming ``name``, the range and what arrived."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, but got {value!r} ({type(value).__name__}).")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, but got {value!r}.")
    if lo is not None and not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo:g} and {hi:g} (the slider's range), but got {value!r}.")
    return float(value)


def whole(name, value, lo, hi):
    """``value`` as an int in [lo, hi], or a ValueError naming ``name``, the range and what arrived."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not lo <= value <= hi:
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}, but got {value!r}.")
    return int(value)


def pair(name, value, lo, hi):
    """Two numbers (a tuple/list of length 2) within [lo, hi], or a clear error."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(f"{name} must be two numbers, e.g. (1.0, 1.0), but got {value!r}.")
    return tuple(number(f"{name}[{i}]", v, lo, hi) for i, v in enumerate(value))


Dict, Float, Int, List = traitlets.Dict, traitlets.Float, traitlets.Int, traitlets.List
