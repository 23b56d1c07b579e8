"""The grading cycle, with nbgrader's own commands and the repository's nbgrader_config.py, for every chapter.

For each chapter, in a temporary course folder (COURSE_NBGRADER_ROOT; the chapters come from a temporary
copy given as COURSE_BOOK_DIR, with the nbgrader metadata of tools/nbgrader_meta.py written in if missing):

    nbgrader generate_assignment  -> the release copy
    submissions of four students:
        solved     the release copy with the reference answers written in          -> full marks
        untouched  the release copy as handed out                                  -> 0
        partial    only the first exercise answered                                -> its points, no more
        wrong_<k>  all answers right except exercise k, which holds a typical mistake
                   (tests/grading_wrong_answers.py)                                -> loses exercise k's points,
                                                                                      and its feedback shows the hint
    nbgrader autograde, generate_feedback, export (CSV)

and `nbgrader validate` passes on the solved copy and fails on a wrong one, printing the hint.
Chapters are graded two at a time (GRADING_WORKERS; each in its own course folder, so no two nbgrader
processes share a sqlite gradebook). The per-chapter points, scores and autograde times are printed
(`pytest -s`), and written to the file GRADING_SUMMARY names, if set.
"""

import csv
import html
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
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


def nbgrader(course, book, *args):
    """Run `python -m nbgrader ARGS` from the repository root (so it reads nbgrader_config.py)."""
    env = dict(os.environ, COURSE_NBGRADER_ROOT=str(course), COURSE_BOOK_DIR=str(book),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("NBGRADER_EXECUTION", None)
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=TIMEOUT)
    return run


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
    students = {"solved": solved, "untouched": {}, "partial": {exercises[0][0]: exercises[0][1]}}
    for gid, src, _, _ in exercises:
        if gid in WRONG:
            students[f"wrong_{gid}"] = dict(solved, **{gid: substitute(src, WRONG[gid]["blocks"])})
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
    wrong = next((s for s in students if s.startswith("wrong_")), None)
    for student in ("solved", wrong):
        if student:
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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    book = base / "book"
    book.mkdir()
    for stem in CHAPTERS:
        nb = nbformat.read(BOOK / f"{stem}.ipynb", as_version=4)
        nbgrader_meta.apply(nb, f"{stem}.ipynb")  # nothing to do once the chapters carry their metadata
        nbformat.write(nb, book / f"{stem}.ipynb")
    with ThreadPoolExecutor(WORKERS) as pool:
        results = {r["stem"]: r for r in pool.map(lambda s: grade_chapter(base, book, s), CHAPTERS)}
    lines = ["chapter                  points  solved  untouched  partial  wrong (each)            autograde"]
    for stem, r in results.items():
        s = r.get("scores", {})
        wrong = " ".join(f"{s[k][0]:g}" for k in sorted(s) if k.startswith("wrong_"))
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
    for gid, _, test_id, points in exercises:
        got = scores[f"wrong_{gid}"][0]
        cells = r["cells"][f"wrong_{gid}"]
        assert got == total - points and cells[test_id] == 0, (
            f"{stem}: with a typical mistake in {gid}, expected {total - points} of {total} (its check "
            f"{test_id} losing {points}), got {got}; cell scores {cells}")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_feedback_shows_the_hint(graded, stem):
    r = graded[stem]
    assert "exercises" in r, f"{stem}: no release copy"
    for gid, *_ in r["exercises"]:
        path = r["course"] / "feedback" / f"wrong_{gid}" / stem / f"{stem}.html"
        assert path.exists(), f"{stem}: no feedback page for the student wrong_{gid} at {path}"
        text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
        hint = WRONG[gid]["hint"]
        assert hint in text and "Not yet:" in text, (
            f"{stem}: the feedback for a typical mistake in {gid} does not show the hint {hint!r}")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_validate_passes_when_solved_and_fails_with_the_hint(graded, stem):
    r = graded[stem]
    assert "exercises" in r, f"{stem}: no release copy"
    solved = r["validate_solved"]
    assert solved.returncode == 0 and "Success! Your notebook passes all the tests." in solved.stdout, output(solved)
    gid, _, test_id, _ = r["exercises"][0]
    wrong = r[f"validate_wrong_{gid}"]
    # The hint the check raised, from the autograded copy; validate prints its first 90 characters or so.
    graded_nb = nbformat.read(r["course"] / "autograded" / f"wrong_{gid}" / stem / f"{stem}.ipynb", as_version=4)
    cell = next(c for c in graded_nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test_id)
    error = next(o for o in cell.outputs if o.output_type == "error")
    assert error.ename == "CheckFailed" and WRONG[gid]["hint"] in error.evalue, error
    shown = f"CheckFailed: {error.evalue}"[:60]
    assert "VALIDATION FAILED" in wrong.stdout and shown in wrong.stdout, output(wrong)
