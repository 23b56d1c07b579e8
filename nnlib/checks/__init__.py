"""Checks for the chapters' exercises: ``from nnlib.checks import ch01 as check``.

Every check calls the learner's function on a few inputs, compares with nnlib's own answer, prints one line
that starts with "Pass:" or "Not yet:" (with a specific hint), and returns a ``Verdict``: true or false like
a bool, equal to True or False, and silent as a cell's last expression (no stray ``True`` under a check cell).

For a learner (JupyterLab, Colab, the book) a check never raises because of a wrong answer: an exception from
the learner's code becomes a hint too, except the NotImplementedError of an unfilled stub, which stops the
notebook there (see ``call``).

In a grading run, nbgrader sets ``NBGRADER_EXECUTION`` in the kernel (``autograde`` or ``validate``). There a
failing check raises ``CheckFailed`` (an AssertionError) whose message is the hint: the test cell loses its
points, and the feedback says why.
"""
import os

import numpy as np


class CheckFailed(AssertionError):
    """A check failed during a grading run; the message is the check's hint."""

    def _render_traceback_(self):
        """IPython shows this instead of the traceback: the hint, not the check's own code."""
        return [f"\x1b[0;31mCheckFailed\x1b[0m: {self}"]


class Verdict:
    """What a check returns: true or false like a bool, and no output when it ends a cell."""

    __slots__ = ("ok", "message")

    def __init__(self, ok, message):
        self.ok, self.message = bool(ok), message

    def __bool__(self):
        return self.ok

    def __eq__(self, other):
        if isinstance(other, Verdict):
            return self.ok == other.ok
        if isinstance(other, (bool, int)):
            return self.ok == bool(other)
        return NotImplemented

    def __hash__(self):
        return hash(self.ok)

    def __repr__(self):
        return f"Verdict({self.ok}, {self.message!r})"

    def _ipython_display_(self):
        """The line the check printed says it all: show nothing as the cell's result."""


def grading():
    """True inside an nbgrader grading run (autograde or validate), which sets NBGRADER_EXECUTION."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def report(ok, passed, hint):
    """Print "Pass: <passed>" or "Not yet: <hint>" and return a Verdict.

    In a grading run (``grading()``) a failure raises CheckFailed with the hint, after printing it."""
    message = f"Pass: {passed}" if ok else f"Not yet: {hint}"
    print(message)
    if not ok and grading():
        raise CheckFailed(hint)
    return Verdict(ok, message)


STUB_HINT = "the function still raises NotImplementedError: replace the stub with your code."


def call(fn, *args):
    """Call the learner's ``fn(*args)``; return (result, None), or (None, hint text) if it raised.

    One exception is let through: NotImplementedError, which the stub of a learner copy raises. The check
    prints the "Not yet:" stub hint and re-raises, so "Run all" stops at the first exercise not yet done.
    """
    try:
        return fn(*args), None
    except NotImplementedError:
        print(f"Not yet: {STUB_HINT}")  # not report(): in a grading run too, the stub's error goes on up
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
