"""The chapter 11 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

from nnlib.checks import ch11 as check
from checkhelp import run, stub


def correlate2d(image, kernel, variant=None):
    if variant == "flip":
        kernel = kernel[::-1, ::-1]
    if variant == "same":
        image = np.pad(image, 1)
    k = kernel.shape[0]
    h, w = image.shape[0] - k + 1, image.shape[1] - k + 1
    out = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            patch = image[i:i + k, j:j + k]
            out[i, j] = np.sum(patch @ kernel) if variant == "matmul" else np.sum(patch * kernel)
    if variant == "transpose":
        return out.T
    if variant == "shifted":
        out[1:, 1:] = out[:-1, :-1]
    return out


def test_correlate2d_reference(capsys):
    ok, out = run(capsys, check.correlate2d, correlate2d)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("variant, words", [
    ("flip", "flipped the kernel"),
    ("same", "'same' padding"),
    ("matmul", "element-wise product"),
    ("transpose", "transposed"),
    ("shifted", "Slide the window"),
])
def test_correlate2d_hints(capsys, variant, words):
    ok, out = run(capsys, check.correlate2d, lambda im, k: correlate2d(im, k, variant))
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_correlate2d_wrong_shape_and_type(capsys):
    ok, out = run(capsys, check.correlate2d, lambda im, k: im[:3, :3])
    assert not ok and "expected (4, 5)" in out
    ok, out = run(capsys, check.correlate2d, lambda im, k: None)
    assert not ok and out.startswith("Not yet:")


def test_correlate2d_error_becomes_hint(capsys):
    ok, out = run(capsys, check.correlate2d, lambda im, k: im @ np.ones((2, 2)))
    assert not ok and "raised ValueError" in out


@pytest.mark.parametrize("name", ["correlate2d", "conv_output_size", "rnn_unroll"])
def test_stub_gets_stub_hint(capsys, name):
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    assert "NotImplementedError" in capsys.readouterr().out


def test_conv_output_size_reference(capsys):
    ok, out = run(capsys, check.conv_output_size, lambda n, k, p, s: (n + 2 * p - k) // s + 1)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda n, k, p, s: (n + 2 * p - k) // s, "forgot the + 1"),
    (lambda n, k, p, s: (n + p - k) // s + 1, "BOTH sides"),
    (lambda n, k, p, s: n + 2 * p - k + 1, "stride is missing"),
    (lambda n, k, p, s: (n - k) // s + 1, "padding is missing"),
    (lambda n, k, p, s: (n + 2 * p - k) / s + 1, "a float; a size is a whole number, so return the int 6"),
    (lambda n, k, p, s: (n + 2 * p - k) / s + 1 if s > 1 else (n + 2 * p - k) // s + 1, "Round down"),
    (lambda n, k, p, s: n * k, "Use (n + 2 * padding - k) // stride + 1"),
    (lambda n, k, p, s: "six", "whole number"),
    # round() passed every old setting (7 / 2 + 1 = 4.5 and 31 / 2 + 1 = 16.5 round to even); 8 / 3 does not
    (lambda n, k, p, s: round((n + 2 * p - k) / s + 1), "rounded up"),
    (lambda n, k, p, s: -(-(n + 2 * p - k) // s) + 1, "Round DOWN"),
])
def test_conv_output_size_hints(capsys, wrong, words):
    ok, out = run(capsys, check.conv_output_size, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def rnn_unroll(x, w_ih, w_hh, b, variant=None):
    h, states = 0.0, [] if variant != "with_h0" else [0.0]
    for x_t in x:
        if variant == "no_tanh":
            h = w_ih * x_t + w_hh * h + b
        elif variant == "no_state":
            h = np.tanh(w_ih * x_t + b)
        elif variant == "no_bias":
            h = np.tanh(w_ih * x_t + w_hh * h)
        elif variant == "w_ih_on_state":
            h = np.tanh(w_ih * x_t + w_ih * h + b)
        elif variant == "swapped_weights":
            h = np.tanh(w_hh * x_t + w_ih * h + b)
        elif variant == "bias_outside":
            h = np.tanh(w_ih * x_t + w_hh * h) + b
        elif variant == "tanh_on_input_only":
            h = np.tanh(w_ih * x_t) + w_hh * h + b
        else:
            h = np.tanh(w_ih * x_t + w_hh * h + b)
        states.append(h)
    return states[:-1] if variant == "short" else states


def test_rnn_unroll_reference(capsys):
    ok, out = run(capsys, check.rnn_unroll, rnn_unroll)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("variant, words", [
    ("no_tanh", "tanh is missing"),
    ("no_state", "not carried"),
    ("no_bias", "bias b is missing"),
    ("with_h0", "drop the starting state"),
    ("short", "one hidden state per time step"),
    ("w_ih_on_state", "h_1 is right"),
    ("swapped_weights", "w_ih and w_hh are swapped"),
    ("bias_outside", "outside the tanh"),
    ("tanh_on_input_only", "outside the tanh"),
])
def test_rnn_unroll_hints(capsys, variant, words):
    ok, out = run(capsys, check.rnn_unroll, lambda x, a, w, b: rnn_unroll(x, a, w, b, variant))
    assert not ok and out.startswith("Not yet:") and words in out, out
