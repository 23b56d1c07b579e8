"""Optimisers that follow PyTorch's update rules exactly.

    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    opt.zero_grad(); loss_fn(model(x), y); model.backward(loss_fn.backward()); opt.step()
"""
import numpy as np

from .module import Parameter


class Optimizer:
    def __init__(self, params, lr):
        self.params = list(params)
        if not self.params:
            raise ValueError("The optimizer got an empty parameter list; pass model.parameters().")
        for i, p in enumerate(self.params):
            if not isinstance(p, Parameter):
                raise TypeError(f"Optimizers take Parameters, but item {i} is a {type(p).__name__}.")
        if not np.isfinite(lr) or lr < 0:
            raise ValueError(f"The learning rate must be a finite number >= 0, but got lr={lr}.")
        self.lr = float(lr)

    def zero_grad(self):
        for p in self.params:
            p.grad.fill(0.0)


class SGD(Optimizer):
    """Gradient descent, optionally with momentum (PyTorch's form):

        v = momentum * v + grad      (v = grad on the first step)
        p = p - lr * v
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), but got momentum={momentum}.")
        self.momentum = float(momentum)
        self.velocity = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = v
            p.data -= self.lr * g

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"


class Adam(Optimizer):
    """Adam (Kingma & Ba), PyTorch's form with bias correction:

        m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
        p = p - lr / (1 - β1^t) * m / (sqrt(v) / sqrt(1 - β2^t) + eps)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"betas must both be in [0, 1), but got betas={tuple(betas)}.")
        if eps < 0:
            raise ValueError(f"eps must be >= 0, but got eps={eps}.")
        self.betas, self.eps, self.t = (float(b1), float(b2)), float(eps), 0
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1.0 - b1 ** self.t)
        root_c2 = np.sqrt(1.0 - b2 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            m *= b1
            m += (1.0 - b1) * p.grad
            v *= b2
            v += (1.0 - b2) * p.grad * p.grad
            p.data -= step_size * m / (np.sqrt(v) / root_c2 + self.eps)

    def __repr__(self):
        return f"Adam(lr={self.lr:g}, betas={self.betas}, eps={self.eps:g})"
