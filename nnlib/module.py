"""The building blocks every layer shares: ``Parameter`` and ``Module``.

A module maps a batch forward, ``y = module(x)``, and on the way back ``dx = module.backward(dy)`` returns the
gradient for its input and ADDS the gradients of its parameters into ``p.grad`` (as PyTorch does), until
``zero_grad()`` clears them.
"""
import numpy as np


class Parameter:
    """A trainable array ``data`` with a gradient ``grad`` of the same shape."""

    def __init__(self, data):
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Parameter(shape={self.data.shape})"


class Module:
    """Base class: subclasses define ``forward(x)`` and ``backward(grad_out)``."""

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out, input_grad=True):
        """Add the parameters' gradients into ``.grad`` and return the gradient for the input
        (or None when ``input_grad`` is False and the module can skip it)."""
        raise NotImplementedError

    def parameters(self):
        """The module's Parameters, in a fixed order (weight before bias)."""
        return [v for v in self.__dict__.values() if isinstance(v, Parameter)]

    def zero_grad(self):
        for p in self.parameters():
            p.grad.fill(0.0)

    def _saved(self, name):
        """Fetch what forward saved for backward, with a clear error if forward has not run."""
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward() was called before forward().")
        return value

    def __repr__(self):
        return f"{type(self).__name__}()"
