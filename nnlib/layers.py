"""Layers with a forward and an explicit backward pass, vectorised over the batch dimension N.

Shapes use named dimensions: ``x: (N, D)`` is a batch of N inputs with D features each.
"""
import numpy as np

from ._validate import as_array, check_features, check_int, check_number, rng_from
from .activations import sigmoid
from .module import Module, Parameter


class Linear(Module):
    """y = x @ weight.T + bias.

    ``weight: (M, D)`` (out_features, in_features) and ``bias: (M,)``, both drawn from U(-1/√D, 1/√D) as in
    PyTorch. forward: ``x: (N, D) -> y: (N, M)``; backward: ``dy: (N, M) -> dx: (N, D)``, and adds
    ``dw = dy.T @ x: (M, D)`` and ``db = dy.sum(0): (M,)`` into the gradients.
    nnlib's Linear always has a bias, so its repr leaves out PyTorch's ", bias=True".
    """

    def __init__(self, in_features, out_features, rng=None):
        self.in_features = check_int(in_features, "in_features", "Linear")
        self.out_features = check_int(out_features, "out_features", "Linear")
        rng = rng_from(rng)
        bound = 1.0 / np.sqrt(in_features)
        self.weight = Parameter(rng.uniform(-bound, bound, (out_features, in_features)))
        self.bias = Parameter(rng.uniform(-bound, bound, out_features))
        self.x = None

    def forward(self, x):
        """x: (N, D) -> y = x @ weight.T + bias: (N, M)."""
        x = as_array(x)
        w = self.weight.data
        if x.ndim != 2 or x.shape[1] != self.in_features or w.shape != (self.out_features, self.in_features):
            self._refuse(x)
        self.x = x
        y = x @ w.T
        y += self.bias.data          # in place: the same sum as x @ w.T + bias, one array fewer
        return y

    def _refuse(self, x):
        """The clear error for an input or a weight of the wrong shape (kept out of forward's common path)."""
        who = f"Linear({self.in_features}, {self.out_features})"
        check_features(x, self.in_features, who)
        raise ValueError(f"{who}.weight must have shape {(self.out_features, self.in_features)}, but it was set "
                         f"to shape {self.weight.shape}.")

    def backward(self, grad_out, input_grad=True):
        """dy: (N, M) -> dx = dy @ weight: (N, D); adds dw = dy.T @ x: (M, D) and db = dy.sum(0): (M,)."""
        x = self._saved("x")
        dy = self._check_grad(grad_out, (len(x), self.out_features))
        self.weight.add_grad(dy.T @ x)                  # weight.grad += dy.T @ x
        self.bias.add_grad(dy.sum(axis=0))              # bias.grad += dy.sum(axis=0)
        return dy @ self.weight.data if input_grad else None

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}"


class ReLU(Module):
    """max(x, 0) element-wise; any shape. The gradient passes where x > 0 (at exactly 0 it is 0, as in
    PyTorch)."""

    def forward(self, x):
        x = as_array(x)
        self.mask = x > 0
        return np.maximum(x, 0.0)

    def backward(self, grad_out, input_grad=True):
        mask = self._saved("mask")
        return self._check_grad(grad_out, mask.shape) * mask


class LeakyReLU(Module):
    """x where x > 0, negative_slope * x elsewhere; any shape.

    The gradient is 1 where x > 0 and negative_slope where x <= 0: at exactly 0 it is negative_slope, as in
    PyTorch (both one-sided slopes are valid there; we pick PyTorch's so results agree)."""

    def __init__(self, negative_slope=0.01):
        self.negative_slope = check_number(negative_slope, "negative_slope", "LeakyReLU")

    def forward(self, x):
        x = as_array(x)
        self.mask = x > 0
        return np.where(self.mask, x, self.negative_slope * x)

    def backward(self, grad_out, input_grad=True):
        mask = self._saved("mask")
        grad_out = self._check_grad(grad_out, mask.shape)
        return np.where(mask, grad_out, self.negative_slope * grad_out)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}"


class Sigmoid(Module):
    """1 / (1 + exp(-x)) element-wise, without overflow; backward uses s * (1 - s)."""

    def forward(self, x):
        x = as_array(x)
        self.out = sigmoid(x)
        return self.out

    def backward(self, grad_out, input_grad=True):
        s = self._saved("out")
        return self._check_grad(grad_out, s.shape) * s * (1.0 - s)


class Tanh(Module):
    """tanh(x) element-wise; backward uses 1 - tanh(x)²."""

    def forward(self, x):
        x = as_array(x)
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out, input_grad=True):
        t = self._saved("out")
        return self._check_grad(grad_out, t.shape) * (1.0 - t ** 2)


class Step(Module):
    """1 where x >= 0, else 0 (``torch.heaviside(x, torch.tensor(1.0))``; PyTorch has no Step layer). Its
    gradient is zero everywhere we use it (undefined at 0; nnlib returns 0 there, as PyTorch does for
    heaviside), which is why step networks cannot be trained by gradient descent."""

    def forward(self, x):
        x = as_array(x)
        self.x = x
        return (x >= 0).astype(np.float64)

    def backward(self, grad_out, input_grad=True):
        return np.zeros_like(self._check_grad(grad_out, self._saved("x").shape))


class Flatten(Module):
    """(N, d1, d2, ...) -> (N, d1 * d2 * ...)."""

    def forward(self, x):
        x = as_array(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten expects a batch (N, d1, ...), but got an array of shape {x.shape}.")
        self.in_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_out, input_grad=True):
        shape = self._saved("in_shape")
        return self._check_grad(grad_out, (shape[0], int(np.prod(shape[1:])))).reshape(shape)


class Sequential(Module):
    """Layers applied in order; backward runs them in reverse. Parameters are named "0.weight", "2.bias" ...

    A layer may appear twice (its weights are shared, as in PyTorch): its parameters are listed and stepped
    once, and backward gives each appearance the input it saw in forward, so the gradients add up correctly.
    """

    _layers_seen, _shared = None, False      # what _has_shared_layer last worked out

    def __init__(self, *layers):
        if not layers:
            raise ValueError("Sequential needs at least one layer, but got none.")
        for i, layer in enumerate(layers):
            if isinstance(layer, (list, tuple)):
                raise TypeError(f"Sequential takes the layers as separate arguments, but argument {i} is a "
                                f"{type(layer).__name__}; write Sequential(*layers).")
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential takes Modules, but argument {i} is a {type(layer).__name__}.")
        self.layers = list(layers)
        self.saved = None

    def named_children(self):
        return ((str(i), layer) for i, layer in enumerate(self.layers))

    def forward(self, x):
        layers = self.layers
        if not self._has_shared_layer():
            for layer in layers:        # self.saved is (): nothing to restore in backward
                x = layer.forward(x)
            return x
        self.saved = []
        for layer in layers:
            x = layer.forward(x)
            # a layer listed twice keeps only its last inputs: remember each appearance's own
            self.saved.append(_snapshot(layer) if layers.count(layer) > 1 else None)
        return x

    def _has_shared_layer(self):
        """Whether a layer appears twice in ``layers`` (worked out again only when the list has changed)."""
        if self._layers_seen != self.layers:        # compares the layers one by one, by identity
            self._layers_seen = list(self.layers)
            self._shared = len({id(layer) for layer in self.layers}) < len(self.layers)
            self.saved = ()                         # forward saves states again if a layer is shared
        return self._shared

    def backward(self, grad_out, input_grad=False):
        """Run every layer's backward in reverse order, filling every parameter's ``.grad``. Returns None, as
        the data needs no gradient (PyTorch's tensors without requires_grad), which saves the first layer one
        matrix product; ``input_grad=True`` also returns the gradient for the input."""
        saved = self._saved("saved")
        for i in reversed(range(len(self.layers))):
            for module, state in (saved[i] or ()) if saved else ():
                vars(module).update(state)
            # every later layer hands a gradient back to the layer before it, so it is always asked for one
            grad_out = self.layers[i].backward(grad_out, input_grad=i > 0 or input_grad)
        return grad_out

    def __getitem__(self, i):
        """``model[0]`` is the first layer; ``model[:2]`` a Sequential of the first two (sharing them)."""
        return Sequential(*self.layers[i]) if isinstance(i, slice) else self.layers[i]

    def __len__(self):
        return len(self.layers)


def _snapshot(module):
    """What ``module`` and the modules inside it saved in their last forward (shallow copies of __dict__)."""
    return [(m, dict(vars(m))) for m in module.modules()]
