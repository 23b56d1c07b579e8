"""Write (or check) the nbgrader cell metadata of the chapters, so each chapter is an nbgrader source notebook.

Usage:
    python tools/nbgrader_meta.py book/*.ipynb            # write the metadata where it is missing or stale
    python tools/nbgrader_meta.py --check book/*.ipynb    # change nothing; exit 1 naming every cell to fix

The rule (DESIGN.md, "An exercise, for the learner and for the instructor"):

* A code cell holding a ``### BEGIN SOLUTION`` block is an nbgrader solution cell (not graded itself:
  ``solution: true, grade: false``).
* The cell right after it must call a check (``check.name(...)``); it becomes a locked, autograded test cell
  with points: one point per check it calls (a cell that checks ``sigmoid`` and ``sigmoid_derivative`` is
  worth 2). In a grading run a failing check raises (nnlib.checks), so the cell loses its points.
* A Markdown cell holding a solution block is a manually graded written answer (``solution: true,
  grade: true``, 1 point): the learner writes in it, the instructor reads and marks it in formgrader.
* Any other cell carrying nbgrader metadata loses it (an exercise that was removed or moved).

Grade ids are unique in the notebook and stable: ``chNN_<name>`` for the answer and ``chNN_<name>_check``
for its test, where ``name`` is the first function the answer cell defines, else the first variable it
assigns (``ch01_w_focus``). An id already present is kept, and so are the points of a test cell already
marked, so an instructor's change survives. Running the tool twice changes nothing the second time.
"""

import ast
import re
import sys
from pathlib import Path

import nbformat

SCHEMA = 3
BEGIN = "BEGIN SOLUTION"
CHECK_CALL = re.compile(r"\bcheck\.(\w+)\s*\(")
ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:,|=(?!=)|:)", re.M)


class MetadataError(ValueError):
    """An exercise cannot be marked (no check after it), or its metadata is missing or wrong."""


def chapter_prefix(name):
    """'04_networks.ipynb' -> 'ch04'; a name without a leading number -> its stem."""
    stem = Path(name).stem
    m = re.match(r"(\d+)", stem)
    return f"ch{int(m.group(1)):02d}" if m else re.sub(r"\W+", "_", stem)


def exercise_name(source):
    """The first function a cell defines, else the first variable it assigns, else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    if tree is not None:
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                return node.name
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            return sub.id
    m = re.search(r"^\s*def\s+(\w+)", source, re.M) or ASSIGN.search(source)
    return m.group(1) if m else None


def has_solution(cell):
    return any(BEGIN in line for line in cell.source.splitlines())


def first_line(cell):
    return next((line for line in cell.source.splitlines() if line.strip()), "")


def wanted_metadata(nb, name, strict=True):
    """Return {cell index: nbgrader metadata} for every cell nbgrader must know, from the notebook's content.

    Existing grade ids (and test points) are kept. Raises MetadataError naming the cell when a solution cell
    is not followed by a check cell; with ``strict=False`` such a cell is marked as a solution cell alone
    (tools/make_student.py, which must make a learner copy of any notebook with solution blocks)."""
    prefix, wanted, used = chapter_prefix(name), {}, set()
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid:
            used.add(gid)

    def fresh(base):
        gid, n = base, 2
        while gid in used:
            gid, n = f"{base}_{n}", n + 1
        used.add(gid)
        return gid

    answers = 0
    for index, cell in enumerate(nb.cells):
        if not has_solution(cell):
            continue
        old = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            answers += 1
            gid = old.get("grade_id") or fresh(f"{prefix}_answer_{answers}")
            wanted[index] = dict(grade=True, grade_id=gid, locked=False, points=old.get("points", 1),
                                 schema_version=SCHEMA, solution=True, task=False)
            continue
        if cell.cell_type != "code":
            continue
        gid = old.get("grade_id") or fresh(f"{prefix}_{exercise_name(cell.source) or f'exercise_{index}'}")
        wanted[index] = dict(grade=False, grade_id=gid, locked=False, schema_version=SCHEMA, solution=True,
                             task=False)
        nxt = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        checks = CHECK_CALL.findall(nxt.source) if nxt is not None and nxt.cell_type == "code" else []
        if (not checks or has_solution(nxt)) and not strict:
            continue
        if not checks or has_solution(nxt):
            raise MetadataError(
                f"{name}, cell {index} (first line: {first_line(cell)!r}) holds a solution, but the next cell "
                f"{'does not exist' if nxt is None else repr(first_line(nxt))} is not a check cell: follow "
                "every exercise with a cell that calls check.<name>(...)")
        test_old = nxt.metadata.get("nbgrader", {})
        test_gid = test_old.get("grade_id") or fresh(f"{gid}_check")
        points = test_old.get("points") if test_old.get("grade") and test_old.get("points") else len(checks)
        wanted[index + 1] = dict(grade=True, grade_id=test_gid, locked=True, points=points,
                                 schema_version=SCHEMA, solution=False, task=False)
    return wanted


def problems(nb, name):
    """Every cell whose nbgrader metadata differs from what it should be, as readable lines."""
    try:
        wanted = wanted_metadata(nb, name)
    except MetadataError as err:
        return [str(err)]
    out = []
    for index, cell in enumerate(nb.cells):
        have, want = cell.metadata.get("nbgrader"), wanted.get(index)
        if have == want:
            continue
        where = f"{name}, cell {index} (first line: {first_line(cell)!r})"
        if want is None:
            out.append(f"{where}: carries nbgrader metadata but is no exercise and no check; remove it")
        elif have is None:
            kind = ("solution cell" if want["solution"] and not want["grade"] else
                    "test cell" if want["grade"] and not want["solution"] else "manually graded answer")
            out.append(f"{where}: has no nbgrader metadata; it should be an nbgrader {kind} "
                       f"(grade id {want['grade_id']!r})")
        else:
            diff = sorted(k for k in set(have) | set(want) if have.get(k) != want.get(k))
            out.append(f"{where}: nbgrader metadata differs in {', '.join(diff)}: has "
                       f"{ {k: have.get(k) for k in diff} }, expected { {k: want.get(k) for k in diff} }")
    return out


def apply(nb, name, strict=True):
    """Write the metadata into `nb` (in place). Returns the number of cells changed."""
    wanted, changed = wanted_metadata(nb, name, strict), 0
    for index, cell in enumerate(nb.cells):
        want = wanted.get(index)
        if cell.metadata.get("nbgrader") == want:
            continue
        if want is None:
            del cell.metadata["nbgrader"]
        else:
            cell.metadata["nbgrader"] = want
        changed += 1
    return changed


def main(argv):
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    if not paths or any(a.startswith("-") and a != "--check" for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"nbgrader_meta: error: expected a notebook file (.ipynb), got {path}", file=sys.stderr)
            failed = True
            continue
        nb = nbformat.read(path, as_version=4)
        found = problems(nb, path.name)
        if check:
            for line in found:
                print(f"nbgrader_meta: {path.parent}/{line}", file=sys.stderr)
            failed |= bool(found)
            continue
        try:
            changed = apply(nb, path.name)
        except MetadataError as err:
            print(f"nbgrader_meta: error: {err}", file=sys.stderr)
            failed = True
            continue
        if changed:
            nbformat.write(nb, path)
        print(f"nbgrader_meta: {path}: {changed} cell(s) changed")
    if check and not failed:
        print(f"nbgrader_meta: {len(paths)} notebook(s) carry complete nbgrader metadata")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
