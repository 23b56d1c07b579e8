"""The grading cycle, with nbgrader's own commands and the repository's nbgrader_config.py, for every chapter.

For each chapter, in a temporary course folder (COURSE_NBGRADER_ROOT; the chapters come from a temporary
copy given as COURSE_BOOK_DIR, with the nbgrader metadata of tools/nbgrader_meta.py written in if missing):

    nbgrader generate_assignment  -> the release copy
    submissions of these students:
        solved     the release copy with the reference answers written in          -> full marks
        untouched  the release copy as handed out                                  -> 0
        partial    only the first exercise answered                                -> its points, no more
        all_but_<j>  exercise j answered right, every other one with its typical
                   mistake (tests/grading_wrong_answers.py)                        -> exactly j's points: each
                                                                                      mistake costs its own
                                                                                      exercise, and the feedback
                                                                                      shows each hint
    nbgrader autograde, generate_feedback, export (CSV)

and `nbgrader validate` passes on the solved copy and fails on a wrong one, printing the hint.

One student per exercise with a single mistake would cost a run of the chapter more than this: a check runs
right after its answer, so a mistake can reach only the checks below it, and the all_but_<j> students, one for
each exercise j after the first, put every mistake above every later right answer (with two exercises, both
students). That a later failure leaves the first exercise's points alone is what `partial` shows.

Chapters are graded two at a time (GRADING_WORKERS; each in its own course folder, so no two nbgrader
processes share a sqlite gradebook). The per-chapter points, scores and autograde times are printed
(`pytest -s`), and written to the file GRADING_SUMMARY names, if set.
"""

import csv
import html
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbgrader_meta  # noqa: E402
from grading_wrong_answers import WRONG  # noqa: E402

BOOK = Path(os.environ.get("COURSE_BOOK_DIR", ROOT / "book")).resolve()
CHAPTERS = sorted(p.stem for p in BOOK.glob("*.ipynb"))
WORKERS = int(os.environ.get("GRADING_WORKERS", "2"))
TIMEOUT = 900  # seconds for one nbgrader command


def _cli(args, env):
    """`nbgrader ARGS` as its console script runs it (nbgrader.apps.nbgraderapp.main), in this process, which
    must be a fresh one: stdout and stderr (also the kernels') go to files. Returns (exit code, stdout, stderr)."""
    import tempfile
    import traceback
    from nbgrader.apps.nbgraderapp import main

    os.environ.clear()
    os.environ.update(env)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.argv = ["nbgrader", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        return code, *(f.seek(0) or f.read().decode(errors="replace") for f in (out, err))


# Importing nbgrader costs a few CPU seconds and the cycle runs six commands a chapter: every command runs in a
# fresh process forked from a server that has imported nbgrader once (one command a process, as from a shell).
_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["nbgrader.apps.nbgraderapp", __name__])


def nbgrader(course, book, *args):
    """`nbgrader ARGS` from the repository root (so it reads nbgrader_config.py), in a fresh process."""
    env = dict(os.environ, COURSE_NBGRADER_ROOT=str(course), COURSE_BOOK_DIR=str(book),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("NBGRADER_EXECUTION", None)
    pool = ProcessPoolExecutor(1, mp_context=_FORKS)
    try:
        code, out, err = pool.submit(_cli, list(args), env).result(timeout=TIMEOUT)
    except TimeoutError:
        for process in list(pool._processes.values()):   # stop the command that overran TIMEOUT
            process.kill()
        raise
    finally:
        pool.shutdown()
    return subprocess.CompletedProcess(["nbgrader", *args], code, out, err)


def substitute(source, blocks):
    """`source` with its solution blocks replaced by `blocks` (unindented code), later blocks kept as they are."""
    out, index, inside, replacing = [], 0, False, False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line:
            inside, replacing = True, index < len(blocks)
            indent = line[: len(line) - len(line.lstrip())]
            if replacing:
                out += [indent + text if text else text for text in blocks[index].splitlines()]
            index += 1
        elif "END SOLUTION" in line:
            inside = False
        elif not inside or not replacing:
            out.append(line)
    return "\n".join(out)


def answers(source_nb):
    """[(answer grade id, reference source, test grade id, points)] in the order of the chapter."""
    out, cells = [], source_nb.cells
    for i, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            test = cells[i + 1].metadata["nbgrader"]
            out.append((meta["grade_id"], cell.source, test["grade_id"], test["points"]))
    return out


def submission(release, fill):
    """A copy of the release notebook whose answer cells get `fill[grade id]` as their source."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in fill:
            cell.source = fill[gid]
    return nb


def grade_chapter(base, book, stem):
    course = base / stem
    result = {"stem": stem, "course": course}
    run = nbgrader(course, book, "generate_assignment", stem, "--force")
    result["generate"] = run
    release_path = course / "release" / stem / f"{stem}.ipynb"
    if run.returncode != 0 or not release_path.exists():
        return result
    release = nbformat.read(release_path, as_version=4)
    source = nbformat.read(book / f"{stem}.ipynb", as_version=4)
    exercises = answers(source)
    result["exercises"] = exercises
    solved = {gid: src for gid, src, _, _ in exercises}
    mistaken = {gid: substitute(src, WRONG[gid]["blocks"]) for gid, src, _, _ in exercises if gid in WRONG}
    students = {"solved": solved, "untouched": {}, "partial": {exercises[0][0]: exercises[0][1]}}
    right = [gid for gid, *_ in exercises][1 if len(exercises) > 2 else 0:]
    result["all_but"] = {f"all_but_{gid}": gid for gid in right}
    for student, gid in result["all_but"].items():
        students[student] = dict(solved, **{k: v for k, v in mistaken.items() if k != gid})
    for student, fill in students.items():
        folder = course / "submitted" / student / stem
        folder.mkdir(parents=True)
        nbformat.write(submission(release, fill), folder / f"{stem}.ipynb")
    start = time.monotonic()
    result["autograde"] = nbgrader(course, book, "autograde", stem, "--force")
    result["seconds"] = time.monotonic() - start
    result["students"] = len(students)
    result["feedback"] = nbgrader(course, book, "generate_feedback", stem, "--force")
    csv_path = course / "grades.csv"
    result["export"] = nbgrader(course, book, "export", f"--to={csv_path}")
    result["scores"] = {}
    if csv_path.exists():
        with open(csv_path, newline="") as f:
            for row in csv.DictReader(f):
                if row["assignment"] == stem:
                    result["scores"][row["student_id"]] = (float(row["raw_score"]), float(row["max_score"]))
    result["cells"] = cell_scores(course, stem)
    # nbgrader validate, as a learner runs it from the Assignments list: solved passes, a wrong answer fails.
    result["wrong"] = next((s for s, gid in result["all_but"].items() if gid != exercises[0][0]), None)
    for student in filter(None, ("solved", result["wrong"])):
        path = course / "submitted" / student / stem / f"{stem}.ipynb"
        result[f"validate_{student}"] = nbgrader(course, book, "validate", str(path))
    return result


def cell_scores(course, stem):
    """{student: {test grade id: score}} from the gradebook nbgrader filled."""
    from nbgrader.api import Gradebook
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(stem):
            for nb in sub.notebooks:
                scores[sub.student_id] = {g.name: g.score for g in nb.grades}
    return scores


def run_seconds(path):
    """How long the notebook's cells took when it was last executed (the timings nbclient stores), 0 if unknown."""
    from datetime import datetime

    total = 0.0
    for cell in nbformat.read(path, as_version=4).cells:
        when = cell.metadata.get("execution", {})
        if "iopub.status.busy" in when and "shell.execute_reply" in when:
            start, end = (datetime.fromisoformat(when[k].replace("Z", "+00:00"))
                          for k in ("iopub.status.busy", "shell.execute_reply"))
            total += (end - start).total_seconds()
    return total


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    book = base / "book"
    book.mkdir()
    for stem in CHAPTERS:
        nb = nbformat.read(BOOK / f"{stem}.ipynb", as_version=4)
        nbgrader_meta.apply(nb, f"{stem}.ipynb")  # nothing to do once the chapters carry their metadata
        nbformat.write(nb, book / f"{stem}.ipynb")
    # The longest chapters first, so that the last one to finish is a short one.
    order = sorted(CHAPTERS, key=lambda stem: run_seconds(book / f"{stem}.ipynb"), reverse=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        done = {r["stem"]: r for r in pool.map(lambda s: grade_chapter(base, book, s), order)}
    results = {stem: done[stem] for stem in CHAPTERS}
    lines = ["chapter                  points  solved  untouched  partial  all but one right       autograde"]
    for stem, r in results.items():
        s = r.get("scores", {})
        wrong = " ".join(f"{s[k][0]:g}" for k in r.get("all_but", {}))
        if "solved" in s:
            lines.append(f"{stem:<24} {s['solved'][1]:>6g}  {s['solved'][0]:>6g}  {s['untouched'][0]:>9g}  "
                         f"{s['partial'][0]:>7g}  {wrong:<22}  {r['seconds']:5.1f} s for {r['students']} "
                         "submissions")
    summary = "\n".join(lines)
    if os.environ.get("GRADING_SUMMARY"):
        Path(os.environ["GRADING_SUMMARY"]).write_text(summary + "\n")
    print("\n" + summary)
    yield results
    shutil.rmtree(base, ignore_errors=True)


def output(run):
    return f"exit {run.returncode}\n--- stdout\n{run.stdout[-3000:]}\n--- stderr\n{run.stderr[-5000:]}"


def check_error(course, student, stem, test_id):
    """The error output of the check cell `test_id` in the student's autograded copy."""
    graded_nb = nbformat.read(course / "autograded" / student / stem / f"{stem}.ipynb", as_version=4)
    cell = next(c for c in graded_nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test_id)
    return next(o for o in cell.outputs if o.output_type == "error")


def test_book_has_chapters():
    assert CHAPTERS, f"no chapter notebooks in {BOOK}"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_generate_assignment_accepts_the_chapter(graded, stem):
    run = graded[stem]["generate"]
    assert run.returncode == 0 and "exercises" in graded[stem], f"nbgrader generate_assignment {stem}:\n{output(run)}"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_scores(graded, stem):
    r = graded[stem]
    assert "exercises" in r, f"{stem}: no release copy (see test_generate_assignment_accepts_the_chapter)"
    for step in ("autograde", "feedback", "export"):
        assert r[step].returncode == 0, f"nbgrader {step} {stem}:\n{output(r[step])}"
    scores, exercises = r["scores"], r["exercises"]
    total = sum(points for *_, points in exercises)
    missing = [gid for gid, *_ in exercises if gid not in WRONG]
    assert not missing, f"{stem}: add a typical wrong answer for {missing} to tests/grading_wrong_answers.py"
    assert scores["solved"] == (total, total), f"{stem}: the reference answers should get full marks"
    untouched = r["cells"]["untouched"]
    assert scores["untouched"][0] == 0, (
        f"{stem}: the untouched release copy scored {scores['untouched'][0]}; these checks passed on what the "
        f"learner did not write: {[g for g, s in untouched.items() if s]}")
    first = exercises[0][3]
    assert scores["partial"][0] == first and 0 < first < total, (
        f"{stem}: answering only the first exercise should score its {first} point(s), got {scores['partial'][0]}")
    checks = {gid: (test_id, points) for gid, _, test_id, points in exercises}
    assert set(checks) == {gid for student, right in r["all_but"].items() for gid in checks if gid != right}, (
        f"{stem}: some exercise never got its typical mistake")
    for student, right in r["all_but"].items():
        got, cells = scores[student][0], r["cells"][student]
        test_id, points = checks[right]
        mistaken = {gid: cells[t] for gid, (t, _) in checks.items() if gid != right}
        assert got == points and cells[test_id] == points and not any(mistaken.values()), (
            f"{stem}: with {right} answered right and typical mistakes in {sorted(mistaken)}, expected {points} of "
            f"{total} (each mistake losing its own exercise's points, {test_id} keeping its {points}), got {got}; "
            f"cell scores {cells}")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_feedback_shows_the_hint(graded, stem):
    r = graded[stem]
    assert "exercises" in r, f"{stem}: no release copy"
    for gid, _, test_id, _ in r["exercises"]:
        student = next(s for s, right in r["all_but"].items() if right != gid)
        path = r["course"] / "feedback" / student / stem / f"{stem}.html"
        assert path.exists(), f"{stem}: no feedback page for the student {student} at {path}"
        text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
        hint = WRONG[gid]["hint"]
        # Several mistakes share the page: the hint must be in the failure of this exercise's own check.
        error = check_error(r["course"], student, stem, test_id)
        assert hint in error.evalue and hint in text and "Not yet:" in text and error.evalue in text, (
            f"{stem}: the feedback for a typical mistake in {gid} does not show the hint {hint!r}")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_validate_passes_when_solved_and_fails_with_the_hint(graded, stem):
    r = graded[stem]
    assert "exercises" in r, f"{stem}: no release copy"
    solved = r["validate_solved"]
    assert solved.returncode == 0 and "Success! Your notebook passes all the tests." in solved.stdout, output(solved)
    gid, _, test_id, _ = r["exercises"][0]
    wrong = r[f"validate_{r['wrong']}"]
    # The hint the check raised, from the autograded copy; validate prints its first 90 characters or so.
    error = check_error(r["course"], r["wrong"], stem, test_id)
    assert error.ename == "CheckFailed" and WRONG[gid]["hint"] in error.evalue, error
    shown = f"CheckFailed: {error.evalue}"[:60]
    assert "VALIDATION FAILED" in wrong.stdout and shown in wrong.stdout, output(wrong)
