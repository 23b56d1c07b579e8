"""Tell a student when a pull kept their version of a cell the instructor has changed since.

nbgitpuller merges the instructor's new version of the learner branch into a student's copy with git's
``-Xours``: where the student and the instructor changed the same lines, the student's lines win and the
instructor's change is lost for that student, without a word. This module finds those places after each pull
and says so where the student works:

* in the notebook itself: a Markdown cell, inserted just above each such cell, says that the instructor changed
  the cell below after the student had edited it, and shows the instructor's new version (nothing of the
  student's is changed or lost; the note is an ordinary cell the student can delete);
* in nbgitpuller's progress log of that pull, one line per cell, and in the server's log.

It is a Jupyter server extension (``course_pull``), loaded in every student's server by
tools/hub/jupyterhub_config.py: it wraps nbgitpuller's ``GitPuller.pull``. ``collisions(repo_dir)`` is the check
on its own (it reads the last merge in the student's repository), usable from a terminal:
``python tools/hub/course_pull.py ~/course``.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NOTE_KEY = "course_pull"   # metadata of the note cells, so one collision gets one note


@dataclass
class Collision:
    path: str          # relative to the repository, e.g. book/01_neuron.ipynb
    cell: int | None   # index of the student's cell in the merged notebook (None: not a notebook)
    cell_id: str | None
    first_line: str
    instructor_source: str
    cell_type: str = "code"

    def message(self) -> str:
        if self.cell is None:
            return (f"{self.path}: you and the instructor both changed this file; your lines were kept where "
                    "they overlapped, and the instructor's version of those lines is not in your copy.")
        return (f"{self.path}, the cell starting {self.first_line!r}: the instructor changed this cell after you "
                "had edited it. Your version was kept; the instructor's new version is in a note just above it.")


def _git(repo, *args) -> str:
    return subprocess.run(["git", "-c", "safe.directory=*", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def _show(repo, commit, path):
    try:
        return _git(repo, "show", f"{commit}:{path}")
    except subprocess.CalledProcessError:
        return None


def _cells(text):
    """{key: (index, source)} of a notebook's JSON text; key = cell id (nbformat 4.5) or position."""
    try:
        nb = json.loads(text)
    except (TypeError, ValueError):
        return None
    out = {}
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("metadata", {}).get(NOTE_KEY):
            continue
        src = cell.get("source", "")
        out[cell.get("id") or f"#{i}"] = (i, "".join(src) if isinstance(src, list) else src,
                                          cell.get("cell_type", "code"))
    return out


def collisions(repo_dir, merge: str = "HEAD") -> list[Collision]:
    """Places where the merge commit ``merge`` kept the student's version over a newer instructor's version.

    The merge's first parent is the student's work, its second the instructor's branch; their merge base is the
    version both started from. A cell counts when the instructor changed it (base -> instructor), the student
    changed it too (base -> student), and the merged notebook does not hold the instructor's version."""
    repo = Path(repo_dir)
    parents = _git(repo, "rev-list", "--parents", "-n", "1", merge).split()[1:]
    if len(parents) != 2:
        return []   # a fast-forward (no local changes) or no merge: nothing can have been overridden
    mine, theirs = parents
    base = _git(repo, "merge-base", mine, theirs).strip()

    def changed(a, b):
        return set(_git(repo, "diff", "--name-only", a, b).split("\n")) - {""}

    found = []
    for path in sorted(changed(base, theirs) & changed(base, mine)):
        merged_text = _show(repo, merge, path)
        if merged_text == _show(repo, theirs, path):
            continue
        if not path.endswith(".ipynb"):
            found.append(Collision(path, None, None, "", _show(repo, theirs, path) or ""))
            continue
        base_c, mine_c, theirs_c, merged_c = (_cells(_show(repo, ref, path)) for ref in (base, mine, theirs, merge))
        if merged_c is None:
            found.append(Collision(path, None, None, "(the merged notebook is not valid JSON)",
                                   _show(repo, theirs, path) or ""))
            continue
        for key, (_, src_theirs, kind) in theirs_c.items():
            if key not in base_c or key not in mine_c or key not in merged_c:
                continue
            src_base, src_mine = base_c[key][1], mine_c[key][1]
            index, src_merged, _ = merged_c[key]
            if src_theirs != src_base and src_mine != src_base and src_merged != src_theirs:
                first = next((line for line in src_merged.splitlines() if line.strip()), "")[:60]
                found.append(Collision(path, index, None if key.startswith("#") else key, first, src_theirs, kind))
    return found


def note_source(c: Collision) -> str:
    fence = "````" if "```" in c.instructor_source else "```"
    return ("**The instructor changed the cell below after you had edited it.** Your version is kept below, "
            "unchanged. The instructor's new version is this one; compare, and copy what you need:\n\n"
            f"{fence}{'python' if c.cell_type == 'code' else 'text'}\n{c.instructor_source}\n{fence}")


def annotate(repo_dir, found: list[Collision]) -> None:
    """Insert a note above every collided cell of the student's notebooks (once per cell and version)."""
    import nbformat

    by_path = {}
    for c in found:
        if c.cell is not None:
            by_path.setdefault(c.path, []).append(c)
    for path, items in by_path.items():
        target = Path(repo_dir) / path
        nb = nbformat.read(target, as_version=4)
        for c in sorted(items, key=lambda c: c.cell, reverse=True):   # from the end: indices stay valid
            mark = {"cell": c.cell_id or c.cell, "instructor_source": c.instructor_source}
            if any(cell.metadata.get(NOTE_KEY) == mark for cell in nb.cells):
                continue
            note = nbformat.v4.new_markdown_cell(note_source(c), metadata={NOTE_KEY: mark,
                                                                           "tags": ["instructor-update"]})
            index = next((i for i, cell in enumerate(nb.cells) if c.cell_id and cell.get("id") == c.cell_id),
                         c.cell)
            nb.cells.insert(index, note)
        nbformat.write(nb, target)


def report_after_pull(repo_dir, head_before: str | None):
    """Lines for nbgitpuller's log after a pull that moved HEAD from ``head_before``; annotates the notebooks."""
    if head_before is None:
        return []
    head = _git(repo_dir, "rev-parse", "HEAD").strip()
    if head == head_before:
        return []
    found = collisions(repo_dir)
    annotate(repo_dir, found)
    return [f"Kept your version: {c.message()}" for c in found]


# ------------------------------------------------------------------------------------- server extension
def _jupyter_server_extension_points():
    return [{"module": "course_pull"}]


def checked_puller(log=None):
    """nbgitpuller's GitPuller, with the report of ``report_after_pull`` added to the end of every pull."""
    from nbgitpuller.pull import GitPuller

    class CheckedGitPuller(GitPuller):
        def pull(self):
            try:
                before = _git(self.repo_dir, "rev-parse", "HEAD").strip() if Path(self.repo_dir, ".git").exists() \
                    else None
            except subprocess.CalledProcessError:
                before = None
            yield from super().pull()
            try:
                lines = report_after_pull(self.repo_dir, before)
            except Exception as err:   # the pull itself worked; say the check did not, and why
                lines = [f"course_pull: could not compare your copy with the instructor's changes: {err}"]
            for line in lines:
                if log is not None:
                    log.warning("course_pull: %s", line)
                yield line

    return CheckedGitPuller


def _load_jupyter_server_extension(server_app):
    import nbgitpuller.handlers as handlers

    handlers.GitPuller = checked_puller(server_app.log)
    server_app.log.info("course_pull: nbgitpuller pulls report cells where the student's version was kept")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python course_pull.py REPOSITORY_FOLDER   (e.g. ~/course)")
    result = collisions(sys.argv[1])
    for c in result:
        print(c.message())
    print(f"{len(result)} place(s) where your version was kept over the instructor's newer one")
