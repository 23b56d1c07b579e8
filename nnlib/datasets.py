"""Small data sets, all made on this machine: nothing is downloaded.

Every generator takes ``rng`` (an int seed or a ``np.random.Generator``) and returns ``X: (N, 2)`` float64
and ``y: (N,)`` int class labels.
"""
import numpy as np

from ._validate import rng_from

_GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def logic_gate(name):
    """The truth table of AND, OR, NAND or XOR: X (4, 2) of 0/1 inputs and y (4,) of 0/1 outputs."""
    key = str(name).upper()
    if key not in _GATES:
        raise ValueError(f"Unknown logic gate {name!r}; known gates are: {', '.join(_GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATES[key])


def make_moons(n_samples=200, noise=0.1, rng=0):
    """Two interleaving half circles, labelled 0 and 1, with Gaussian noise of std ``noise``."""
    rng = rng_from(rng)
    n0 = n_samples // 2
    n1 = n_samples - n0
    a0 = np.linspace(0, np.pi, n0)
    a1 = np.linspace(0, np.pi, n1)
    X = np.vstack([np.c_[np.cos(a0), np.sin(a0)], np.c_[1 - np.cos(a1), 0.5 - np.sin(a1)]])
    y = np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_circles(n_samples=200, noise=0.05, factor=0.5, rng=0):
    """An outer circle (class 0) around an inner circle of radius ``factor`` (class 1)."""
    rng = rng_from(rng)
    n0 = n_samples // 2
    n1 = n_samples - n0
    a0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    a1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.vstack([np.c_[np.cos(a0), np.sin(a0)], factor * np.c_[np.cos(a1), np.sin(a1)]])
    y = np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_spirals(n_samples=300, n_classes=3, noise=0.2, rng=0):
    """``n_classes`` interleaved spiral arms (the CS231n toy problem), noise added to the angle."""
    rng = rng_from(rng)
    per = n_samples // n_classes
    X = np.zeros((per * n_classes, 2))
    y = np.repeat(np.arange(n_classes), per)
    for k in range(n_classes):
        r = np.linspace(0.0, 1.0, per)
        angle = np.linspace(k * 4.0, (k + 1) * 4.0, per) + rng.normal(0, noise, per)
        X[k * per:(k + 1) * per] = np.c_[r * np.sin(angle), r * np.cos(angle)]
    return _shuffle(X, y, rng)


def load_digits():
    """The 1,797 handwritten digits (8x8 pixels) that scikit-learn ships inside its package.

    Returns X (1797, 64) scaled to [0, 1] and y (1797,) int labels 0-9. Needs scikit-learn installed.
    """
    try:
        from sklearn.datasets import load_digits as _load
    except ImportError:
        raise ImportError("load_digits needs scikit-learn (it ships the digits): pip install scikit-learn") from None
    data = _load()
    return data.data / 16.0, data.target.astype(int)


def train_test_split(X, y, test_size=0.2, rng=0):
    """Shuffle once and split: returns X_train, X_test, y_train, y_test (test_size is a fraction)."""
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, but X has {len(X)} and y has {len(y)}.")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be a fraction in (0, 1), but got {test_size}.")
    order = rng_from(rng).permutation(len(X))
    n_test = int(round(test_size * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _shuffle(X, y, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]
