"""Helpers shared by the tests of the chapters' exercise checks (tests/test_checks_chNN.py)."""
from nnlib.checks import Verdict


def stub(*args):
    """What a learner copy's unfilled exercise does."""
    raise NotImplementedError()


def run(capsys, fn, *args):
    """Run a check and return (its verdict, the one line it printed).

    Runs as a learner would (not as a grading run: NBGRADER_EXECUTION is unset for the call), so a
    failing check returns a false Verdict instead of raising."""
    import os
    saved = os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        ok = fn(*args)
    finally:
        if saved is not None:
            os.environ["NBGRADER_EXECUTION"] = saved
    out = capsys.readouterr().out
    assert isinstance(ok, Verdict), f"a check returns a Verdict (nnlib.checks.report), not {type(ok).__name__}"
    assert out.count("\n") == 1, out
    return ok, out
