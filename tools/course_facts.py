"""Facts about the chapters that the text must not contradict, computed from the notebooks themselves.

Per chapter (book/NN_*.ipynb): the explorers it displays, its number of exercises, and the reading and working
times that its first cell, book/intro.md and book/instructors.md state (formula in notes/SESSION2.md):

    R = 5 * ceil((markdown words / 180 + code lines / 12) / 5)      minutes to read
    W = 5 * ceil((10 * exercises + 5 * explorers) / 5)              minutes for the explorers and exercises

Usage (prints markdown to paste):
    python tools/course_facts.py                     # one summary table
    python tools/course_facts.py instructors         # the table of book/instructors.md
    python tools/course_facts.py intro [--keep book/intro.md]   # intro.md's rows, keeping its descriptions
    python tools/course_facts.py timelines           # each chapter's **Time:** line
    python tools/course_facts.py update              # rewrite the Time lines and instructors.md's table in place
"""
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import myst  # noqa: E402  (the fence rules the decks and learner copies follow)

BOOK = ROOT / "book"

TIME_PREFIX = "**Time:**"
BUILDER_CALL = re.compile(r"(?<![\w.])(?:widgets\.)?([a-z][a-z0-9_]*_(?:explorer|builder|challenge|tower))\s*\(")


def chapters(book=BOOK):
    """The chapter notebooks, in order: book/NN_*.ipynb."""
    return sorted(p for p in Path(book).glob("[0-9][0-9]_*.ipynb"))


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _split_markdown(text):
    """(prose lines, code lines) of one markdown cell, with tools/myst.py's fence rules: the body of a directive
    (a dropdown's answer, a note) is prose, the lines of a code block (```python, ```{code-cell}) are code, and
    a ````{dropdown} may hold ```python blocks."""
    lines, prose, code, i = text.splitlines(), [], [], 0
    while i < len(lines):
        fence = myst.FENCE.match(lines[i].strip())
        if not fence:
            prose.append(lines[i])
            i += 1
            continue
        end = myst.closing_fence(lines, i + 1, fence.group("fence"))
        body = lines[i + 1:end]
        directive = myst.DIRECTIVE.match(fence.group("info"))
        if directive and directive.group("name") not in myst.CODE_DIRECTIVES:
            inner_prose, inner_code = _split_markdown("\n".join(myst.directive_body(body)))
            prose += [directive.group("arg")] + inner_prose
            code += inner_code
        elif fence.group("fence")[0] == ":":          # a bare ::: block is prose too
            prose += body
        else:
            code += body
        i = end + 1
    return prose, code


def time_line(reading, working):
    """The exact line a chapter's first markdown cell carries."""
    return f"{TIME_PREFIX} about {reading} min to read, {working} min for the explorers and exercises."


def facts(path):
    """Facts of one chapter notebook: a dict (see the module docstring)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    words = code_lines = exercises = 0
    explorers = []
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            prose, fenced = _split_markdown(text)
            words += sum(len(line.split()) for line in prose if not line.strip().startswith(TIME_PREFIX))
            code_lines += sum(1 for line in fenced if line.strip())
        elif cell["cell_type"] == "code":
            if "remove-cell" in cell.get("metadata", {}).get("tags", []):
                continue
            code_lines += sum(1 for line in text.splitlines() if line.strip())
            if "### BEGIN SOLUTION" in text:
                exercises += 1
            for line in text.splitlines():
                if line.lstrip().startswith(("def ", "#", "from ", "import ")):
                    continue
                explorers += BUILDER_CALL.findall(line.split("#")[0])
    reading = 5 * math.ceil((words / 180 + code_lines / 12) / 5)
    working = 5 * math.ceil((10 * exercises + 5 * len(explorers)) / 5)
    title = next((_source(c).splitlines()[0].lstrip("# ").strip() for c in nb["cells"]
                  if c["cell_type"] == "markdown" and _source(c).strip()), Path(path).stem)
    return {"name": Path(path).stem, "title": title, "words": words, "code_lines": code_lines,
            "exercises": exercises, "explorers": explorers, "reading": reading, "working": working}


def all_facts(book=BOOK):
    return [facts(p) for p in chapters(book)]


def _explorer_cell(f):
    return ", ".join(f"`{name}`" for name in f["explorers"]) or "none"


def instructors_table(book=BOOK):
    """The "Timing at a glance" table of book/instructors.md."""
    rows = ["| Chapter | Explorers | Exercises | Reading | Explorers and exercises |",
            "| --- | --- | --- | --- | --- |"]
    for f in all_facts(book):
        rows.append(f"| {{doc}}`{f['name']}` | {_explorer_cell(f)} | {f['exercises']} | {f['reading']} min | "
                    f"{f['working']} min |")
    return "\n".join(rows)


def intro_table(book=BOOK, keep=None):
    """intro.md's "Order and time" table; ``keep`` (a path) supplies the existing "What you will do" texts."""
    said = {}
    if keep:
        for row in parse_table(Path(keep).read_text(encoding="utf-8")):
            name = chapter_name(row[0])
            if name and len(row) >= 2:
                said[name] = row[1]
    rows = ["| Chapter | What you will do | Reading | Explorers and exercises |", "|---|---|---|---|"]
    for f in all_facts(book):
        rows.append(f"| {{doc}}`{f['name']}` | {said.get(f['name'], f['title'])} | {f['reading']} min | "
                    f"{f['working']} min |")
    return "\n".join(rows)


def parse_table(markdown):
    """Every row of every pipe table in ``markdown``, as a list of stripped cells (separator rows left out)."""
    rows = []
    for line in markdown.splitlines():
        line = line.strip()
        if not (line.startswith("|") and line.endswith("|")):
            continue
        cells = [c.strip() for c in line[1:-1].split("|")]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows


def chapter_name(cell):
    """"08_backprop" from a table cell holding {doc}`08_backprop` (or None)."""
    m = re.search(r"\{doc\}`(\d\d_[A-Za-z0-9_]+)`", cell)
    return m.group(1) if m else None


def update(book=BOOK):
    """Rewrite, in place, each chapter's `**Time:**` line and the table between instructors.md's markers.
    Returns the names of the files changed. Notebooks keep their layout (indent 1, UTF-8, trailing newline)."""
    changed = []
    for path in chapters(book):
        nb = json.loads(path.read_text(encoding="utf-8"))
        f = facts(path)
        first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        text = _source(first)
        new = re.sub(r"^\*\*Time:\*\*.*$", time_line(f["reading"], f["working"]), text, flags=re.M)
        if new != text:
            lines = new.splitlines(keepends=True)
            first["source"] = lines
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(path.name)
    guide = Path(book) / "instructors.md"
    text = guide.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- course-facts:begin -->\n).*?(\n<!-- course-facts:end -->)",
                 lambda m: m.group(1) + instructors_table(book) + m.group(2), text, flags=re.S)
    if new != text:
        guide.write_text(new, encoding="utf-8")
        changed.append(guide.name)
    return changed


def main(argv):
    what = argv[1] if len(argv) > 1 else "summary"
    if what == "instructors":
        print(instructors_table())
    elif what == "intro":
        keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
        print(intro_table(keep=keep))
    elif what == "timelines":
        for f in all_facts():
            print(f"{f['name']}: {time_line(f['reading'], f['working'])}")
    elif what == "update":
        changed = update()
        print("updated: " + (", ".join(changed) if changed else "nothing, all agree"))
    elif what == "summary":
        print("| chapter | words | code lines | exercises | explorers | R | W |")
        print("|---|---|---|---|---|---|---|")
        for f in all_facts():
            print(f"| {f['name']} | {f['words']} | {f['code_lines']} | {f['exercises']} | {_explorer_cell(f)} | "
                  f"{f['reading']} | {f['working']} |")
    else:
        raise SystemExit(f"unknown command {what!r}; expected summary, instructors, intro, timelines or update")


if __name__ == "__main__":
    main(sys.argv)
