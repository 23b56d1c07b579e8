"""The chapter 8 checks: the reference solutions pass, typical mistakes get their specific hint."""
import numpy as np
import pytest

import nnlib as nl
from nnlib.checks import ch08 as check
from checkhelp import run, stub


def neuron_gradient(x, w, b, y, variant=None):
    z = w * x + b
    a = nl.sigmoid(z)
    dz = 2 * (a - y) * a * (1 - a)
    if variant == "sign":
        return -dz * x, -dz
    if variant == "no_sigma_prime":
        return 2 * (a - y) * x, 2 * (a - y)
    if variant == "no_two":
        return dz * x / 2, dz / 2
    if variant == "no_x":
        return dz, dz
    if variant == "x_in_db":
        return dz * x, dz * x
    if variant == "swapped":
        return dz, dz * x
    if variant == "z_for_a":
        d = 2 * (a - y) * z * (1 - z)
        return d * x, d
    return dz * x, dz


def test_neuron_gradient_reference(capsys):
    ok, out = run(capsys, check.neuron_gradient, neuron_gradient)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("variant, words", [
    ("sign", "sign is flipped"),
    ("no_sigma_prime", "middle factor is missing"),
    ("no_two", "factor 2"),
    ("no_x", "dz/dw = x"),
    ("x_in_db", "dL/db has no factor x"),
    ("z_for_a", "z in place of a"),
    ("swapped", "swapped"),
])
def test_neuron_gradient_hints(capsys, variant, words):
    ok, out = run(capsys, check.neuron_gradient, lambda x, w, b, y: neuron_gradient(x, w, b, y, variant))
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_neuron_gradient_not_a_pair(capsys):
    ok, out = run(capsys, check.neuron_gradient, lambda x, w, b, y: 1.0)
    assert not ok and "pair" in out


def test_linear_backward_reference(capsys):
    ok, out = run(capsys, check.linear_backward, lambda X, W, dY: (dY.T @ X, dY.sum(axis=0), dY @ W))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda X, W, dY: (X.T @ dY, dY.sum(0), dY @ W), "transpose"),
    (lambda X, W, dY: (dY.T @ X, dY.mean(0), dY @ W), "SUM"),
    (lambda X, W, dY: (dY.T @ X, dY, dY @ W), "batch axis"),
    (lambda X, W, dY: (dY.T @ X, dY.sum(1), dY @ W), "batch axis"),
    (lambda X, W, dY: (dY.T @ X, dY.sum(0), dY @ W.T), "shapes"),
    (lambda X, W, dY: (dY.T @ X, dY.sum(0), -dY @ W), "dX"),
    (lambda X, W, dY: (dY.T @ X * 2, dY.sum(0), dY @ W), "dW"),
    (lambda X, W, dY: dY.T @ X, "three arrays"),
    (lambda X, W, dY: (dY.T @ X / len(X), dY.sum(0), dY @ W), "divided by the batch size"),
    (lambda X, W, dY: (dY.T @ X, dY @ W, dY.sum(0)), "order (dW, db, dX)"),
])
def test_linear_backward_hints(capsys, wrong, words):
    ok, out = run(capsys, check.linear_backward, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def centred(f, x, h=1e-5, variant=None):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        if variant == "forward":
            grad[i] = (f(up) - f(x)) / h
        elif variant == "over_h":
            grad[i] = (f(up) - f(down)) / h
        else:
            grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def in_place(f, x, h=1e-5, restore=False):
    """Nudges x in place; restore=True undoes it with + h - 2h + h, which can leave x off by one rounding step."""
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x[i] += h
        plus = f(x)
        x[i] -= 2 * h
        grad[i] = (plus - f(x)) / (2 * h)
        if restore:
            x[i] += h
    return grad


def test_numerical_derivative_reference(capsys):
    ok, out = run(capsys, check.numerical_derivative, centred)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda f, x, h=1e-5: centred(f, x, h, "forward"), "one-sided"),
    (lambda f, x, h=1e-5: centred(f, x, h, "over_h"), "twice"),
    (in_place, "changed x"),
    (lambda f, x, h: in_place(f, x, h, restore=True), "off by rounding"),
    (lambda f, x, h=1e-5: np.full(len(x), (f(x + h) - f(x - h)) / (2 * h)), "ONE entry"),
    (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h), "shape"),
])
def test_numerical_derivative_hints(capsys, wrong, words):
    ok, out = run(capsys, check.numerical_derivative, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


@pytest.mark.parametrize("name", ["neuron_gradient", "linear_backward", "numerical_derivative"])
def test_stub_gets_hint_and_stops(capsys, name):
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and "NotImplementedError" in out and out.count("\n") == 1, out
