"""The convolution explorer: one convolutional neuron, the same nine weights slid over every pixel of a digit.

Pointing at, or tabbing to, a pixel of the feature map shows the 3x3 patch of the digit it saw and the nine
products that add up to it (as CNN Explainer does). Drawn by conv.js with conv_maths.js; in a kernel ``.state``
comes from ``nl.Conv2d(1, 1, 3, padding=1)``. Ten digits of ``nl.load_digits()`` (the first of each class) are
embedded, so the page needs no kernel.
"""
import functools

import numpy as np
from traitlets import Dict, Float, Int

from ..conv import Conv2d
from ..datasets import load_digits
from ._base import Explorer, View, dropdown, esm, int_slider, slider

KERNELS = {
    "vertical edge": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
    "horizontal edge": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    "blur": [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}
KEYS = [f"k{i}{j}" for i in range(3) for j in range(3)]


@functools.lru_cache(maxsize=1)
def digits():
    """The embedded digits: the first image of each class 0-9 in ``nl.load_digits()`` -> (10, 8, 8), labels."""
    X, y = load_digits()
    first = [int(np.flatnonzero(y == k)[0]) for k in range(10)]
    return X[first].reshape(10, 8, 8), y[first]


def convolve_digit(kernel, digit):
    """``nl.Conv2d(1, 1, 3, padding=1)`` with the 3x3 ``kernel`` and bias 0 on embedded digit ``digit`` (0-9).

    Returns (image (8, 8), feature map (8, 8)).
    """
    image = digits()[0][int(digit)]
    conv = Conv2d(1, 1, 3, padding=1, rng=0)
    conv.weight.data[0, 0] = np.asarray(kernel, dtype=np.float64)
    conv.bias.data[:] = 0.0
    return image, conv(image[None, None])[0, 0]


def conv_state(values):
    """nnlib's feature map for the controls (the keys of conv_maths.js ``compute``)."""
    kernel = np.array([values[k] for k in KEYS]).reshape(3, 3)
    _, fmap = convolve_digit(kernel, values["digit"])
    name = next((n for n, k in KERNELS.items() if np.allclose(k, kernel, rtol=0, atol=1e-9)), "custom")
    return {"feature_map": fmap, "min": float(fmap.min()), "max": float(fmap.max()), "kernel": kernel,
            "name": name, "label": int(digits()[1][values["digit"]])}


class ConvView(View):
    _esm = esm("conv")
    preset = Int(0).tag(sync=True)               # index into KERNELS (see View)
    digit = Int(0).tag(sync=True)
    digits = Dict().tag(sync=True)
    locals().update({k: Float(0.0).tag(sync=True) for k in KEYS})     # k00 .. k22: one trait per kernel slider


def conv_explorer(kernel="vertical edge", digit=0):
    """One convolutional neuron on an 8x8 digit: the digit, the kernel (nine weights, one slider each) and the
    feature map (padding 1, so also 8x8). kernel: a preset, "vertical edge", "horizontal edge", "blur",
    "sharpen" or "identity" (choosing a preset sets the nine sliders); digit: 0 to 9 (the embedded digit of that
    class). Point at, or tab to, a feature-map pixel to see its patch and the nine products.
    """
    controls = {"preset": dropdown("preset", list(KERNELS), kernel, name="kernel"),
                "digit": int_slider("digit", digit, 0, 9)}
    for key, value in zip(KEYS, np.ravel(KERNELS[kernel])):
        controls[key] = slider(key, float(value), -5, 5, step=0.05, width="190px")
    images, labels = digits()
    view = ConvView(digits={"images": images.tolist(), "labels": labels.tolist()})
    explorer = Explorer("conv_explorer", controls, view, conv_state,
                        rows=[["preset", "digit"], KEYS[:3], KEYS[3:6], KEYS[6:]])

    def preset_chosen(change):                   # the page does the same in conv.js
        explorer.set(**dict(zip(KEYS, map(float, np.ravel(KERNELS[change["new"]])))))
    controls["preset"].observe(preset_chosen, names="value")
    return explorer
