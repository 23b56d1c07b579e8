"""Checks for the chapters' exercises: ``from nnlib.checks import ch01 as check``.

Every check calls the learner's function on a few inputs, compares with nnlib's own answer, prints one line
that starts with "Pass:" or "Not yet:" (with a specific hint), and returns True or False. A check never raises
because of a wrong answer: an exception from the learner's code becomes a hint too, except the
NotImplementedError of an unfilled stub, which stops the notebook there (see ``call``).
"""
import numpy as np


def report(ok, passed, hint):
    """Print "Pass: <passed>" or "Not yet: <hint>" and return ``ok``."""
    print(f"Pass: {passed}" if ok else f"Not yet: {hint}")
    return bool(ok)


STUB_HINT = "the function still raises NotImplementedError: replace the stub with your code."


def call(fn, *args):
    """Call the learner's ``fn(*args)``; return (result, None), or (None, hint text) if it raised.

    One exception is let through: NotImplementedError, which the stub of a learner copy raises. The check
    prints the "Not yet:" stub hint and re-raises, so "Run all" stops at the first exercise not yet done.
    """
    try:
        return fn(*args), None
    except NotImplementedError:
        report(False, "", STUB_HINT)
        raise
    except Exception as err:  # the learner's code may fail in any way; turn it into a hint
        return None, f"calling it raised {type(err).__name__}: {err}"


def close(a, b, tol=1e-6):
    """True when ``a`` and ``b`` have the same shape and agree within ``tol`` (absolute and relative)."""
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))
