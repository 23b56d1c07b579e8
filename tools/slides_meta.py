"""Which part of a chapter goes on which slide: the rules behind tools/slides.py.

A chapter's Markdown cells are long (a heading, its explanation, sometimes a figure caption and the next
heading in one cell), so the rules first cut every Markdown cell into *segments*: a cut before every heading,
before the "**Predict, then move the slider.**" prompt and the "**Learning goals.**" paragraph, around every
MyST dropdown and after a "*Figure: ...*" caption. Each segment and each code cell gets a *kind*
(``title``, ``section``, ``prompt``, ``answers``, ``explorer``, ``figure``, ``solution``, ``check`` ...) and
from the kinds, in order, a reveal.js slide type (``slide``, ``subslide``, ``fragment``, ``-``, ``notes``,
``skip``):

- the chapter title is the title slide, its learning goals the slide below it;
- every ``##`` section starts a slide, every ``###`` heading (an exercise, a challenge) a sub-slide;
- a demo's lead-in text and its code share a slide; text that follows code (what the output shows) starts
  a new sub-slide unless it is a short remark on printed output; every figure starts a sub-slide (its
  caption becomes a speaker note: the image's alt text says what it shows);
- the prompt starts a sub-slide and the explorer sits on the same slide, so the room reads the questions
  while the sliders move; the answers (a MyST dropdown) are the next fragment;
- a slide that would hold only a heading (and a line), or only a lead-in ending in ':', takes the next piece
  (an exercise, a prompt and its explorer, a figure) onto the same slide;
- the Colab install cell, the imports, exercise answer cells and check cells are skipped.

The static deck (tools/slides.py ``build``) uses the segments as cells. A notebook in JupyterLab (RISE)
shows whole cells, so ``meta`` writes one type per cell: the strongest of its segments (slide before
subslide), a cell of captions only becomes notes.

``OVERRIDES`` holds the few places where the rules choose badly, per chapter: a segment whose text starts
with the key gets the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from myst import FENCE, LABEL, closes  # the MyST fence and label rules, shared with the converter

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
PROMPT = "**Predict, then move the slider.**"
PROMPT_RE = re.compile(r"^\*\*Predict, then move the sliders?\.?\*\*")
GOALS = "**Learning goals.**"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
DROPDOWN = re.compile(r"^\{dropdown\}\s*(?P<title>.*)$")
CHECK_CALL = re.compile(r"^(if\s+)?(not\s+)?check\.\w+\(", re.M)
# an explorer builder called in a code cell (nnlib.widgets): neuron_explorer(...), widgets.bump_tower(...)
EXPLORER_CALL = re.compile(r"^(?!\s*(from|import)\b).*?\b(\w+_explorer|bump_builder|bump_challenge|bump_tower)\(",
                           re.M)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SHORT = 400   # characters: a remark this short after a demo's printed output shares the demo's slide

# chapter stem -> {start of a segment's text: slide type}; only where the rules choose badly
OVERRIDES: dict[str, dict[str, str]] = {}


@dataclass
class Segment:
    """One slide-sized piece of a chapter: a whole code cell, or a part of a Markdown cell."""

    cell: int                 # index of the cell in the notebook
    cell_type: str            # "markdown" or "code"
    source: str
    kind: str
    slide_type: str = "-"
    extra: dict = field(default_factory=dict)   # e.g. {"explorer": "neuron_explorer"}


# ------------------------------------------------------------------------------------------ segments
def split_markdown(source: str) -> list[str]:
    """Cut a Markdown source into segments (see the module docstring); fenced blocks are never cut.

    Fences follow CommonMark: a fence closes at a bare fence of the same character, at least as long
    (so a ````{dropdown} holds ```python blocks).
    """
    pieces: list[list[str]] = [[]]
    open_fence: str | None = None
    is_dropdown = caption = False

    def cut():
        if any(s.strip() for s in pieces[-1]):
            pieces.append([])

    lines = source.splitlines()
    for n, line in enumerate(lines):
        stripped = line.strip()
        fence = FENCE.match(stripped)
        if open_fence is not None:
            pieces[-1].append(line)
            if closes(line, open_fence):
                open_fence = None
                if is_dropdown:
                    is_dropdown = False
                    cut()
            continue
        if caption and not stripped:
            caption = False
            cut()
        if fence:
            is_dropdown = bool(DROPDOWN.match(fence.group("info")))
            if is_dropdown:
                cut()
            open_fence = fence.group("fence")
        elif LABEL.match(stripped):
            cut()
        elif HEADING.match(stripped):
            if not (pieces[-1] and LABEL.match(pieces[-1][-1].strip())):
                cut()
        elif PROMPT_RE.match(stripped) or stripped.startswith(GOALS):
            cut()
        elif stripped.startswith("*Figure:") and not (pieces[-1] and pieces[-1][-1].strip()):
            cut()
            caption = True
        pieces[-1].append(line)
    return ["\n".join(p).strip("\n") for p in pieces if any(s.strip() for s in p)]


def _heading(text: str) -> tuple[int, str] | None:
    for line in text.splitlines():
        if LABEL.match(line.strip()) or not line.strip():
            continue
        m = HEADING.match(line.strip())
        return (len(m.group(1)), m.group(2)) if m else None
    return None


def markdown_kind(text: str) -> str:
    head = _heading(text)
    first = text.lstrip()
    if head:
        level, title = head
        if level == 1:
            return "title"
        if level == 2:
            return "exercises" if title.lower().startswith("exercises") else "section"
        return "exercise" if title.lower().startswith("exercise") else "subsection"
    if PROMPT_RE.match(first):
        return "prompt"
    if first.startswith(GOALS):
        return "goals"
    if first.startswith("*Figure:"):
        return "caption"
    fence = FENCE.match(first.splitlines()[0].strip()) if first else None
    if fence and DROPDOWN.match(fence.group("info")):
        title = DROPDOWN.match(fence.group("info")).group("title")
        return "answers" if title.lower().startswith("answer") else "dropdown"
    return "text"


def _outputs_have(cell, mime: str) -> bool:
    return any(mime in o.get("data", {}) for o in cell.get("outputs", []))


def explorer_name(cell) -> str | None:
    """The explorer a code cell shows (its builder's name), or None."""
    if cell.cell_type != "code":
        return None
    m = EXPLORER_CALL.search(cell.source)
    return m.group(2) if m else None


def code_kind(cell, first_code: bool) -> str:
    tags = set(cell.metadata.get("tags", []))
    src = cell.source
    if tags & {"remove-cell", "colab-install"}:
        return "hidden"
    if "solution" in tags or "### BEGIN SOLUTION" in src or "nbgrader" in cell.metadata and \
            cell.metadata["nbgrader"].get("solution"):
        return "solution"
    if CHECK_CALL.search(src):
        return "check"
    if explorer_name(cell):
        return "explorer"
    if first_code and re.search(r"^\s*import nnlib", src, re.M):
        return "setup"
    if _outputs_have(cell, "image/png") or _outputs_have(cell, "image/svg+xml"):
        return "figure"
    return "code"


def segments(nb) -> list[Segment]:
    out: list[Segment] = []
    first_code = True
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for piece in split_markdown(cell.source):
                out.append(Segment(index, "markdown", piece, markdown_kind(piece)))
        elif cell.cell_type == "code":
            kind = code_kind(cell, first_code)
            first_code = first_code and kind == "hidden"
            seg = Segment(index, "code", cell.source, kind)
            if kind == "explorer":
                seg.extra["explorer"] = explorer_name(cell)
            out.append(seg)
    return out


# ------------------------------------------------------------------------------------- slide types
def assign(segs: list[Segment], chapter: str = "") -> list[Segment]:
    """Give every segment its slide type (the rules of the module docstring, then OVERRIDES)."""
    previous: Segment | None = None    # the previous segment, skipped ones included
    shown: Segment | None = None       # the previous segment that is on a slide
    code_on_slide = False              # the current slide already shows a code cell
    for seg in segs:
        k = seg.kind
        if k == "title":
            t = "slide"
        elif k in ("section", "exercises"):
            t = "slide"
        elif k in ("subsection", "exercise", "goals", "prompt", "dropdown", "figure"):
            t = "subslide"
        elif k == "answers":
            t = "fragment"
        elif k == "caption":
            t = "notes"
        elif k in ("hidden", "setup", "solution", "check"):
            t = "skip"
        elif k == "explorer":
            t = "-" if shown is not None and shown.kind == "prompt" else "subslide"
        elif k == "code":  # one demo a slide: a second code cell starts a new sub-slide
            t = "subslide" if code_on_slide else "-"
        else:  # text: a short remark on a demo's printed output stays with it; a longer one starts a sub-slide
            after_code = previous is not None and previous.cell_type == "code"
            lead_in = seg.source.rstrip().endswith(":")   # introduces the next cell: goes with it
            short = len(seg.source) <= SHORT and previous is not None and previous.kind == "code" and not lead_in
            t = "subslide" if after_code and not short else "-"
        # a slide that would hold only a heading and a line, or only a lead-in ("...:"), takes the next piece in
        if t == "subslide" and k != "title" and shown is not None and _opens_slide(shown, code_on_slide):
            t = "-"
        for start, forced in OVERRIDES.get(chapter, {}).items():
            if seg.source.lstrip().startswith(start):
                t = forced
        seg.slide_type = t
        if t in ("slide", "subslide"):
            code_on_slide = False
        if t not in ("skip", "notes") and seg.cell_type == "code":
            code_on_slide = True
        previous = seg
        if t not in ("skip", "notes"):
            shown = seg
    return segs


def _opens_slide(seg: Segment, code_on_slide: bool) -> bool:
    """Is ``seg`` a short opener (a heading with a line at most, or a lead-in ending in ':') whose slide has
    no code yet, so that the next piece belongs on the same slide?"""
    if code_on_slide or seg.cell_type != "markdown":
        return False
    text = seg.source.strip()
    heading_only = seg.kind in ("section", "exercises", "subsection") and len(text) <= SHORT // 2
    lead_in = seg.kind in ("text", "section", "subsection") and text.endswith(":") and len(text) <= SHORT
    return heading_only or lead_in


def chapter_segments(nb, chapter: str = "") -> list[Segment]:
    return assign(segments(nb), chapter)


def cell_types(nb, chapter: str = "") -> dict[int, str]:
    """One slide type per cell (for RISE, which shows whole cells): see the module docstring."""
    by_cell: dict[int, list[str]] = {}
    for seg in chapter_segments(nb, chapter):
        by_cell.setdefault(seg.cell, []).append(seg.slide_type)
    out = {}
    for index, types in by_cell.items():
        if "slide" in types:
            out[index] = "slide"
        elif "subslide" in types:
            out[index] = "subslide"
        elif all(t == "notes" for t in types):
            out[index] = "notes"
        elif all(t == "skip" for t in types):
            out[index] = "skip"
        else:
            out[index] = next(t for t in types if t not in ("notes", "skip"))
    return out


def apply(nb, chapter: str = "") -> int:
    """Write metadata.slideshow.slide_type into every cell of ``nb`` (nothing else); returns how many changed."""
    changed = 0
    for index, slide_type in cell_types(nb, chapter).items():
        meta = nb.cells[index].metadata
        if meta.get("slideshow", {}).get("slide_type") != slide_type:
            meta.setdefault("slideshow", {})["slide_type"] = slide_type
            changed += 1
    return changed


# ------------------------------------------------------------------------------------ completeness
def problems(nb, chapter: str, use_stored: bool = False) -> list[str]:
    """What a chapter's deck lacks: a title slide, one of its explorers, a prompt, a prompt's answers.

    With ``use_stored`` the slide types are read from the cells' metadata (what ``meta`` wrote, what RISE
    shows); otherwise they come from the rules (what ``build`` puts in the static deck).
    """
    out: list[str] = []
    segs = segments(nb)
    if use_stored:
        for seg in segs:
            stored = nb.cells[seg.cell].metadata.get("slideshow", {}).get("slide_type")
            seg.slide_type = stored if stored else "-"
    else:
        assign(segs, chapter)
    bad = [seg for seg in segs if seg.slide_type not in SLIDE_TYPES]
    out += [f"{chapter}: cell {s.cell} has slide type {s.slide_type!r}; expected one of {SLIDE_TYPES}" for s in bad]
    visible = [s for s in segs if s.slide_type not in ("skip", "notes")]
    if not visible or visible[0].kind != "title" or visible[0].slide_type != "slide":
        first = f"cell {visible[0].cell} ({visible[0].kind}, {visible[0].slide_type!r})" if visible else "nothing"
        out.append(f"{chapter}: no title slide: the first thing shown is {first}, expected the '# ' title as a slide")
    for seg in segs:
        if seg.kind == "explorer" and seg.slide_type in ("skip", "notes"):
            out.append(f"{chapter}: explorer {seg.extra.get('explorer')} (cell {seg.cell}) is left out of the deck "
                       f"(slide type {seg.slide_type!r})")
        if seg.kind == "prompt" and seg.slide_type in ("skip", "notes"):
            out.append(f"{chapter}: the prompt in cell {seg.cell} is left out of the deck (slide type "
                       f"{seg.slide_type!r})")
    for i, seg in enumerate(segs):
        if seg.kind != "answers":
            continue
        if seg.slide_type != "fragment" and not (use_stored and seg.slide_type in ("subslide", "slide")):
            out.append(f"{chapter}: the answers in cell {seg.cell} are not on a fragment of their own "
                       f"(slide type {seg.slide_type!r}): they would show with the question")
    n_prompts = sum(s.kind == "prompt" for s in segs)
    n_explorers = sum(s.kind == "explorer" for s in segs)
    if n_explorers and not n_prompts:
        out.append(f"{chapter}: {n_explorers} explorer(s) but no '{PROMPT}' prompt found")
    return out
