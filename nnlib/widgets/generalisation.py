"""The generalisation explorer (chapter 10): training and validation loss of models of several sizes, with early
stopping chosen on the smoothed validation curve and a verdict in words.

``histories`` maps a model size (an int, e.g. hidden units) to an ``nl.fit`` history with the lists "loss" and
"val_loss" (one value per epoch). The curves are embedded in the widget: the page needs no kernel. Drawn by
generalisation.js with generalisation_maths.js; the rules, the same here and there:

- smoothed validation loss s_t: the mean of val_loss over the last ``window`` epochs up to t (fewer at the start);
- early stopping: the epoch t* <= E (the training length shown) with the smallest s_t (the first if tied);
- verdict at length E: **overfitting** if s_E > 1.05 s_t* (validation has turned back up); otherwise
  **underfitting** if s_E > 1.2 times the smallest s_t of any size at any epoch; otherwise **about right**.
"""
import math
import numbers

import ipywidgets as W
from traitlets import Dict, Int

from ._base import STYLE, Explorer, View, esm, int_slider

RISE, SHORT = 1.05, 1.2


def smooth(values, window):
    """The trailing mean of ``values`` over ``window`` epochs (fewer at the start), summed in order."""
    out = []
    for t in range(len(values)):
        lo = max(0, t - window + 1)
        total = 0.0
        for k in range(lo, t + 1):
            total += values[k]
        out.append(total / (t - lo + 1))
    return out


def generalisation_state(values, curves):
    i = curves["sizes"].index(values["size"])
    loss, val = curves["loss"][i], curves["val_loss"][i]
    epochs, window = values["epochs"], values["window"]
    s = smooth(val, window)
    stop = min(range(epochs), key=lambda t: (s[t], t))
    best = min(min(smooth(other, window)) for other in curves["val_loss"])
    verdict = ("overfitting" if s[epochs - 1] > RISE * s[stop] else
               "underfitting" if s[epochs - 1] > SHORT * best else "about right")
    return {"loss": loss[epochs - 1], "val_loss": val[epochs - 1], "smoothed": s, "stop_epoch": stop + 1,
            "stop_val_loss": val[stop], "best": best, "verdict": verdict}


def _curves(histories):
    """Check ``histories`` and turn it into {sizes, loss, val_loss} (sizes ascending), or a clear error."""
    if not isinstance(histories, dict) or not histories:
        raise TypeError(f"histories must be a non-empty dict size -> fit history, but got {type(histories).__name__}.")
    curves = {"sizes": [], "loss": [], "val_loss": []}
    for size in sorted(histories):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"histories' keys must be model sizes (ints), but got {size!r}.")
        h = histories[size]
        if not isinstance(h, dict) or "loss" not in h or "val_loss" not in h:
            raise ValueError(f"histories[{size}] must be a fit history with 'loss' and 'val_loss' (fit with "
                             f"validation=...), but got {sorted(h) if isinstance(h, dict) else type(h).__name__}.")
        loss, val = [float(v) for v in h["loss"]], [float(v) for v in h["val_loss"]]
        if not loss or len(loss) != len(val) or not all(map(math.isfinite, loss + val)):
            raise ValueError(f"histories[{size}]: 'loss' and 'val_loss' must be equally long, non-empty and finite, "
                             f"but got {len(loss)} and {len(val)} values.")
        curves["sizes"].append(int(size))
        curves["loss"].append(loss)
        curves["val_loss"].append(val)
    return curves


class GeneralisationView(View):
    _esm = esm("generalisation")
    size = Int(0).tag(sync=True)                 # index into the sizes (see View)
    epochs = Int(1).tag(sync=True)
    window = Int(5).tag(sync=True)
    curves = Dict().tag(sync=True)


def generalisation_explorer(histories, epochs=None, window=5):
    """Training and validation loss per epoch for each model size, the early-stopping epoch and a verdict.

    histories: {size (int): nl.fit history with "loss" and "val_loss"}. Controls: ``size`` (the model),
    ``epochs`` (the training length shown, 1 to the shortest history; default all of it) and ``window``
    (1 to 20, the smoothing window for early stopping; default 5). Rules in the module docstring.
    """
    curves = _curves(histories)
    longest = min(len(v) for v in curves["loss"])
    epochs = longest if epochs is None else epochs
    controls = {"size": W.SelectionSlider(options=curves["sizes"], value=curves["sizes"][len(curves["sizes"]) // 2],
                                          description="size", style=STYLE, layout=W.Layout(width="260px")),
                "epochs": int_slider("epochs", epochs, 1, longest, width="260px"),
                "window": int_slider("window", window, 1, 20, width="260px")}
    return Explorer("generalisation_explorer", controls, GeneralisationView(curves=curves),
                    lambda v: generalisation_state(v, curves), rows=[["size", "epochs", "window"]])
