"""Small input checks shared by nnlib's modules.

Every check raises ``ValueError`` or ``TypeError`` with a message that names what was expected and what
arrived, in the style of scikit-learn. Nothing is broadcast silently.
"""
import numpy as np

_FLOAT64 = np.dtype(np.float64)


def as_array(x, name="input"):
    """Return ``x`` as a float64 array, refusing things numpy cannot turn into numbers."""
    if isinstance(x, np.ndarray) and x.dtype is _FLOAT64:      # the usual case, checked cheaply
        return x
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers, but got {type(x).__name__}: {err}") from None


def check_int(value, name, who, low=1):
    """An int (not a bool, not a float) >= ``low``; returns it as a Python int."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{who}: {name} must be an int, but got {value!r} ({type(value).__name__}).")
    if value < low:
        raise ValueError(f"{who}: {name} must be an int >= {low}, but got {name}={value}.")
    return int(value)


def check_number(value, name, who, low=None, high=None, low_open=False, high_open=False):
    """A finite real number (not a bool) in the range [low, high] (ends open when asked); returns a float."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()                     # a 0-d array such as np.array(0.5) is one number
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{who}: {name} must be a number, but got {value!r} ({type(value).__name__}).")
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if not np.isfinite(value) or too_low or too_high:
        lo = "(-inf" if low is None else ("(" if low_open else "[") + f"{low:g}"
        hi = "inf)" if high is None else f"{high:g}" + (")" if high_open else "]")
        where = "" if low is None and high is None else f" in {lo}, {hi}"
        raise ValueError(f"{who}: {name} must be a finite number{where}, but got {name}={value}.")
    return value


def check_shape(x, shape, name, who, named="", why=""):
    """``x.shape`` must equal ``shape`` exactly; ``named`` spells it with letters, e.g. "(N, M)"."""
    if x.shape != tuple(shape):
        want = (f"{named} = " if named else "") + str(tuple(shape)) + (f" ({why})" if why else "")
        raise ValueError(f"{who} expects {name} of shape {want}, but got shape {x.shape}.")
    return x


def check_features(x, n_features, who, ndim=2):
    """Check that ``x`` has ``ndim`` dimensions and ``n_features`` along axis 1 (the features or channels)."""
    if x.ndim != ndim:
        want = {2: "(N, features)", 3: "(N, T, features)", 4: "(N, C, H, W)"}[ndim]
        raise ValueError(f"{who} expects a batch of shape {want}, but got an array of shape {x.shape}.")
    axis = 2 if ndim == 3 else 1
    if x.shape[axis] != n_features:
        what = "channels" if ndim == 4 else "features"
        raise ValueError(f"X has {x.shape[axis]} {what}, but {who} is expecting {n_features} {what} as input.")


def check_same_shape(pred, target, who):
    if pred.shape != target.shape:
        raise ValueError(
            f"{who}: predictions have shape {pred.shape} but targets have shape {target.shape}; "
            "they must match exactly (reshape one of them, nnlib does not broadcast)."
        )


def check_class_indices(target, n_classes, n_samples, who):
    """Targets for classification must be integer class indices in ``[0, n_classes)``, one per sample."""
    target = np.asarray(target)
    if target.ndim != 1 or target.shape[0] != n_samples:
        raise ValueError(f"{who}: expected {n_samples} class indices of shape ({n_samples},), "
                         f"but got targets of shape {target.shape}.")
    if target.dtype.kind not in "iu":
        raise TypeError(f"{who}: class indices must be integers, but got dtype {target.dtype}; "
                        "use y.astype(int) if they are whole numbers.")
    # One pass finds any index outside [0, C): read as unsigned integers, negative ones become huge.
    if target.size and np.maximum.reduce(target.astype(np.uint64, copy=False)) >= n_classes:
        bad = target[(target < 0) | (target >= n_classes)][0]
        raise ValueError(f"{who}: class indices must lie in [0, {n_classes - 1}] for {n_classes} classes, "
                         f"but got {bad}.")
    return target


def check_finite(x, name):
    if not np.all(np.isfinite(x)):
        n_bad = int(np.size(x) - np.count_nonzero(np.isfinite(x)))
        raise ValueError(f"{name} contains {n_bad} NaN or infinite value(s); nnlib needs finite numbers here.")


def rng_from(seed_or_rng):
    """Turn ``None``, an int seed or a ``np.random.Generator`` into a Generator."""
    if isinstance(seed_or_rng, np.random.Generator):
        return seed_or_rng
    if seed_or_rng is None:
        return np.random.default_rng()
    if isinstance(seed_or_rng, (int, np.integer)) and not isinstance(seed_or_rng, bool):
        if seed_or_rng < 0:
            raise ValueError(f"rng: an int seed must be >= 0, but got {seed_or_rng}.")
        return np.random.default_rng(seed_or_rng)
    raise TypeError(f"rng must be None, an int seed or a numpy Generator (np.random.default_rng(0)), but got "
                    f"{type(seed_or_rng).__name__}.")
