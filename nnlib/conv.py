"""A 2-D convolution layer: one small set of weights (a kernel) slid over the whole image.

Shapes: input ``x: (N, C, H, W)``; ``weight: (F, C, k, k)``; ``bias: (F,)``;
output ``y: (N, F, H', W')`` with H' = (H + 2 padding - k) // stride + 1 (and the same for W').
Like PyTorch, this is cross-correlation: the kernel is not flipped.
"""
import numpy as np

from ._validate import as_array, check_features, check_int, rng_from
from .module import Module, Parameter


class Conv2d(Module):
    """``Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, rng=None)``: square kernels,
    ints only (PyTorch also takes (h, w) pairs); weights drawn from U(-1/√(C k k), 1/√(C k k)) as in PyTorch."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, rng=None):
        self.in_channels = check_int(in_channels, "in_channels", "Conv2d")
        self.out_channels = check_int(out_channels, "out_channels", "Conv2d")
        self.kernel_size = check_int(kernel_size, "kernel_size", "Conv2d")
        self.stride = check_int(stride, "stride", "Conv2d")
        self.padding = check_int(padding, "padding", "Conv2d", low=0)
        rng = rng_from(rng)
        bound = 1.0 / np.sqrt(in_channels * kernel_size * kernel_size)
        self.weight = Parameter(rng.uniform(-bound, bound, (out_channels, in_channels, kernel_size, kernel_size)))
        self.bias = Parameter(rng.uniform(-bound, bound, out_channels))
        self.xp = None

    def _windows(self, h_out, w_out):
        """Yield (i, j, rows, cols): the slice of the padded input each kernel entry (i, j) multiplies."""
        s = self.stride
        for i in range(self.kernel_size):
            for j in range(self.kernel_size):
                yield i, j, slice(i, i + s * (h_out - 1) + 1, s), slice(j, j + s * (w_out - 1) + 1, s)

    def forward(self, x):
        x = as_array(x)
        check_features(x, self.in_channels, repr(self), ndim=4)
        p, k = self.padding, self.kernel_size
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
        h_out = (xp.shape[2] - k) // self.stride + 1
        w_out = (xp.shape[3] - k) // self.stride + 1
        if h_out < 1 or w_out < 1:
            raise ValueError(f"{self!r}: the input of size {x.shape[2]}x{x.shape[3]} is smaller than the kernel.")
        out = np.zeros((x.shape[0], self.out_channels, h_out, w_out))
        for i, j, rows, cols in self._windows(h_out, w_out):
            # (N, C, H', W') patch times (F, C) kernel entries -> (N, F, H', W')
            out += np.einsum("nchw,fc->nfhw", xp[:, :, rows, cols], self.weight.data[:, :, i, j], optimize=True)
        self.xp, self.in_shape = xp, x.shape
        return out + self.bias.data[None, :, None, None]

    def backward(self, grad_out, input_grad=True):
        """grad_out: (N, F, H', W') -> dx: (N, C, H, W); adds dweight (F, C, k, k) and dbias (F,)."""
        xp = self._saved("xp")
        k, s = self.kernel_size, self.stride
        h_out, w_out = (xp.shape[2] - k) // s + 1, (xp.shape[3] - k) // s + 1
        grad_out = self._check_grad(grad_out, (xp.shape[0], self.out_channels, h_out, w_out))
        dxp = np.zeros_like(xp)
        for i, j, rows, cols in self._windows(h_out, w_out):
            self.weight.grad[:, :, i, j] += np.einsum("nfhw,nchw->fc", grad_out, xp[:, :, rows, cols], optimize=True)
            dxp[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", grad_out, self.weight.data[:, :, i, j], optimize=True)
        self.bias.add_grad(grad_out.sum(axis=(0, 2, 3)))      # bias.grad += the sum over N, H', W'
        p = self.padding
        if not input_grad:
            return None
        return dxp[:, :, p:p + self.in_shape[2], p:p + self.in_shape[3]] if p else dxp

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}")
