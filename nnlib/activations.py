"""Activation functions by name, each with its derivative.

All functions act element-wise on arrays of any shape, except softmax, which normalises over the last axis.

>>> act = activation("sigmoid")
>>> act(0.0), act.derivative(0.0)
(0.5, 0.25)
"""
import numpy as np

from ._validate import as_array, check_number


def step(z):
    """1.0 where z >= 0, else 0.0. Its derivative is 0 everywhere except at 0, where it is undefined."""
    return (as_array(z, "z") >= 0).astype(np.float64)


def identity(z):
    return as_array(z, "z") * 1.0


def sigmoid(z):
    """1 / (1 + exp(-z)), computed without overflow for large ``|z|``.

    Mathematically strictly between 0 and 1; in float64 it rounds to exactly 1.0 above z of about 37 and to
    exactly 0.0 below about -745 (the smallest positive double is about 5e-324)."""
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))                      # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(z):
    return np.tanh(as_array(z, "z"))


def relu(z):
    return np.maximum(as_array(z, "z"), 0.0)


def leaky_relu(z, negative_slope=0.01):
    """z where z > 0, negative_slope * z elsewhere."""
    negative_slope = check_number(negative_slope, "negative_slope", "leaky_relu")
    z = as_array(z, "z")
    return np.where(z >= 0, z, negative_slope * z)


def softmax(z):
    """exp(z) / sum(exp(z)) over the last axis; shifted by the max so it never overflows. z: (..., K), K >= 1."""
    z = as_array(z, "z")
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"softmax needs a vector of scores (..., K), but got an array of shape {z.shape}.")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _d_step(z):
    return np.zeros_like(as_array(z, "z"))


def _d_identity(z):
    return np.ones_like(as_array(z, "z"))


def _d_sigmoid(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def _d_tanh(z):
    return 1.0 - np.tanh(as_array(z, "z")) ** 2


def _d_relu(z):
    """1 where z > 0, else 0: at exactly 0 the derivative is 0, as PyTorch's gradient."""
    return (as_array(z, "z") > 0).astype(np.float64)


def _d_leaky_relu(z, negative_slope=0.01):
    """1 where z > 0, negative_slope where z <= 0: at exactly 0 PyTorch's gradient is negative_slope."""
    return np.where(as_array(z, "z") > 0, 1.0, negative_slope)


def _d_softmax(z):
    """The Jacobian of softmax over the last axis: shape (..., K, K), entry [i, j] = d s_i / d z_j."""
    s = softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


class Activation:
    """A named activation function ``f`` with its derivative ``f'``: ``act(z)`` and ``act.derivative(z)``."""

    def __init__(self, name, fn, derivative):
        self.name, self._fn, self._derivative = name, fn, derivative

    def __call__(self, z):
        out = self._fn(z)
        return float(out) if np.ndim(out) == 0 else out

    def derivative(self, z):
        out = self._derivative(z)
        return float(out) if np.ndim(out) == 0 else out

    def __repr__(self):
        return f"Activation('{self.name}')"


ACTIVATIONS = {
    "step": Activation("step", step, _d_step),
    "identity": Activation("identity", identity, _d_identity),
    "sigmoid": Activation("sigmoid", sigmoid, _d_sigmoid),
    "tanh": Activation("tanh", tanh, _d_tanh),
    "relu": Activation("relu", relu, _d_relu),
    "leaky_relu": Activation("leaky_relu", leaky_relu, _d_leaky_relu),
    "softmax": Activation("softmax", softmax, _d_softmax),
}


def activation(name):
    """Look up an activation by name: one of step, identity, sigmoid, tanh, relu, leaky_relu, softmax."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation takes a name such as 'sigmoid', but got {type(name).__name__}.")
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown activation {name!r}; known activations are: {', '.join(ACTIVATIONS)}.")
    return ACTIVATIONS[name]
