"""Checking backpropagation against centred differences.

    numerical_gradient(f, x)   the gradient of a scalar function f at x, one coordinate at a time
    gradcheck(model, loss_fn, X, y)   the largest relative error between model's analytic and numerical grads
"""
import numpy as np

from ._validate import as_array, check_number
from .module import Module
from .train import _check_data, _check_loss_fn


def numerical_gradient(f, x, eps=1e-6):
    """(f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every coordinate i of the float array ``x``.

    ``x`` is perturbed in place and restored, so ``f`` may read it (e.g. a Parameter's data).
    Returns an array of the shape of ``x``.
    """
    if not callable(f):
        raise TypeError(f"numerical_gradient needs a function f() of no arguments, but got {type(f).__name__}.")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        what = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"numerical_gradient perturbs x in place, so x must be a float64 numpy array (e.g. "
                        f"p.data), but got {what}.")
    eps = check_number(eps, "eps", "numerical_gradient", low=0.0, low_open=True)
    value = f()
    if np.ndim(value) != 0:
        raise TypeError(f"numerical_gradient needs f() to return one number (a loss), but it returned shape "
                        f"{np.shape(value)}.")
    grad = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f()
        x[i] = old - eps
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """‖a - b‖ / (‖a‖ + ‖b‖), or 0 when both are zero. a and b: arrays of the same shape (not broadcast)."""
    a, b = as_array(a, "a"), as_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"relative_error compares arrays of one shape, but got {a.shape} and {b.shape}.")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradcheck(model, loss_fn, X, y, eps=1e-6):
    """Largest relative error, over the model's parameters and its input X, between backprop and centred
    differences of ``loss_fn(model(X), y)``. Values below about 1e-6 in float64 mean the gradients agree."""
    if not isinstance(model, Module):
        raise TypeError(f"gradcheck needs an nnlib Module as model, but got {type(model).__name__}.")
    _check_loss_fn(loss_fn, "gradcheck")
    X, y = _check_data(X, y, "gradcheck")
    X = X.copy()                                          # perturbed in place below
    eps = check_number(eps, "eps", "gradcheck", low=0.0, low_open=True)
    for p in model.parameters():
        p.grad.fill(0.0)
    loss_fn(model(X), y)
    dx = model.backward(loss_fn.backward(), input_grad=True)      # a Sequential returns dX only if asked

    def loss():
        return loss_fn(model(X), y)

    errors = [relative_error(p.grad, numerical_gradient(loss, p.data, eps)) for p in model.parameters()]
    errors.append(relative_error(dx, numerical_gradient(loss, X, eps)))
    return max(errors)
