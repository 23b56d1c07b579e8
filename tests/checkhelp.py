"""Helpers shared by the tests of the chapters' exercise checks (tests/test_checks_chNN.py)."""


def stub(*args):
    """What a learner copy's unfilled exercise does."""
    raise NotImplementedError()


def run(capsys, fn, *args):
    """Run a check and return (its verdict, the one line it printed)."""
    ok = fn(*args)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return ok, out
