"""Checking backpropagation against centred differences.

    numerical_gradient(f, x)   the gradient of a scalar function f at x, one coordinate at a time
    gradcheck(model, loss_fn, X, y)   the largest relative error between model's analytic and numerical grads
"""
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """(f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every coordinate i of the float array ``x``.

    ``x`` is perturbed in place and restored, so ``f`` may read it (e.g. a Parameter's data).
    Returns an array of the shape of ``x``.
    """
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
    """‖a - b‖ / (‖a‖ + ‖b‖), or 0 when both are zero."""
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradcheck(model, loss_fn, X, y, eps=1e-6):
    """Largest relative error, over the model's parameters and its input X, between backprop and centred
    differences of ``loss_fn(model(X), y)``. Values below about 1e-6 in float64 mean the gradients agree."""
    X = np.array(X, dtype=np.float64)
    for p in model.parameters():
        p.grad.fill(0.0)
    loss_fn(model(X), y)
    dx = model.backward(loss_fn.backward())

    def loss():
        return loss_fn(model(X), y)

    errors = [relative_error(p.grad, numerical_gradient(loss, p.data, eps)) for p in model.parameters()]
    errors.append(relative_error(dx, numerical_gradient(loss, X, eps)))
    return max(errors)
