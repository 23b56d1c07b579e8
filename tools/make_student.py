"""Write learner copies of the course notebooks: nbgrader's release versions, readable without MyST.

Usage:
    python tools/make_student.py [SRC] [DEST] [--repository OWNER/NAME]   # defaults: book _build/student
    python tools/make_student.py --keep SRC DEST     # add what DEST lacks; never touch a file already there
    make student                                     # the first form, after setting up .venv
    make lab                                         # the --keep form into my_notebooks/, then JupyterLab

--keep is how `make lab` gives a learner their copies: a notebook the learner has already worked on is never
replaced (a new chapter is added beside it), so running `make lab` again loses nothing.

Every file under SRC is copied to DEST with the same folder layout, so DEST is a working folder
(Markdown pages, images and data come along unchanged), except the instructor's guide, which holds
the answers to the questions for the room. Each notebook goes through two steps:

1. nbgrader's own release step (``nbgrader generate_assignment``: ClearSolutions, ClearOutput, LockCells,
   checksums), run in a temporary course folder whose ``source/`` holds copies made on the fly. This is the
   same step an instructor runs with the repository's nbgrader_config.py, with the same stubs
   (``CODE_STUB``, ``TEXT_STUB``): a ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block becomes
   ``# YOUR CODE HERE`` + ``raise NotImplementedError("Exercise: write your solution here")`` at the
   block's indentation, a Markdown one ``YOUR ANSWER HERE``. A chapter that does not carry nbgrader
   metadata yet gets it in memory first (tools/nbgrader_meta.py, the rule the chapters follow), so the
   result is the same before and after the metadata is written into the chapters.
2. What nbgrader does not do, for plain JupyterLab, Colab and VS Code, which do not read MyST:
   * MyST becomes plain Markdown (tools/myst.py, the converter the slide decks use too). Dropdowns
     (```{dropdown} Title ... ```, also with ```` or ::: fences) become HTML
     ``<details><summary>Title</summary> ... </details>``, so a folded answer stays folded;
     admonitions (```{note}``, ```{tip}``, ...) become block quotes with a bold title, ```{math}`` a
     ``$$`` block; other directives keep their body.
   * Roles become plain Markdown: {term}`weight` and {term}`weights <weight>` the plain word, linked to
     the site's glossary when the site is known (``https://OWNER.github.io/NAME/``, from the repository);
     {doc}`02_firing` a relative link [the chapter's title](02_firing.ipynb); {math}`x` $x$; any other role
     its text. Target lines such as ``(ch11-conv)=`` are dropped.
   * The Colab install cell (tagged "colab-install") names the course repository: ``--repository``, else
     tools/repository.py (GITHUB_REPOSITORY or a GitHub ``origin``).
   * The saved widget state, execution timings, and the folding tags ("solution", "hide-input", "source
     hidden") of answer cells go, so the learner sees the stub rather than a folded cell.
   nbgrader's checksums are recomputed where a cell changed, so the copies can be collected and autograded.

A BEGIN without END, an END without BEGIN, or a BEGIN inside a block stops the run with an error that
names the notebook and the cell (its index and first line). The copies are built in a temporary folder
next to DEST, which replaces DEST only when every notebook went through: nothing is left half-done.
"""

import copy
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import myst  # noqa: E402
import nbgrader_meta  # noqa: E402
from repository import github_repository  # noqa: E402

CODE_STUB = '# YOUR CODE HERE\nraise NotImplementedError("Exercise: write your solution here")'
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"  # nbgrader's rule: a line that contains the words
FOLDING_TAGS = {"solution", "hide-input"}
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "_build", ".jupyter_cache"}
SKIP_FILES = {"instructors.md"}
REPOSITORY_LINE = re.compile(r'^REPOSITORY = "[^"]*"', re.M)


class SolutionMarkerError(ValueError):
    """A solution marker is unclosed, unopened or nested."""


def check_markers(source):
    """Raise SolutionMarkerError (without notebook/cell: the caller adds those) if the blocks do not pair up."""
    begin_line = None
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN in line:
            if begin_line is not None:
                raise SolutionMarkerError(
                    f"BEGIN SOLUTION on line {number} is nested inside the block opened on line {begin_line}")
            begin_line = number
        elif END in line:
            if begin_line is None:
                raise SolutionMarkerError(f"END SOLUTION on line {number} has no BEGIN SOLUTION before it")
            begin_line = None
    if begin_line is not None:
        raise SolutionMarkerError(f"BEGIN SOLUTION on line {begin_line} is never closed by END SOLUTION")


def nbgrader_config(course_root):
    """The traitlets Config of a course in `course_root` that releases with the course's stubs."""
    from traitlets.config import Config
    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.ClearSolutions.code_stub = {"python": CODE_STUB}
    config.ClearSolutions.text_stub = TEXT_STUB
    return config


def link_sources(book, course_root):
    """nbgrader wants ``source/<assignment>/<notebook>.ipynb``: make one assignment per chapter of `book`,
    named after it, whose notebook is a symbolic link to the chapter (one source of truth, no copies).
    Returns the assignment names. Links that exist already are kept; a stale one is replaced."""
    book, source = Path(book).resolve(), Path(course_root) / "source"
    names = []
    for chapter in sorted(book.glob("*.ipynb")):
        folder = source / chapter.stem
        folder.mkdir(parents=True, exist_ok=True)
        link = folder / chapter.name
        target = os.path.relpath(chapter, folder)
        if link.is_symlink() and os.readlink(link) == target:
            names.append(chapter.stem)
            continue
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
        names.append(chapter.stem)
    return names


def nbgrader_release(notebooks):
    """Run nbgrader's release step on [(name, nbformat notebook)]; return the released notebooks, in order.

    The notebooks are not changed. Raises SolutionMarkerError naming the notebook and cell for bad markers."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log
    prepared = []
    for name, nb in notebooks:
        nb = copy.deepcopy(nb)
        for index, cell in enumerate(nb.cells):
            try:
                check_markers(cell.source)
            except SolutionMarkerError as err:
                first = cell.source.splitlines()[0] if cell.source.strip() else ""
                raise SolutionMarkerError(f"{name}, cell {index} (first line: {first!r}): {err}") from None
        nbgrader_meta.apply(nb, Path(name).name, strict=False)
        prepared.append(nb)
    with tempfile.TemporaryDirectory(prefix="nbgrader-release-") as tmp:
        source = Path(tmp) / "source" / "learner"
        source.mkdir(parents=True)
        for i, nb in enumerate(prepared):
            nbformat.write(nb, source / f"n{i:04d}.ipynb")
        config = nbgrader_config(tmp)
        config.GenerateAssignment.no_database = True  # a learner copy needs no gradebook (nbgrader --no-db)
        config.SaveCells.enabled = False
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = "learner"
        app = GenerateAssignment(coursedir=coursedir, config=config)
        app.force = True
        app.log.setLevel(logging.ERROR)
        result = capture_log(app)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{result.get('log', '')}\n"
                               f"{result.get('error', '')}")
        release = Path(tmp) / "release" / "learner"
        return [nbformat.read(release / f"n{i:04d}.ipynb", as_version=4) for i in range(len(prepared))]


# --------------------------------------------------------------------------- MyST -> plain Markdown

def quoted_admonition(name, arg, body):
    """```{note} (tip, warning, ...) as a block quote under a bold title: "Note", "Note: <argument>"."""
    title = arg if name == "admonition" else (f"{name.capitalize()}: {arg}" if arg else name.capitalize())
    return [f"> **{title}**", ">"] + [f"> {line}".rstrip() for line in body]


def _title(path):
    """The first '# ' heading of a notebook or Markdown page, or None."""
    try:
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    return myst.first_heading(text)


class Links:
    """Where MyST roles point in a learner copy: the glossary terms and pages of SRC, and the site's URL."""

    def __init__(self, src=None, repository=None):
        self.src = Path(src) if src else None
        self.site = None
        if repository and "/" in repository:
            owner, name = repository.split("/", 1)
            self.site = f"https://{owner.lower()}.github.io/{name}/"
        self.terms = {}
        glossary = self.src / "glossary.md" if self.src else None
        if glossary and glossary.is_file():
            self.terms = glossary_terms(glossary.read_text(encoding="utf-8"))

    def term(self, text, target):
        """{term}`target` or {term}`text <target>`: the words, linked to the site's glossary when it is known."""
        anchor = self.terms.get(target.lower())
        if self.site and anchor:
            return f"[{text or target}]({self.site}book/glossary.html#{anchor})"
        return text or target

    def doc(self, text, target, here):
        """A relative link from the notebook `here` (relative to SRC) to the page `target`."""
        if self.src is None:
            return text or target
        folder = (self.src / here).parent
        for suffix in (".ipynb", ".md"):
            page = (folder / (target + suffix)).resolve()
            if page.is_file() and page.name not in SKIP_FILES:
                title = text or _title(page) or target
                return f"[{title}]({os.path.relpath(page, folder)})"
        return text or target


def glossary_terms(text):
    """{lower-case term: its anchor on the site} from the ```{glossary} block of a MyST glossary page."""
    terms, inside = {}, False
    for line in text.splitlines():
        if re.match(r"^(`{3,}|:{3,})\{glossary\}", line):
            inside = True
        elif inside and re.match(r"^(`{3,}|:{3,})\s*$", line):
            inside = False
        elif inside and line.strip() and not line[0].isspace() and not myst.OPTION.match(line):
            term = line.strip()
            anchor = "term-" + "-".join(re.findall(r"[A-Za-z0-9_]+", term))
            terms[term.lower()] = anchor
    return terms


def plain_markdown(source, links=None, here="notebook.ipynb"):
    """A MyST Markdown cell as Markdown that plain JupyterLab, Colab and VS Code show as meant (tools/myst.py):
    admonitions as block quotes, {doc} as links to the pages beside the notebook `here`, {term} to the glossary."""
    links = links or Links()
    render = myst.Renderers(doc=lambda text, target: links.doc(text, target, here), term=links.term,
                            admonition=quoted_admonition)
    return myst.to_markdown(source, render)


# --------------------------------------------------------------------------- learner copies

def finish(nb, here="notebook.ipynb", repository=None, links=None):
    """What nbgrader's release does not do (step 2 of the module docstring); changes `nb` in place."""
    from nbgrader.utils import compute_checksum
    links = links or Links(repository=repository)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if repository and "colab-install" in cell.metadata.get("tags", []):
            cell.source = REPOSITORY_LINE.sub(f'REPOSITORY = "{repository}"', cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, links, here)
        grader = cell.metadata.get("nbgrader", {})
        if grader.get("solution"):
            tags = [t for t in cell.metadata.get("tags", []) if t not in FOLDING_TAGS]
            cell.metadata.pop("tags", None)
            if tags:
                cell.metadata["tags"] = tags
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)
        if "checksum" in grader:
            grader["checksum"] = compute_checksum(cell)
    return nb


def learner_notebooks(items, repository=None, src=None):
    """[(name relative to SRC, notebook)] -> their learner copies (the arguments are not changed)."""
    links = Links(src, repository)
    released = nbgrader_release(items)
    return [finish(nb, name, repository, links) for (name, _), nb in zip(items, released)]


def learner_notebook(nb, name="notebook", repository=None, src=None):
    """Return a learner copy of the nbformat notebook `nb` (the argument is not changed).

    `repository` ("owner/name") is written into the Colab install cell; `src`, the folder `name` is
    relative to, lets {doc} roles become links to its pages and {term} roles links to its glossary."""
    return learner_notebooks([(name, nb)], repository, src)[0]


def _files(src, dest=None):
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if not path.is_file() or path.name in SKIP_FILES or SKIP_DIRS & set(rel.parts):
            continue
        if dest is not None and (dest == path or dest in path.parents):
            continue
        yield path, rel


def _read(src, paths):
    return [(str(rel), nbformat.read(src / rel, as_version=4)) for rel in paths]


def make_student(src="book", dest="_build/student", repository=None):
    """Copy `src` to `dest`, turning every notebook into a learner copy. Returns the notebooks written.

    `repository` ("owner/name", default: tools/repository.py) goes into each Colab install cell."""
    repository = repository or github_repository()
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if not src.is_dir():
        raise FileNotFoundError(f"source folder {src} does not exist")
    files = list(_files(src, dest))
    notebooks = [rel for path, rel in files if path.suffix == ".ipynb"]
    copies = dict(zip(notebooks, learner_notebooks(_read(src, notebooks), repository, src)))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the copy is meant to be shared
    try:
        for path, rel in files:
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in copies:
                nbformat.write(copies[rel], target)
            else:
                shutil.copy2(path, target)
        old = dest.with_name(tmp.name + "-old")
        if dest.exists():
            dest.rename(old)  # two renames: DEST is either the old or the new copy, never a mix
        tmp.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return notebooks


def add_missing(src="book", dest="my_notebooks", repository=None):
    """Write into `dest` the learner copies (and other files) that it does not have yet; keep every file that
    is already there, untouched. Returns (written, kept): paths relative to `dest`."""
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if not src.is_dir():
        raise FileNotFoundError(f"source folder {src} does not exist")
    repository = repository or github_repository()
    files = list(_files(src))
    kept = [rel for _, rel in files if (dest / rel).exists()]
    missing = [(path, rel) for path, rel in files if not (dest / rel).exists()]
    notebooks = [rel for path, rel in missing if path.suffix == ".ipynb"]
    copies = dict(zip(notebooks, learner_notebooks(_read(src, notebooks), repository, src))) if notebooks else {}
    written = []
    for path, rel in missing:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        if rel in copies:
            nbformat.write(copies[rel], tmp)
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
    except (SolutionMarkerError, FileNotFoundError, ValueError, RuntimeError) as err:
        print(f"make_student: error: {err}\nNothing was written to {dest}." if not keep else
              f"make_student: error: {err}", file=sys.stderr)
        return 1
    print(f"make_student: wrote {len(written)} learner notebook(s) to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
