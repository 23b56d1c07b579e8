"""Checks for chapter 11, "Other neurons": ``from nnlib.checks import ch11 as check``."""
import numpy as np

from ..conv import Conv2d
from ..recurrent import RNN
from . import call, close, report


def _conv_reference(image, kernel):
    """nnlib's own answer: Conv2d(1, 1, k) with the given kernel, bias 0, no padding, stride 1."""
    conv = Conv2d(1, 1, kernel.shape[0], rng=0)
    conv.weight.data[0, 0] = kernel
    conv.bias.data[:] = 0.0
    return conv(image[None, None])[0, 0]


def _valid_loops(image, kernel, flip=False, same=False):
    """Slow loop versions of typical answers: flipped kernel (true convolution) or 'same' size output."""
    k = kernel[::-1, ::-1] if flip else kernel
    img = np.pad(image, 1) if same else image
    h, w = img.shape[0] - 2, img.shape[1] - 2
    return np.array([[np.sum(img[i:i + 3, j:j + 3] * k) for j in range(w)] for i in range(h)])


def correlate2d(fn):
    """``fn(image, kernel)``: the valid 2-D cross-correlation (no padding, stride 1, no bias)."""
    rng = np.random.default_rng(10)
    image = np.round(rng.uniform(0, 1, size=(6, 7)), 2)             # not square: catches swapped axes
    kernel = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [-2.0, 0.0, 0.5]])   # not symmetric: catches a flip
    want = _conv_reference(image, kernel)
    tried = "correlate2d(image (6, 7), kernel (3, 3))"
    got, err = call(fn, image.copy(), kernel.copy())
    if err:
        return report(False, "", f"{tried}: {err}")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return report(False, "", f"{tried} returned {type(got).__name__}; return a 2-D numpy array.")
    if got.shape == (6, 7):
        return report(False, "", f"{tried} has shape (6, 7), the input's size: that is 'same' padding. Without "
                                 "padding a 3x3 kernel fits in (6 - 3 + 1) x (7 - 3 + 1) = (4, 5) positions.")
    if got.shape == (5, 4) and close(got, want.T):
        return report(False, "", f"{tried} came out transposed, shape (5, 4): rows of the output follow rows "
                                 "of the image, so out[i, j] uses image[i:i+3, j:j+3].")
    if got.shape != (4, 5):
        return report(False, "", f"{tried} has shape {got.shape}, expected (4, 5): one output per position where "
                                 "the whole 3x3 kernel fits, (6 - 3 + 1) x (7 - 3 + 1).")
    if close(got, want):
        return report(True, "your loops give the same feature map as nl.Conv2d (a (4, 5) map from a (6, 7) "
                            "image): one kernel, slid over every position.", "")
    if close(got, _valid_loops(image, kernel, flip=True)):
        return report(False, "", f"{tried}: you flipped the kernel (that is the mathematicians' convolution). "
                                 "Deep learning's Conv2d does not flip: multiply image[i:i+3, j:j+3] by the kernel "
                                 "as it is.")
    first = float(np.sum(image[0:3, 0:3] * kernel))
    if not close(got[0, 0], first):
        return report(False, "", f"{tried}: out[0, 0] = {got[0, 0]:.4f}, expected {first:.4f} = "
                                 "sum(image[0:3, 0:3] * kernel), the element-wise product summed (not a matrix "
                                 "product).")
    return report(False, "", f"{tried}: out[0, 0] is right but other entries are not (max difference "
                             f"{np.abs(got - want).max():.4f}). Slide the window one step at a time: "
                             "out[i, j] = sum(image[i:i+3, j:j+3] * kernel).")


def conv_output_size(fn):
    """``fn(n, k, padding, stride)``: the output size (H + 2 padding - k) // stride + 1, an int."""
    cases = [(8, 3, 0, 1), (8, 3, 2, 1), (8, 3, 1, 1), (28, 5, 0, 1), (8, 3, 1, 2), (32, 3, 1, 2), (7, 3, 0, 2), (9, 4, 2, 3),
             (11, 3, 0, 3)]                                   # 8 / 3 = 2.67: round() and ceil give 4, not 3
    for n, k, p, s in cases:
        want = (n + 2 * p - k) // s + 1
        conv = Conv2d(1, 1, k, stride=s, padding=p, rng=0)          # nnlib agrees with the formula
        assert conv(np.zeros((1, 1, n, n))).shape[2] == want
        tried = f"conv_output_size(n={n}, k={k}, padding={p}, stride={s})"
        got, err = call(fn, n, k, p, s)
        if err:
            return report(False, "", f"{tried}: {err}")
        shown = f"{tried} gave {got!r}, expected {want}"
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer, float, np.floating)):
            return report(False, "", f"{tried} returned {type(got).__name__}; return a whole number (int).")
        if isinstance(got, (float, np.floating)):
            if got == want:
                return report(False, "", f"{tried} gave {got!r}, a float; a size is a whole number, so return "
                                         f"the int {want} (use // instead of /).")
            if close(got, (n + 2 * p - k) / s + 1):
                return report(False, "", f"{shown}: a size is a whole number. Round down with // (integer "
                                         "division): a window that would run off the edge does not count.")
        if got == want:
            continue
        if got == -(-(n + 2 * p - k) // s) + 1 or got == round((n + 2 * p - k) / s) + 1:
            return report(False, "", f"{shown}: (n + 2 padding - k) / stride = {(n + 2 * p - k) / s:.2f} was "
                                     "rounded up. Round DOWN with // (integer division): a window that would run "
                                     "off the edge does not count.")
        if got == (n + 2 * p - k) // s:
            return report(False, "", f"{shown}: you forgot the + 1. With n = k there is still one position.")
        if got == (n + p - k) // s + 1:
            return report(False, "", f"{shown}: padding adds rows on BOTH sides, so it counts twice: n + 2 padding.")
        if got == n + 2 * p - k + 1:
            return report(False, "", f"{shown}: the stride is missing. A stride s moves the kernel s pixels at a "
                                     "time: divide (n + 2 padding - k) by s before adding 1.")
        if got == (n - k) // s + 1:
            return report(False, "", f"{shown}: padding is missing. Padding adds rows on both sides: n + 2 padding.")
        return report(False, "", f"{shown}. Use (n + 2 * padding - k) // stride + 1.")
    return report(True, f"(n + 2 padding - k) // stride + 1 matches nl.Conv2d's output size on {len(cases)} "
                        "settings.", "")


def _rnn_reference(x, w_ih, w_hh, b):
    rnn = RNN(1, 1, rng=0)
    rnn.weight_ih.data[:] = w_ih
    rnn.weight_hh.data[:] = w_hh
    rnn.bias_ih.data[:] = b
    rnn.bias_hh.data[:] = 0.0
    output, _ = rnn(np.asarray(x, dtype=float).reshape(1, -1, 1))
    return output[0, :, 0]


def rnn_unroll(fn):
    """``fn(x, w_ih, w_hh, b)``: the hidden states h_1..h_T of a one-unit tanh RNN with h_0 = 0."""
    cases = [([1.0, 0.5, -1.0], 0.8, 0.5, 0.1), ([0.3, -0.7, 2.0, 0.0], -1.2, 1.5, -0.2)]
    for x, w_ih, w_hh, b in cases:
        want = _rnn_reference(x, w_ih, w_hh, b)
        tried = f"rnn_unroll(x={x}, w_ih={w_ih}, w_hh={w_hh}, b={b})"
        got, err = call(fn, list(x), w_ih, w_hh, b)
        if err:
            return report(False, "", f"{tried}: {err}")
        try:
            got = np.asarray(got, dtype=float).ravel()
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {type(got).__name__}; return the hidden states as a "
                                     "list or array of numbers.")
        shown = f"{tried} gave {np.round(got, 4).tolist()}, expected {np.round(want, 4).tolist()}"
        if close(got, want):
            continue
        xs = np.asarray(x, dtype=float)
        if len(got) == len(x) + 1 and close(got[1:], want):
            return report(False, "", f"{shown}: drop the starting state h_0 = 0; return h_1 ... h_T, one per input.")
        if len(got) != len(x):
            return report(False, "", f"{tried} returned {len(got)} states; return one hidden state per time step "
                                     f"({len(x)}).")
        linear, outside, h, hb, hs, hi = [], [], 0.0, 0.0, 0.0, 0.0
        for xt in xs:
            h = w_ih * xt + w_hh * h + b
            hb = np.tanh(w_ih * xt + w_hh * hb) + b            # the bias outside the tanh
            hs = np.tanh(w_ih * xt + b) + w_hh * hs            # the state outside
            hi = np.tanh(w_ih * xt) + w_hh * hi + b            # both outside
            linear.append(h)
            outside.append((hb, hs, hi))
        if any(close(got, [o[i] for o in outside]) for i in range(3)):
            return report(False, "", f"{shown}: part of the sum is outside the tanh. The tanh wraps the whole "
                                     "weighted sum: h_t = tanh(w_ih x_t + w_hh h_(t-1) + b).")
        if close(got, linear):
            return report(False, "", f"{shown}: the tanh is missing. h_t = tanh(w_ih x_t + w_hh h_(t-1) + b).")
        if close(got, np.tanh(w_ih * xs + b)):
            return report(False, "", f"{shown}: the state is not carried. Add w_hh * h_(t-1), the previous "
                                     "state, inside the tanh, and update h at every step.")
        if close(got, _rnn_reference(x, w_hh, w_ih, b)):
            return report(False, "", f"{shown}: w_ih and w_hh are swapped. w_ih multiplies the input x_t, w_hh the "
                                     "previous state h_(t-1).")
        if close(got, _rnn_reference(x, w_ih, w_hh, 0.0)):
            return report(False, "", f"{shown}: the bias b is missing inside the tanh.")
        if close(got[0], want[0]):
            return report(False, "", f"{shown}: h_1 is right, later states are not. Start from h = 0 and feed "
                                     "each new h back in: h = tanh(w_ih * x_t + w_hh * h + b).")
        return report(False, "", f"{shown}. Start from h = 0; for each x_t: h = tanh(w_ih * x_t + w_hh * h + b).")
    return report(True, "your unrolled loop gives the same hidden states as nl.RNN(1, 1).", "")
