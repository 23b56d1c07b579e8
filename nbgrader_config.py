"""nbgrader's configuration for this course: run nbgrader from the repository's root folder.

The chapters in book/ are the nbgrader source notebooks (one assignment per chapter, named after the
notebook: 01_neuron, 02_firing, ...). nbgrader wants them in course/source/<assignment>/, so every nbgrader
command first links them there (symbolic links to book/, made again if missing: no copies to keep in sync).
Everything nbgrader writes (gradebook.db, release/, submitted/, autograded/, feedback/) stays in course/,
which git ignores. The whole cycle is in book/instructors.md, "Collecting and checking work":

    source .venv/bin/activate       # nbgrader calls alembic and jupyter from PATH
    nbgrader generate_assignment 01_neuron
    nbgrader autograde 01_neuron
    nbgrader generate_feedback 01_neuron
    nbgrader export                 # grades.csv
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tools"))
from make_student import CODE_STUB, TEXT_STUB, link_sources  # noqa: E402  (the learner copies' stubs)

# Elsewhere (tests/test_nbgrader_cycle.py): COURSE_NBGRADER_ROOT for the course folder, COURSE_BOOK_DIR for the chapters.
COURSE = Path(os.environ.get("COURSE_NBGRADER_ROOT") or HERE / "course")
BOOK = Path(os.environ.get("COURSE_BOOK_DIR") or HERE / "book")

c = get_config()  # noqa: F821  (nbgrader provides get_config when it reads this file)

c.CourseDirectory.root = str(COURSE)
c.CourseDirectory.course_id = "artificial-neuron"

# The same stubs as `make student`, `make lab` and the learner branch.
c.ClearSolutions.code_stub = {"python": CODE_STUB}
c.ClearSolutions.text_stub = TEXT_STUB

# A chapter runs in well under a minute; a cell that hangs (an endless loop in an answer) is stopped.
c.Execute.timeout = 120

COURSE.mkdir(parents=True, exist_ok=True)
if not (COURSE / ".gitignore").exists():
    (COURSE / ".gitignore").write_text("# nbgrader's course folder: grades and submissions, never committed\n*\n")
link_sources(BOOK, COURSE)
