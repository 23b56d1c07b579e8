"""Loss functions: ``loss = loss_fn(pred, target)`` returns a float (the mean over the batch) and
``loss_fn.backward()`` returns the gradient of that mean with respect to ``pred`` (same shape as pred).

All three are numerically stable for logits of any size.
"""
import numpy as np

from ._validate import as_array, check_class_indices, check_same_shape


class _Loss:
    grad = None

    def backward(self):
        """d loss / d pred for the last call, same shape as pred."""
        if self.grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward() was called before the loss was computed.")
        return self.grad

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(_Loss):
    """mean((pred - target)²) over every element. pred and target: the same shape, e.g. (N,) or (N, K)."""

    def __call__(self, pred, target):
        pred, target = as_array(pred, "pred"), as_array(target, "target")
        check_same_shape(pred, target, "MSELoss")
        diff = pred - target
        self.grad = 2.0 * diff / diff.size
        return float(np.mean(diff * diff))


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits z (not probabilities), targets t in {0, 1} (or in [0, 1]).

    loss = mean(max(z, 0) - z t + log(1 + exp(-|z|))), the stable form of
    -[t log σ(z) + (1 - t) log(1 - σ(z))]. pred and target: the same shape.
    """

    def __call__(self, pred, target):
        z, t = as_array(pred, "pred"), as_array(target, "target")
        check_same_shape(z, t, "BCEWithLogitsLoss")
        e = np.exp(-np.abs(z))
        sig = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        self.grad = (sig - t) / z.size
        return float(np.mean(np.maximum(z, 0.0) - z * t + np.log1p(e)))


class CrossEntropyLoss(_Loss):
    """Multi-class cross-entropy on logits ``pred: (N, C)`` and integer class indices ``target: (N,)``.

    loss = mean(logsumexp(z) - z[target]); the gradient is (softmax(z) - onehot(target)) / N.
    """

    def __call__(self, pred, target):
        z = as_array(pred, "pred")
        if z.ndim != 2:
            raise ValueError(f"CrossEntropyLoss expects logits of shape (N, C), but got shape {z.shape}.")
        n, c = z.shape
        t = check_class_indices(target, c, n, "CrossEntropyLoss")
        shifted = z - z.max(axis=1, keepdims=True)      # largest logit becomes 0: exp never overflows
        e = np.exp(shifted)
        total = e.sum(axis=1)
        rows = np.arange(n)
        grad = e / total[:, None]                        # softmax(z)
        grad[rows, t] -= 1.0
        self.grad = grad / n
        # -log softmax(z)[t] = log(sum exp(shifted)) - shifted[t]; total >= 1, so the log is finite
        return float((np.log(total) - shifted[rows, t]).sum() / n)
