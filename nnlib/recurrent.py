"""A recurrent layer: one tanh neuron layer whose state is carried from one time step to the next.

    h_t = tanh(x_t @ weight_ih.T + bias_ih + h_{t-1} @ weight_hh.T + bias_hh),   t = 1 .. T

Shapes, as ``torch.nn.RNN(F, H, batch_first=True)``: ``x: (N, T, F)``; ``h0, h_n: (1, N, H)`` (the 1 is
PyTorch's number of layers); ``weight_ih: (H, F)``; ``weight_hh: (H, H)``; ``bias_ih, bias_hh: (H,)``. Use::

    output, h_n = rnn(x)            # output: every hidden state (N, T, H); h_n: the last one, (1, N, H)
    output, h_n = rnn(x, h0)        # start from h0 instead of zeros
    dx = rnn.backward(d_output)                      # dx: (N, T, F); backward runs back through time
    dx = rnn.backward(d_output, grad_h_n=d_h_n)      # when the loss also uses h_n (d_output may be None)
    rnn.grad_h0                                      # the loss gradient for h0, (1, N, H)

PyTorch names the parameters ``weight_ih_l0`` ... (one set per stacked layer); nnlib has one layer, so
``weight_ih`` ... .
"""
import numpy as np

from ._validate import as_array, check_features, check_int, check_shape, rng_from
from .module import Module, Parameter


class RNN(Module):
    """``RNN(input_size, hidden_size, rng=None)``: weights drawn from U(-1/√H, 1/√H) as in PyTorch."""

    def __init__(self, input_size, hidden_size, rng=None):
        self.input_size = check_int(input_size, "input_size", who="RNN")
        self.hidden_size = check_int(hidden_size, "hidden_size", who="RNN")
        rng = rng_from(rng)
        bound = 1.0 / np.sqrt(hidden_size)
        self.weight_ih = Parameter(rng.uniform(-bound, bound, (hidden_size, input_size)))
        self.weight_hh = Parameter(rng.uniform(-bound, bound, (hidden_size, hidden_size)))
        self.bias_ih = Parameter(rng.uniform(-bound, bound, hidden_size))
        self.bias_hh = Parameter(rng.uniform(-bound, bound, hidden_size))
        self.h = None
        self.grad_h0 = None

    def forward(self, x, h0=None):
        """x: (N, T, F), h0: (1, N, H) or None (zeros) -> (output (N, T, H), h_n (1, N, H))."""
        x = as_array(x)
        check_features(x, self.input_size, repr(self), ndim=3)
        n, t_steps, _ = x.shape
        h = np.zeros((n, t_steps + 1, self.hidden_size))      # h[:, 0] is the initial state
        if h0 is not None:
            h0 = as_array(h0, "h0")
            check_shape(h0, (1, n, self.hidden_size), "h0", f"{self!r} with a batch of {n}", "(1, N, H)")
            h[:, 0] = h0[0]
        pre = x @ self.weight_ih.data.T + self.bias_ih.data + self.bias_hh.data
        for t in range(t_steps):
            h[:, t + 1] = np.tanh(pre[:, t] + h[:, t] @ self.weight_hh.data.T)
        self.x, self.h = x, h
        return h[:, 1:], h[None, :, -1]

    def backward(self, grad_out, input_grad=True, grad_h_n=None):
        """grad_out: (N, T, H), the loss gradient for every hidden state (None: the loss did not use them);
        grad_h_n: (1, N, H) or None, the gradient for h_n -> dx: (N, T, F). Stores ``grad_h0``: (1, N, H)."""
        h, x = self._saved("h"), self.x
        n, t_steps, _ = x.shape
        size = (n, t_steps, self.hidden_size)
        grad_out = np.zeros(size) if grad_out is None else self._check_grad(grad_out, size)
        dh_next = np.zeros((n, self.hidden_size))
        if grad_h_n is not None:
            dh_next = self._check_grad(grad_h_n, (1, n, self.hidden_size), "grad_h_n")[0]   # shape of h_n
        dx = np.zeros_like(x)
        for t in reversed(range(t_steps)):
            dz = (grad_out[:, t] + dh_next) * (1.0 - h[:, t + 1] ** 2)    # through tanh
            self.weight_ih.add_grad(dz.T @ x[:, t])       # weight_ih.grad += dz.T @ x_t
            self.weight_hh.add_grad(dz.T @ h[:, t])       # weight_hh.grad += dz.T @ h_{t-1}
            self.bias_ih.add_grad(dz.sum(axis=0))
            self.bias_hh.add_grad(dz.sum(axis=0))
            dx[:, t] = dz @ self.weight_ih.data
            dh_next = dz @ self.weight_hh.data
        self.grad_h0 = dh_next[None]
        return dx if input_grad else None

    def extra_repr(self):
        return f"input_size={self.input_size}, hidden_size={self.hidden_size}"
