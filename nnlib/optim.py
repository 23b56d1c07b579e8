"""Optimisers that follow PyTorch's update rules exactly.

    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    opt.zero_grad(); loss_fn(model(x), y); model.backward(loss_fn.backward()); opt.step()
"""
import numpy as np

from ._validate import check_number
from .module import Module, Parameter


class Optimizer:
    """Holds the Parameters it updates and the learning rate ``lr`` (a finite number > 0)."""

    def __init__(self, params, lr):
        who = type(self).__name__
        if isinstance(params, Module):
            raise TypeError(f"{who} takes the model's parameters, not the model: pass model.parameters().")
        if isinstance(params, Parameter) or not hasattr(params, "__iter__"):
            raise TypeError(f"{who} takes an iterable of Parameters such as model.parameters(), but got "
                            f"{type(params).__name__}.")
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{who} got no parameters to update (an empty list). Does the model have layers with "
                             "weights, such as Linear? A generator (iter(...)) can only be read once.")
        seen = set()
        for i, p in enumerate(self.params):
            if not isinstance(p, Parameter):
                raise TypeError(f"{who} takes Parameters, but item {i} is a {type(p).__name__}.")
            if id(p) in seen:
                raise ValueError(f"{who}: parameter {i} appears twice in the list; it would be stepped twice.")
            seen.add(id(p))
        self.lr = check_number(lr, "lr", f"{who} (learning rate)", low=0.0, low_open=True)

    def zero_grad(self):
        for p in self.params:
            p.zero_grad()


class SGD(Optimizer):
    """Gradient descent, optionally with momentum (PyTorch's form):

        v = momentum * v + grad      (v = grad on the first step)
        p = p - lr * v
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = check_number(momentum, "momentum", "SGD", low=0.0, high=1.0, high_open=True)
        self.velocity = [None] * len(self.params)

    def step(self):
        lr, momentum, velocity = self.lr, self.momentum, self.velocity
        for i, p in enumerate(self.params):
            g = p.grad
            if momentum:
                v = velocity[i]
                if v is None:
                    v = velocity[i] = g.copy()
                else:
                    v *= momentum
                    v += g
                g = v
            p.data -= lr * g

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"


class Adam(Optimizer):
    """Adam (Kingma & Ba), PyTorch's form with bias correction:

        m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
        p = p - lr / (1 - β1^t) * m / (sqrt(v) / sqrt(1 - β2^t) + eps)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), but got {betas!r}.")
        b1, b2 = (check_number(b, f"betas[{i}]", "Adam", low=0.0, high=1.0, high_open=True)
                  for i, b in enumerate(betas))
        self.betas, self.t = (b1, b2), 0
        self.eps = check_number(eps, "eps", "Adam", low=0.0)
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1.0 - b1 ** self.t)
        root_c2 = np.sqrt(1.0 - b2 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p.data -= step_size * m / (np.sqrt(v) / root_c2 + self.eps)

    def __repr__(self):
        return f"Adam(lr={self.lr:g}, betas={self.betas}, eps={self.eps:g})"
