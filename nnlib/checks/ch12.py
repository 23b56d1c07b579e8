"""Checks for chapter 12, "Where neurons are used": ``from nnlib.checks import ch12 as check``."""
import numpy as np

from ..conv import Conv2d
from ..layers import Linear, Sequential
from . import call, report


def _count(model):
    return int(sum(p.data.size for p in model.parameters()))


def _is_count(got):
    return isinstance(got, (int, np.integer, float, np.floating)) and not isinstance(got, (bool, np.bool_)) \
        and float(got).is_integer()


def _ask_count(fn, tried, *args):
    """Call the learner's counting function: (the count as an int, None) or (None, a hint)."""
    got, err = call(fn, *args)
    if err:
        return None, f"{tried}: {err}"
    if not _is_count(got):
        return None, f"{tried} returned {got!r}; return a whole number of parameters."
    return int(got), None


def mlp_params(fn):
    """``fn(sizes)``: the number of parameters of Linear layers sizes[0] -> sizes[1] -> ... (weights and biases)."""
    for sizes in ([3, 4, 2], [64, 32, 10], [784, 128, 64, 10], [5, 1]):
        model = Sequential(*[Linear(a, b, rng=0) for a, b in zip(sizes[:-1], sizes[1:])])
        want = _count(model)
        pairs = list(zip(sizes[:-1], sizes[1:]))
        tried = f"mlp_params({sizes})"
        got, hint = _ask_count(fn, tried, list(sizes))
        if hint:
            return report(False, "", hint)
        if got == want:
            continue
        shown = f"{tried} gave {got}, expected {want}"
        if got == sum(a * b for a, b in pairs):
            return report(False, "", f"{shown}: you counted the weights only. Every neuron also has a bias: "
                                     "add `out` per layer.")
        if got == sum(a * b + a for a, b in pairs):
            return report(False, "", f"{shown}: a layer has one bias per OUTPUT neuron (out), not per input.")
        if got == want + sizes[0]:
            return report(False, "", f"{shown}: the input layer has no parameters; it only hands the data on. "
                                     "Count biases for the layers after it.")
        if got == sum(a * b for a, b in pairs) + len(pairs):
            return report(False, "", f"{shown}: that is one bias per layer. Every output neuron has its own bias: "
                                     "`out` biases per layer.")
        if len(sizes) > 2 and got == pairs[0][0] * pairs[0][1] + pairs[0][1]:
            return report(False, "", f"{shown}: that is the first layer only. Sum over every pair of "
                                     "consecutive sizes: zip(sizes[:-1], sizes[1:]).")
        return report(False, "", f"{shown}. A Linear(in, out) layer has in * out weights and out biases; add them "
                                 "up over the layers.")
    return report(True, "in * out weights + out biases per layer, summed: the same counts as nnlib's "
                        "parameters().", "")


def conv_params(fn):
    """``fn(in_channels, out_channels, k)``: the number of parameters of Conv2d(in_channels, out_channels, k)."""
    for c, f, k in [(1, 1, 3), (1, 8, 3), (3, 64, 3), (16, 32, 5)]:
        want = _count(Conv2d(c, f, k, rng=0))
        tried = f"conv_params(in_channels={c}, out_channels={f}, k={k})"
        got, hint = _ask_count(fn, tried, c, f, k)
        if hint:
            return report(False, "", hint)
        if got == want:
            continue
        shown = f"{tried} gave {got}, expected {want}"
        if got == f * c * k * k:
            return report(False, "", f"{shown}: the biases are missing, one per filter (out_channels).")
        if got == f * c * k * k + 1:
            return report(False, "", f"{shown}: that is one bias for the whole layer; each filter has its own, so "
                                     "add out_channels biases.")
        if got == f * k * k + f and c > 1:
            return report(False, "", f"{shown}: each filter spans ALL input channels, so it has "
                                     "in_channels * k * k weights.")
        if got == f * c * k + f:
            return report(False, "", f"{shown}: a k x k kernel has k * k weights, not k.")
        if got == f * c * k * k + f * c:
            return report(False, "", f"{shown}: one bias per filter (out_channels), not per input channel.")
        return report(False, "", f"{shown}. Each of the out_channels filters has in_channels * k * k weights and "
                                 "one bias.")
    return report(True, "out_channels * (in_channels * k * k + 1), the same counts as nnlib's Conv2d; note that "
                        "the image size does not appear.", "")


EXPECTED = "Conv2d(1, 4, 3, padding=1), ReLU, Flatten, Linear(256, 32), ReLU, Linear(32, 10)"


def build_digit_cnn(fn):
    """``fn()`` returns the nnlib translation of the chapter's PyTorch snippet."""
    model, err = call(fn)
    if err:
        hint = f"build_digit_cnn(): {err}"
        return report(False, "", hint)
    if not isinstance(model, Sequential):
        return report(False, "", f"build_digit_cnn() returned {type(model).__name__}; return an nl.Sequential "
                                 f"of the six layers {EXPECTED}.")
    kinds = [type(layer).__name__ for layer in model.layers]
    want_kinds = ["Conv2d", "ReLU", "Flatten", "Linear", "ReLU", "Linear"]
    if "Flatten" not in kinds:
        return report(False, "", f"your layers are {kinds}: nl.Flatten() is missing. Linear expects (N, features), "
                                 "so the (N, 4, 8, 8) feature maps must be flattened to (N, 256) first.")
    if kinds != want_kinds:
        return report(False, "", f"your layers are {kinds}, expected {want_kinds} (torch.nn.X becomes nl.X, in the "
                                 "same order).")
    conv, first, last = model.layers[0], model.layers[3], model.layers[5]
    if (conv.in_channels, conv.out_channels, conv.kernel_size) != (1, 4, 3):
        return report(False, "", f"the first layer is {conv!r}; the snippet has 1 input channel, 4 filters, "
                                 "kernel size 3: nl.Conv2d(1, 4, 3, padding=1).")
    if conv.stride != 1 or conv.padding != 1:
        return report(False, "", f"the first layer is {conv!r}; the snippet uses padding=1 (and the default "
                                 "stride 1), which keeps the maps at 8 x 8.")
    if first.weight.shape[1] == 4 * 6 * 6:
        return report(False, "", "the first Linear takes 4 * 6 * 6 = 144 inputs, the size without padding. With "
                                 "padding=1 the maps stay 8 x 8: 4 * 8 * 8 = 256.")
    if first.weight.shape != (32, 256):
        return report(False, "", f"the first Linear has weight shape {first.weight.shape}; "
                                 "torch.nn.Linear(4 * 8 * 8, 32) is nl.Linear(256, 32), weight shape (32, 256) = "
                                 "(out, in).")
    if last.weight.shape != (10, 32):
        return report(False, "", f"the last Linear has weight shape {last.weight.shape}; it should be "
                                 "nl.Linear(32, 10), weight shape (10, 32).")
    x = np.random.default_rng(11).uniform(0, 1, size=(5, 1, 8, 8))
    try:
        out = model(x)
    except Exception as exc:  # the learner's model may fail in any way
        return report(False, "", f"model(x) on x of shape (5, 1, 8, 8) raised {type(exc).__name__}: {exc}")
    if np.shape(out) != (5, 10):
        return report(False, "", f"model(x) on x of shape (5, 1, 8, 8) gave shape {np.shape(out)}, expected (5, 10).")
    return report(True, f"{EXPECTED}: (5, 1, 8, 8) -> (5, 10), {_count(model)} parameters, the same as the "
                        "PyTorch model.", "")
