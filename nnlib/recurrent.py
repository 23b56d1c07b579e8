"""A recurrent layer: one tanh neuron layer whose state is carried from one time step to the next.

    h_t = tanh(x_t @ weight_ih.T + bias_ih + h_{t-1} @ weight_hh.T + bias_hh),   h_0 = 0

Shapes (batch first): ``x: (N, T, F)``; ``weight_ih: (H, F)``; ``weight_hh: (H, H)``; ``bias_ih, bias_hh: (H,)``;
output: every hidden state ``(N, T, H)``. backward runs back through time.
"""
import numpy as np

from ._validate import as_array, check_features, rng_from
from .module import Module, Parameter


class RNN(Module):
    def __init__(self, input_size, hidden_size, rng=None):
        rng = rng_from(rng)
        self.input_size, self.hidden_size = input_size, hidden_size
        bound = 1.0 / np.sqrt(hidden_size)
        self.weight_ih = Parameter(rng.uniform(-bound, bound, (hidden_size, input_size)))
        self.weight_hh = Parameter(rng.uniform(-bound, bound, (hidden_size, hidden_size)))
        self.bias_ih = Parameter(rng.uniform(-bound, bound, hidden_size))
        self.bias_hh = Parameter(rng.uniform(-bound, bound, hidden_size))
        self.h = None

    def forward(self, x):
        x = as_array(x)
        check_features(x, self.input_size, repr(self), ndim=3)
        n, t_steps, _ = x.shape
        h = np.zeros((n, t_steps + 1, self.hidden_size))      # h[:, 0] is the initial state h_0 = 0
        pre = x @ self.weight_ih.data.T + self.bias_ih.data + self.bias_hh.data
        for t in range(t_steps):
            h[:, t + 1] = np.tanh(pre[:, t] + h[:, t] @ self.weight_hh.data.T)
        self.x, self.h = x, h
        return h[:, 1:]

    def backward(self, grad_out, input_grad=True):
        """grad_out: (N, T, H), the loss gradient for every hidden state -> dx: (N, T, F)."""
        h, x = self._saved("h"), self.x
        dx = np.zeros_like(x)
        dh_next = np.zeros((x.shape[0], self.hidden_size))
        for t in reversed(range(x.shape[1])):
            dz = (grad_out[:, t] + dh_next) * (1.0 - h[:, t + 1] ** 2)    # through tanh
            self.weight_ih.grad += dz.T @ x[:, t]
            self.weight_hh.grad += dz.T @ h[:, t]
            self.bias_ih.grad += dz.sum(axis=0)
            self.bias_hh.grad += dz.sum(axis=0)
            dx[:, t] = dz @ self.weight_ih.data
            dh_next = dz @ self.weight_hh.data
        return dx

    def __repr__(self):
        return f"RNN(input_size={self.input_size}, hidden_size={self.hidden_size})"
