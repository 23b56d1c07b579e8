"""Layers with a forward and an explicit backward pass, vectorised over the batch dimension N.

Shapes use named dimensions: ``x: (N, D)`` is a batch of N inputs with D features each.
"""
import numpy as np

from ._validate import as_array, check_features, rng_from
from .activations import sigmoid
from .module import Module, Parameter


class Linear(Module):
    """y = x @ weight.T + bias.

    ``weight: (M, D)`` (out_features, in_features) and ``bias: (M,)``, both drawn from U(-1/√D, 1/√D) as in
    PyTorch. forward: ``x: (N, D) -> y: (N, M)``; backward: ``dy: (N, M) -> dx: (N, D)``, and adds
    ``dw = dy.T @ x: (M, D)`` and ``db = dy.sum(0): (M,)`` into the gradients.
    """

    def __init__(self, in_features, out_features, rng=None):
        rng = rng_from(rng)
        bound = 1.0 / np.sqrt(in_features)
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(rng.uniform(-bound, bound, (out_features, in_features)))
        self.bias = Parameter(rng.uniform(-bound, bound, out_features))
        self.x = None

    def forward(self, x):
        x = as_array(x)
        check_features(x, self.in_features, f"Linear({self.in_features}, {self.out_features})")
        self.x = x
        return x @ self.weight.data.T + self.bias.data

    def backward(self, grad_out, input_grad=True):
        x = self._saved("x")
        self.weight.grad += grad_out.T @ x
        self.bias.grad += grad_out.sum(axis=0)
        return grad_out @ self.weight.data if input_grad else None

    def __repr__(self):
        return f"Linear(in_features={self.in_features}, out_features={self.out_features})"


class ReLU(Module):
    """max(x, 0) element-wise; any shape. The gradient passes where x > 0."""

    def forward(self, x):
        x = as_array(x)
        self.mask = x > 0
        return np.maximum(x, 0.0)

    def backward(self, grad_out, input_grad=True):
        return grad_out * self._saved("mask")


class LeakyReLU(Module):
    """x where x >= 0, negative_slope * x elsewhere; any shape."""

    def __init__(self, negative_slope=0.01):
        self.negative_slope = negative_slope

    def forward(self, x):
        x = as_array(x)
        self.mask = x >= 0
        return np.where(self.mask, x, self.negative_slope * x)

    def backward(self, grad_out, input_grad=True):
        return np.where(self._saved("mask"), grad_out, self.negative_slope * grad_out)

    def __repr__(self):
        return f"LeakyReLU(negative_slope={self.negative_slope})"


class Sigmoid(Module):
    """1 / (1 + exp(-x)) element-wise, without overflow; backward uses s * (1 - s)."""

    def forward(self, x):
        x = as_array(x)
        self.out = sigmoid(x)
        return self.out

    def backward(self, grad_out, input_grad=True):
        s = self._saved("out")
        return grad_out * s * (1.0 - s)


class Tanh(Module):
    """tanh(x) element-wise; backward uses 1 - tanh(x)²."""

    def forward(self, x):
        x = as_array(x)
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out, input_grad=True):
        return grad_out * (1.0 - self._saved("out") ** 2)


class Step(Module):
    """1 where x >= 0, else 0. Its gradient is zero almost everywhere, which is why step networks cannot
    be trained by gradient descent."""

    def forward(self, x):
        x = as_array(x)
        self.x = x
        return (x >= 0).astype(np.float64)

    def backward(self, grad_out, input_grad=True):
        self._saved("x")
        return np.zeros_like(grad_out)


class Flatten(Module):
    """(N, d1, d2, ...) -> (N, d1 * d2 * ...)."""

    def forward(self, x):
        x = as_array(x)
        self.in_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_out, input_grad=True):
        return grad_out.reshape(self._saved("in_shape"))


class Sequential(Module):
    """Layers applied in order; backward runs them in reverse."""

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential takes Modules, but argument {i} is a {type(layer).__name__}.")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out, input_grad=True):
        """Run every layer's backward in reverse order. ``input_grad=False`` lets the first layer skip the
        gradient for its input (the data needs none; PyTorch skips it for tensors without requires_grad)."""
        for layer in reversed(self.layers[1:]):
            grad_out = layer.backward(grad_out)
        return self.layers[0].backward(grad_out, input_grad=input_grad)

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        inner = "\n".join(f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"
