"""Loss functions: ``loss = loss_fn(pred, target)`` returns a float (the mean, as PyTorch's default
``reduction="mean"``) and ``loss_fn.backward()`` returns the gradient of that mean with respect to ``pred``
(same shape as pred).

All three are numerically stable for logits of any size. Nothing is broadcast: a target of shape (N, 1) against
predictions of shape (N,) is refused (PyTorch warns and broadcasts to (N, N) for MSELoss, a classic silent bug).
A NaN or infinite target is refused; a NaN prediction gives a NaN loss (``fit`` then stops with TrainingDiverged).
``fit`` checks the values of all its targets once, before training, and then calls
``loss_fn(pred, target, check_target=False)``, which skips only that check (shapes are always checked).
"""
import numpy as np

from ._validate import as_array, check_class_indices, check_finite, check_same_shape


class _Loss:
    grad = None

    def _inputs(self, pred, target, check_target):
        """pred and target as float64 arrays of the same, non-empty shape (target's values checked if asked)."""
        name = type(self).__name__
        pred, target = as_array(pred, f"{name} pred"), as_array(target, f"{name} target")
        check_same_shape(pred, target, name)
        if pred.size == 0:
            raise ValueError(f"{name} got an empty batch: pred has shape {pred.shape}.")
        if check_target:
            self._check_target_values(target, pred.shape)
        return pred, target

    def _check_target_values(self, target, pred_shape):
        """Refuse target values this loss cannot use (here: NaN or infinite ones); returns the target."""
        check_finite(target, f"{type(self).__name__} target")
        return target

    def backward(self):
        """d loss / d pred for the last call, same shape as pred."""
        if self.grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward() was called before the loss was computed.")
        return self.grad

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(_Loss):
    """mean((pred - target)²) over every element. pred and target: the same shape, e.g. (N,) or (N, K)."""

    def __call__(self, pred, target, *, check_target=True):
        pred, target = self._inputs(pred, target, check_target)
        diff = pred - target
        self.grad = 2.0 * diff / diff.size
        return float(np.mean(diff * diff))


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits z (not probabilities), targets t in [0, 1] (usually 0 or 1).

    ``loss = mean(max(z, 0) - z t + log(1 + exp(-|z|)))``, the stable form of
    ``-[t log σ(z) + (1 - t) log(1 - σ(z))]``, averaged over every element. pred and target: the same shape,
    (N,) or (N, K) (K independent yes/no labels per sample).
    """

    def __call__(self, pred, target, *, check_target=True):
        z, t = self._inputs(pred, target, check_target)
        e = np.exp(-np.abs(z))
        sig = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        self.grad = (sig - t) / z.size
        return float(np.mean(np.maximum(z, 0.0) - z * t + np.log1p(e)))

    def _check_target_values(self, target, pred_shape):
        t = super()._check_target_values(target, pred_shape)
        if t.min() < 0.0 or t.max() > 1.0:
            bad = t[(t < 0) | (t > 1)][0]
            raise ValueError(f"BCEWithLogitsLoss targets must lie in [0, 1] (they are probabilities, usually 0 "
                             f"or 1), but got {bad:g}. For class indices 0..C-1 use CrossEntropyLoss.")
        return t


class CrossEntropyLoss(_Loss):
    """Multi-class cross-entropy on logits ``pred: (N, C)``, C >= 2, and integer class indices ``target: (N,)``.

    loss = mean(logsumexp(z) - z[target]); the gradient is (softmax(z) - onehot(target)) / N.
    PyTorch also accepts C = 1 (the loss is then always 0) and probability targets; nnlib refuses both.
    """

    def __call__(self, pred, target, *, check_target=True):
        z = as_array(pred, "CrossEntropyLoss pred")
        if z.ndim != 2 or z.shape[0] == 0:
            raise ValueError(f"CrossEntropyLoss expects logits of shape (N, C) with N >= 1, but got shape {z.shape}.")
        n, c = z.shape
        if c < 2:
            raise ValueError(f"CrossEntropyLoss needs at least 2 logits per sample (one per class), but got shape "
                             f"{z.shape}; with one output per sample use BCEWithLogitsLoss.")
        t = np.asarray(target)
        if check_target or t.shape != (n,):
            t = self._check_target_values(t, z.shape)
        shifted = z - z.max(axis=1, keepdims=True)      # largest logit becomes 0: exp never overflows
        rows = np.arange(n)
        picked = shifted[rows, t]                        # each sample's shifted logit for its true class
        grad = np.exp(shifted)
        total = grad.sum(axis=1)
        grad /= total[:, None]                           # softmax(z)
        grad[rows, t] -= 1.0
        grad /= n
        self.grad = grad
        # -log softmax(z)[t] = log(sum exp(shifted)) - shifted[t]; total >= 1, so the log is finite
        return float((np.log(total) - picked).sum() / n)

    def _check_target_values(self, target, pred_shape):
        return check_class_indices(target, pred_shape[1], pred_shape[0], "CrossEntropyLoss")
