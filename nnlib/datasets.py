"""Small data sets, all made on this machine: nothing is downloaded.

Every generator takes ``rng`` (an int seed or a ``np.random.Generator``) and returns ``X: (N, 2)`` float64
and ``y: (N,)`` int class labels.
"""
import numpy as np

from ._validate import check_int, check_number, rng_from

_GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def logic_gate(name):
    """The truth table of AND, OR, NAND or XOR: X (4, 2) of 0/1 inputs and y (4,) of 0/1 outputs."""
    if not isinstance(name, str):
        raise TypeError(f"logic_gate takes a gate name such as 'XOR', but got {type(name).__name__}.")
    key = name.upper()
    if key not in _GATES:
        raise ValueError(f"Unknown logic gate {name!r}; known gates are: {', '.join(_GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATES[key])


def make_moons(n_samples=200, noise=0.1, rng=0):
    """Two interleaving half circles, labelled 0 and 1, with Gaussian noise of std ``noise``.
    Exactly ``n_samples`` points (>= 2), n_samples // 2 of them in class 0."""
    n0, n1 = _class_sizes(n_samples, 2, "make_moons")
    noise = check_number(noise, "noise", "make_moons", low=0.0)
    rng = rng_from(rng)
    a0 = np.linspace(0, np.pi, n0)
    a1 = np.linspace(0, np.pi, n1)
    X = np.vstack([np.c_[np.cos(a0), np.sin(a0)], np.c_[1 - np.cos(a1), 0.5 - np.sin(a1)]])
    y = np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_circles(n_samples=200, noise=0.05, factor=0.5, rng=0):
    """An outer circle (class 0) around an inner circle of radius ``factor`` in (0, 1) (class 1).
    Exactly ``n_samples`` points (>= 2), n_samples // 2 of them in class 0."""
    n0, n1 = _class_sizes(n_samples, 2, "make_circles")
    noise = check_number(noise, "noise", "make_circles", low=0.0)
    factor = check_number(factor, "factor", "make_circles", low=0.0, high=1.0, low_open=True, high_open=True)
    rng = rng_from(rng)
    a0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    a1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.vstack([np.c_[np.cos(a0), np.sin(a0)], factor * np.c_[np.cos(a1), np.sin(a1)]])
    y = np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_spirals(n_samples=300, n_classes=3, noise=0.2, rng=0):
    """``n_classes`` (>= 2) interleaved spiral arms (the CS231n toy problem), noise added to the angle.
    Exactly ``n_samples`` points; when n_classes does not divide them, the last arms get one more."""
    n_classes = check_int(n_classes, "n_classes", "make_spirals", low=2)
    sizes = _class_sizes(n_samples, n_classes, "make_spirals")
    noise = check_number(noise, "noise", "make_spirals", low=0.0)
    rng = rng_from(rng)
    parts = []
    for k, per in enumerate(sizes):
        r = np.linspace(0.0, 1.0, per)
        angle = np.linspace(k * 4.0, (k + 1) * 4.0, per) + rng.normal(0, noise, per)
        parts.append(np.c_[r * np.sin(angle), r * np.cos(angle)])
    return _shuffle(np.vstack(parts), np.repeat(np.arange(n_classes), sizes), rng)


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
    """Shuffle once and split: returns X_train, X_test, y_train, y_test.

    ``test_size``: a fraction in (0, 1) (the test set gets round(test_size * N) samples) or, as in
    scikit-learn, an int count. Both parts must end up with at least one sample."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"train_test_split: X and y must have the same number of samples, but X has shape "
                         f"{X.shape} and y has shape {y.shape}.")
    if isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool):
        n_test = check_int(test_size, "test_size", "train_test_split")
    else:
        test_size = check_number(test_size, "test_size", "train_test_split", 0.0, 1.0, low_open=True, high_open=True)
        n_test = int(round(test_size * len(X)))
    if not 1 <= n_test <= len(X) - 1:
        raise ValueError(f"train_test_split: test_size={test_size} leaves {n_test} of {len(X)} samples for the "
                         "test set; both the training and the test set need at least one.")
    order = rng_from(rng).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _class_sizes(n_samples, n_classes, who):
    """Split ``n_samples`` (an int >= n_classes) into n_classes sizes that differ by at most one, the larger
    ones last (make_moons(201) has 100 points in class 0 and 101 in class 1)."""
    n_samples = check_int(n_samples, "n_samples", who, low=n_classes)
    return [n_samples // n_classes + (k >= n_classes - n_samples % n_classes) for k in range(n_classes)]


def _shuffle(X, y, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]
