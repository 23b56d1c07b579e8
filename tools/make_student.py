"""Write learner copies of the course notebooks, without the solutions.

Usage:
    python tools/make_student.py [SRC] [DEST] [--repository OWNER/NAME]   # defaults: book _build/student
    python tools/make_student.py --keep SRC DEST     # add what DEST lacks; never touch a file already there
    make student                                     # the first form, after setting up .venv
    make lab                                         # the --keep form into my_notebooks/, then JupyterLab

--keep is how `make lab` gives a learner their copies: a notebook the learner has already worked on is never
replaced (a new chapter is added beside it), so running `make lab` again loses nothing.

Every file under SRC is copied to DEST with the same folder layout, so DEST is a working folder
(Markdown pages, images and data come along unchanged), except the instructor's guide, which holds
the answers to the questions for the room. Notebooks are changed on the way:

* In a code cell, each block between the nbgrader markers

      ### BEGIN SOLUTION
      ...reference solution...
      ### END SOLUTION

  becomes, at the indentation of the BEGIN line,

      # YOUR CODE HERE
      raise NotImplementedError("Exercise: write your solution here")

  In a Markdown cell the block becomes "YOUR ANSWER HERE". Lines before and after a block stay.
* Every output and execution count is removed from every cell (a later cell's output could give an
  answer away), with the cells' execution timings and the notebook's saved widget state.
* The Colab install cell (tagged "colab-install") names the course repository, so that a learner copy
  opened in Colab installs nnlib from it: ``--repository``, else tools/repository.py (GITHUB_REPOSITORY or
  a GitHub ``origin``). Without one, the cell keeps its placeholder and says so if run on Colab.
* MyST dropdowns in Markdown cells (```{dropdown} Title ... ```, also with ```` or ::: fences) become HTML
  ``<details><summary>Title</summary> ... </details>``: JupyterLab does not read MyST, and would show a
  folded answer as an open block right under its question; ``<details>`` stays folded there too.
* Cells that held a solution lose the "solution" / "hide-input" tags and any "source hidden" flag,
  so the learner sees the stub instead of a folded cell.

A BEGIN without END, an END without BEGIN, or a BEGIN inside a block stops the run with an error that
names the notebook and the cell (its index and first line). The copies are built in a temporary folder
next to DEST, which replaces DEST only when every notebook went through: nothing is left half-done.

The markers are nbgrader's, so the source notebooks can also be used with nbgrader as they are.
"""

import copy
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from repository import github_repository  # noqa: E402

BEGIN = re.compile(r"^\s*(#+\s*)?BEGIN SOLUTION\b")
END = re.compile(r"^\s*(#+\s*)?END SOLUTION\b")
CODE_STUB = ["# YOUR CODE HERE", 'raise NotImplementedError("Exercise: write your solution here")']
MARKDOWN_STUB = ["YOUR ANSWER HERE"]
FOLDING_TAGS = {"solution", "hide-input"}
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "_build", ".jupyter_cache"}
SKIP_FILES = {"instructors.md"}
REPOSITORY_LINE = re.compile(r'^REPOSITORY = "[^"]*"', re.M)


class SolutionMarkerError(ValueError):
    """A solution marker is unclosed, unopened or nested."""


def strip_solutions(source, stub):
    """Return (new_source, number_of_blocks) with every solution block replaced by `stub` lines.

    Raises SolutionMarkerError (message without the notebook/cell, the caller adds those).
    """
    out, blocks, begin_line = [], 0, None
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN.match(line):
            if begin_line is not None:
                raise SolutionMarkerError(
                    f"BEGIN SOLUTION on line {number} is nested inside the block opened on line {begin_line}")
            begin_line = number
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in stub]
        elif END.match(line):
            if begin_line is None:
                raise SolutionMarkerError(f"END SOLUTION on line {number} has no BEGIN SOLUTION before it")
            begin_line, blocks = None, blocks + 1
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise SolutionMarkerError(f"BEGIN SOLUTION on line {begin_line} is never closed by END SOLUTION")
    return "\n".join(out), blocks


DROPDOWN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{dropdown\}[ \t]*(?P<title>.*)$")
OPTION = re.compile(r"^:[\w-]+:")


def dropdowns_to_details(source):
    """Turn every MyST dropdown of a Markdown source into an HTML <details> block (nested ones too)."""
    lines, out, i = source.splitlines(), [], 0
    while i < len(lines):
        m = DROPDOWN.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        fence, end = m.group("fence"), i + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        body = lines[i + 1:end]
        while body and OPTION.match(body[0]):
            body = body[1:]
        title = m.group("title").strip() or "Details"
        out += ["<details>", f"<summary>{title}</summary>", ""]
        out += dropdowns_to_details("\n".join(body)).splitlines() + ["", "</details>"]
        i = end + 1
    return "\n".join(out)


def learner_notebook(nb, name="notebook", repository=None):
    """Return a learner copy of the nbformat notebook `nb` (the argument is not changed).

    `repository` ("owner/name") is written into the Colab install cell."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for index, cell in enumerate(nb.cells):
        if repository and "colab-install" in cell.metadata.get("tags", []):
            cell.source = REPOSITORY_LINE.sub(f'REPOSITORY = "{repository}"', cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if cell.cell_type == "markdown":
            cell.source = dropdowns_to_details(cell.source)
        stub = CODE_STUB if cell.cell_type == "code" else MARKDOWN_STUB
        try:
            cell.source, blocks = strip_solutions(cell.source, stub)
        except SolutionMarkerError as err:
            first = cell.source.splitlines()[0] if cell.source.strip() else ""
            raise SolutionMarkerError(f"{name}, cell {index} (first line: {first!r}): {err}") from None
        if blocks:
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [t for t in tags if t not in FOLDING_TAGS]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)
    return nb


def make_student(src="book", dest="_build/student", repository=None):
    """Copy `src` to `dest`, turning every notebook into a learner copy. Returns the notebooks written.

    `repository` ("owner/name", default: tools/repository.py) goes into each Colab install cell."""
    repository = repository or github_repository()
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if not src.is_dir():
        raise FileNotFoundError(f"source folder {src} does not exist")
    files = [p for p in sorted(src.rglob("*")) if p.is_file() and dest != p and dest not in p.parents
             and p.name not in SKIP_FILES and not SKIP_DIRS & set(p.relative_to(src).parts)]
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the copy is meant to be shared
    written = []
    try:
        for path in files:
            rel = path.relative_to(src)
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":
                nb = nbformat.read(path, as_version=4)
                nbformat.write(learner_notebook(nb, str(path.relative_to(src.parent)), repository), target)
                written.append(target.relative_to(tmp))
            else:
                shutil.copy2(path, target)
        old = dest.with_name(tmp.name + "-old")
        if dest.exists():
            dest.rename(old)  # two renames: DEST is either the old or the new copy, never a mix
        tmp.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def add_missing(src="book", dest="my_notebooks", repository=None):
    """Write into `dest` the learner copies (and other files) that it does not have yet; keep every file that
    is already there, untouched. Returns (written, kept): paths relative to `dest`."""
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if not src.is_dir():
        raise FileNotFoundError(f"source folder {src} does not exist")
    repository = repository or github_repository()
    written, kept = [], []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if not path.is_file() or path.name in SKIP_FILES or SKIP_DIRS & set(rel.parts):
            continue
        target = dest / rel
        if target.exists():
            kept.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            nbformat.write(learner_notebook(nb, str(path.relative_to(src.parent)), repository), tmp)
        else:
            shutil.copy2(path, tmp)
        tmp.rename(target)
        written.append(rel)
    return written, kept


def main(argv):
    keep = "--keep" in argv
    argv = [a for a in argv if a != "--keep"]
    repository = None
    if "--repository" in argv:
        i = argv.index("--repository")
        if i + 1 >= len(argv) or not re.fullmatch(r"[\w.-]+/[\w.-]+", argv[i + 1]):
            print("make_student: error: --repository needs OWNER/NAME", file=sys.stderr)
            return 2
        repository, argv = argv[i + 1], argv[:i] + argv[i + 2:]
    if len(argv) > 2 or {"-h", "--help"} & set(argv):
        print(__doc__)
        return 2
    src = argv[0] if argv else "book"
    dest = argv[1] if len(argv) > 1 else "_build/student"
    try:
        if keep:
            written, kept = add_missing(src, dest, repository)
            print(f"make_student: {dest}: added {len(written)} file(s), kept {len(kept)} already there")
            return 0
        written = make_student(src, dest, repository)
    except (SolutionMarkerError, FileNotFoundError, ValueError) as err:
        print(f"make_student: error: {err}\nNothing was written to {dest}." if not keep else
              f"make_student: error: {err}", file=sys.stderr)
        return 1
    print(f"make_student: wrote {len(written)} learner notebook(s) to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
