"""The checks grade: silent result, a learner goes on, a grading run loses the points with the hint."""
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter

from nnlib.checks import CheckFailed, Verdict, call, ch01, ch02, report

from checkhelp import stub


def wrong_weighted_sum(x, w, b):
    return float(np.dot(w, x))  # forgets the bias


def right_weighted_sum(x, w, b):
    return float(np.dot(w, x) + b)


def test_verdict_is_a_bool_for_code_and_invisible_as_a_cell_result():
    yes, no = Verdict(True, "Pass: x"), Verdict(False, "Not yet: y")
    assert yes and not no
    assert yes == True and no == False and yes != no  # noqa: E712 (the equality is what is tested)
    assert DisplayFormatter().format(yes) == ({}, {}), "a check cell must not show a stray True"


def test_learner_sees_the_hint_and_goes_on(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    verdict = ch01.weighted_sum(wrong_weighted_sum)
    out = capsys.readouterr().out
    assert not verdict and out.startswith("Not yet:") and "bias" in out


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_grading_run_raises_with_the_hint(monkeypatch, capsys, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    with pytest.raises(AssertionError) as err:
        ch01.weighted_sum(wrong_weighted_sum)
    printed = capsys.readouterr().out
    assert isinstance(err.value, CheckFailed)
    assert printed.strip() == f"Not yet: {err.value}" and "bias" in str(err.value)
    assert ch01.weighted_sum(right_weighted_sum), "a right answer still passes in a grading run"


def test_grading_run_other_checks_too(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(CheckFailed, match="OR"):
        ch02.gate("OR", [1.0, 1.0], -1.5)  # that is AND
    assert report(True, "fine", "") == True  # noqa: E712


def test_stub_stays_a_not_implemented_error_in_a_grading_run(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(NotImplementedError):
        call(stub, 1)
    assert capsys.readouterr().out.startswith("Not yet: the function still raises NotImplementedError")


def test_a_failed_check_shows_its_hint_not_the_checks_code(monkeypatch, capsys):
    """IPython (and so nbgrader's feedback) renders the failure as one line with the hint."""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.user_ns.update(check=ch01, wrong=wrong_weighted_sum)
    shown = []
    monkeypatch.setattr(shell, "_showtraceback", lambda etype, evalue, stb: shown.extend(stb))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shell.run_cell("check.weighted_sum(wrong)")
    text = "\n".join(shown)
    assert "CheckFailed" in text and "bias" in text and "report(" not in text and ".py" not in text, text
