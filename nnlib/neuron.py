"""One artificial neuron: a weighted sum of the inputs plus a bias, passed through an activation.

What it computes::

    z = w · x + b            the weighted sum (pre-activation)
    fires  <=>  z >= θ       θ is the threshold we choose
    output = 1 if fires else 0            for the step activation
    output = f(z)                         for any other activation f
"""
import numpy as np

from ._validate import as_array, check_finite, check_int, check_number
from .activations import activation


class Neuron:
    """A single neuron with weights ``w: (d,)``, a bias ``b`` and a firing threshold ``θ``.

    Call it on one input ``x: (d,)`` (returns a float) or a batch ``X: (N, d)`` (returns ``(N,)``).
    """

    def __init__(self, weights, bias=0.0, activation="step", threshold=0.0):
        self.weights = as_array(weights, "weights")
        if self.weights.ndim != 1 or self.weights.size == 0:
            raise ValueError(f"weights must be a non-empty 1-D array (d,), but got shape {self.weights.shape}.")
        check_finite(self.weights, "weights")
        self.bias = check_number(bias, "bias", "Neuron")
        self.threshold = check_number(threshold, "threshold", "Neuron")
        self.activation = activation
        self._act = _lookup(activation)

    def _inputs(self, x):
        x = as_array(x, "x")
        d = self.weights.size
        if x.ndim not in (1, 2) or x.shape[-1] != d:
            raise ValueError(f"This neuron has {d} weights, so it expects an input of shape ({d},) or a batch "
                             f"(N, {d}), but got shape {x.shape}.")
        return x

    def weighted_sum(self, x):
        """z = w · x + b for ``x: (d,)`` (float) or ``X: (N, d)`` (array ``(N,)``)."""
        z = self._inputs(x) @ self.weights + self.bias
        return float(z) if np.ndim(z) == 0 else z

    def fires(self, x):
        """True where z >= threshold: a bool for one input, a bool array ``(N,)`` for a batch."""
        f = np.asarray(self.weighted_sum(x)) >= self.threshold
        return bool(f) if f.ndim == 0 else f

    def __call__(self, x):
        """The neuron's output: 1.0/0.0 for a step neuron (fires or not), f(z) otherwise."""
        if self._act.name == "step":
            out = np.asarray(self.fires(x), dtype=np.float64)
        else:
            out = np.asarray(self._act(self.weighted_sum(x)))
        return float(out) if out.ndim == 0 else out

    def __repr__(self):
        w = ", ".join(f"{v:g}" for v in self.weights)
        return (f"Neuron(weights=[{w}], bias={self.bias:g}, activation='{self._act.name}', "
                f"threshold={self.threshold:g})")


def _lookup(name):
    act = activation(name)
    if act.name == "softmax":
        raise ValueError("softmax acts on a vector of scores, not on one neuron's sum; pick another activation.")
    return act


def train_perceptron(X, y, epochs=20, lr=1.0):
    """Rosenblatt's perceptron rule on a step neuron (threshold 0, the bias learns instead).

    For each sample in turn: w += lr * (y - output) * x and b += lr * (y - output).
    X: (N, d) inputs, y: (N,) targets in {0, 1}. Returns the trained Neuron and the number of misclassified
    samples in each epoch (it stops early after an epoch with no mistakes). When the classes can be split by
    a line the rule is guaranteed to get there; for XOR it never does.
    """
    X = as_array(X, "X")
    y = np.asarray(y)
    epochs = check_int(epochs, "epochs", "train_perceptron")
    lr = check_number(lr, "lr", "train_perceptron", low=0.0, low_open=True)
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"train_perceptron expects X of shape (N, d) and y of shape (N,), but got X {X.shape} "
                         f"and y {y.shape}.")
    if not np.all(np.isin(y, (0, 1))):
        raise ValueError(f"train_perceptron expects targets 0 or 1, but got values {sorted(set(y.tolist()))}.")
    check_finite(X, "train_perceptron X")
    neuron = Neuron(np.zeros(X.shape[1]), 0.0)
    mistakes = []
    for _ in range(epochs):
        errors = 0
        for x, target in zip(X, y):
            delta = target - neuron(x)
            if delta:
                neuron.weights = neuron.weights + lr * delta * x
                neuron.bias += lr * delta
                errors += 1
        mistakes.append(errors)
        if errors == 0:
            break
    return neuron, mistakes
