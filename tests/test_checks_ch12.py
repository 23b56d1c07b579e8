"""The chapter 12 checks: the reference solutions pass, typical mistakes get their specific hint."""
import pytest

import nnlib as nl
from nnlib.checks import ch12 as check
from checkhelp import run, stub


def mlp_params(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def test_mlp_params_reference(capsys):
    ok, out = run(capsys, check.mlp_params, mlp_params)
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "weights only"),
    (lambda s: sum(a * b + a for a, b in zip(s[:-1], s[1:])), "per OUTPUT"),
    (lambda s: mlp_params(s) + s[0], "input layer has no parameters"),
    (lambda s: s[0] * s[1] + s[1], "first layer only"),
    (lambda s: sum(a * b + 1 for a, b in zip(s[:-1], s[1:])), "one bias per layer"),
    (lambda s: 7, "A Linear(in, out) layer"),
    (lambda s: "many", "whole number"),
    (lambda s: s[5], "raised IndexError"),
])
def test_mlp_params_hints(capsys, wrong, words):
    ok, out = run(capsys, check.mlp_params, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_conv_params_reference(capsys):
    ok, out = run(capsys, check.conv_params, lambda c, f, k: f * (c * k * k + 1))
    assert ok and out.startswith("Pass:")


@pytest.mark.parametrize("wrong, words", [
    (lambda c, f, k: f * c * k * k, "biases are missing"),
    (lambda c, f, k: f * k * k + f, "ALL input channels"),
    (lambda c, f, k: f * c * k + f, "k * k weights"),
    (lambda c, f, k: f * c * k * k + f * c, "not per input channel"),
    (lambda c, f, k: f * c * k * k + 1, "one bias for the whole layer"),
    (lambda c, f, k: 64 * 64 * f, "Each of the out_channels filters"),
])
def test_conv_params_hints(capsys, wrong, words):
    ok, out = run(capsys, check.conv_params, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def cnn(conv=(1, 4, 3), padding=1, hidden_in=256, flatten=True, relu=True, last=(32, 10)):
    layers = [nl.Conv2d(*conv, padding=padding, rng=0), nl.ReLU()]
    layers += [nl.Flatten()] if flatten else []
    layers += [nl.Linear(hidden_in, 32, rng=1)] + ([nl.ReLU()] if relu else []) + [nl.Linear(*last, rng=2)]
    return nl.Sequential(*layers)


def test_build_digit_cnn_reference(capsys):
    ok, out = run(capsys, check.build_digit_cnn, cnn)
    assert ok and out.startswith("Pass:") and "8594 parameters" in out


@pytest.mark.parametrize("wrong, words", [
    (lambda: cnn(flatten=False), "Flatten() is missing"),
    (lambda: cnn(relu=False), "expected ['Conv2d'"),
    (lambda: cnn(conv=(1, 8, 3), hidden_in=512), "4 filters"),
    (lambda: cnn(padding=0, hidden_in=144), "padding=1"),
    (lambda: cnn(hidden_in=128), "weight shape (32, 128)"),
    (lambda: cnn(last=(32, 2)), "nl.Linear(32, 10)"),
    (lambda: [nl.Linear(64, 10)], "return an nl.Sequential"),
    (lambda: nl.Sequential(nl.Conv2d(1, 4, 3), "relu"), "raised TypeError"),
])
def test_build_digit_cnn_hints(capsys, wrong, words):
    ok, out = run(capsys, check.build_digit_cnn, wrong)
    assert not ok and out.startswith("Not yet:") and words in out, out


def test_build_digit_cnn_no_padding_linear_144(capsys):
    model = nl.Sequential(nl.Conv2d(1, 4, 3, padding=1, rng=0), nl.ReLU(), nl.Flatten(), nl.Linear(144, 32),
                          nl.ReLU(), nl.Linear(32, 10))
    ok, out = run(capsys, check.build_digit_cnn, lambda: model)
    assert not ok and "4 * 6 * 6 = 144" in out


@pytest.mark.parametrize("name, args", [("mlp_params", ()), ("conv_params", ()), ("build_digit_cnn", ())])
def test_stub_gets_stub_hint(capsys, name, args):
    with pytest.raises(NotImplementedError):
        getattr(check, name)(stub)
    assert "NotImplementedError" in capsys.readouterr().out
