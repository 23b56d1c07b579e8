"""``call`` for chapters 1-3: like ``nnlib.checks.call``, but a stub is not swallowed.

If the learner's function still raises NotImplementedError, the check prints the "Not yet:" stub hint and then
lets the NotImplementedError through, so a learner copy stops at the first exercise not yet done (as
tests/test_student.py expects). Any other exception becomes a hint, as in ``nnlib.checks.call``.
"""
from . import report

STUB_HINT = "the function still raises NotImplementedError: replace the stub with your code."


def call(fn, *args):
    """Call ``fn(*args)``; return (result, None) or (None, hint) if it raised; re-raise NotImplementedError."""
    try:
        return fn(*args), None
    except NotImplementedError:
        report(False, "", STUB_HINT)
        raise
    except Exception as err:  # the learner's code may fail in any way; turn it into a hint
        return None, f"calling it raised {type(err).__name__}: {err}"
