"""A reveal.js slide deck per chapter, made from the chapter notebooks themselves.

    python tools/slides.py meta [NOTEBOOK ...]           write slide types into the chapters (book/*.ipynb)
    python tools/slides.py meta --check [NOTEBOOK ...]   only report what a chapter's deck would lack
    python tools/slides.py build [--site _build/html] [--executed DIR] [--book DIR] [NOTEBOOK ...]
                                                         write SITE/slides/<chapter>.html for every chapter

``meta`` sets ``metadata.slideshow.slide_type`` in every cell (and touches nothing else), chosen by the rules
in tools/slides_meta.py. It is idempotent: a second run changes nothing. RISE (``make instructor``) presents a
chapter in JupyterLab with these types and a live kernel.

``build`` exports each chapter with nbconvert's slides exporter from its EXECUTED copy (the book build's
_build/jupyter_execute/book/<chapter>.ipynb, else the stored outputs of book/<chapter>.ipynb). The deck is
finer than a cell: long Markdown cells are cut into segments (tools/slides_meta.py) and MyST is turned into
what a deck can show by tools/myst.py (dropdowns become <details>, admonitions titled boxes, glossary roles
plain words, {doc} links to the chapter pages). Speaker notes come from the chapter's section of
book/instructors.md (objectives and misconceptions on the title slide, the questions for the room beside each
explorer). Everything the deck loads comes from the site:
reveal.js, MathJax, require.js, the ipywidgets HTML manager and anywidget, fetched at pinned versions by
tools/fetch_assets.py into _static/offline/. The explorers move with no kernel, from the widget state saved
in the notebook, exactly as on the chapter pages.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import re
import sys
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import myst  # noqa: E402
import slides_meta  # noqa: E402

BOOK = ROOT / "book"
OFFLINE = "../_static/offline"          # from SITE/slides/ to the assets book_site.py copies
HIDE_INPUT = "slides-hide-input"
FOREIGN = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import\s+(?:url\()?["']?(?:https?:)?//|"""
                     r"""url\(\s*["']?(?:https?:)?//""", re.I)


def chapters(paths=None, book: Path = BOOK) -> list[Path]:
    """The notebooks named in ``paths``, else the chapters of ``book`` (NN_*.ipynb), in order."""
    if paths:
        return [Path(p) for p in paths]
    return sorted(Path(book).glob("[0-9][0-9]_*.ipynb"))


# ------------------------------------------------------------------------------------------------ meta
def meta(paths, check_only=False) -> int:
    """Write (or with ``check_only`` verify) slide metadata; returns the number of problems found."""
    n_problems = 0
    for path in chapters(paths):
        nb = nbformat.read(path, as_version=4)
        if check_only:
            found = slides_meta.problems(nb, path.stem, use_stored=True) + stale_types(nb, path)
        else:
            changed = slides_meta.apply(nb, path.stem)
            if changed:
                nbformat.write(nb, path)
            found = slides_meta.problems(nb, path.stem, use_stored=True)
            print(f"{path}: {changed} cell(s) changed")
        for line in found:
            print(line, file=sys.stderr)
        n_problems += len(found)
    return n_problems


def stale_types(nb, path) -> list[str]:
    """Cells whose stored slide type is not the one the rules choose (a cell edited since the last ``meta``)."""
    stored = {i: c.metadata.get("slideshow", {}).get("slide_type") for i, c in enumerate(nb.cells)}
    return [f"{path}: cell {i} has slide type {stored[i]!r}, the rules say {t!r}; run `python tools/slides.py "
            f"meta {path}`" for i, t in slides_meta.cell_types(nb, path.stem).items() if stored[i] != t]


# ----------------------------------------------------------------------------------- MyST to Markdown
def _titles(book: Path = BOOK) -> dict[str, str]:
    """{chapter stem: the text of its first '# ' heading} for the chapters of ``book``."""
    out = {}
    for path in chapters(book=book):
        cells = nbformat.read(path, as_version=4).cells
        title = myst.first_heading("\n".join(c.source for c in cells if c.cell_type == "markdown"))
        if title:
            out[path.stem] = title
    return out


def html_admonition(name: str, arg: str, body: list[str]) -> list[str]:
    """```{note} (or tip, warning, ...) as the titled box the deck's styles draw."""
    title = arg if name == "admonition" else (arg or name.capitalize())
    return [f'<div class="admonition {name}">', f'<p class="admonition-title">{html.escape(title)}</p>', ""] + \
        body + ["", "</div>"]


def deck_renderers(titles: dict[str, str]) -> myst.Renderers:
    """{doc} links to the chapter pages of the site (titled by ``titles``), glossary terms as plain words."""
    def doc(text: str, target: str) -> str:
        name = target.split("/")[-1]
        return f"[{text or titles.get(name, name)}](../book/{name}.html)"
    return myst.Renderers(doc=doc, admonition=html_admonition)


def myst_to_markdown(source: str, titles: dict[str, str]) -> str:
    """MyST a deck can show (tools/myst.py): dropdowns become <details>, admonitions a titled box, roles text."""
    return myst.to_markdown(source, deck_renderers(titles))


# ------------------------------------------------------------------------------ notes from the guide
def guide_notes(chapter: str, guide: Path = BOOK / "instructors.md") -> dict[str, list[str]]:
    """The chapter's section of the instructor's guide, as speaker notes.

    Returns {"title": [blocks for the title slide], "<explorer name>" or "explorer": [question blocks]}.
    A section is "## N. Title"; its bold paragraphs ("**Objectives**", "**Misconceptions to expect**",
    "**Predict, then move the slider** (`name`)") start the blocks.
    """
    number = int(chapter[:2])
    text = guide.read_text(encoding="utf-8") if guide.exists() else ""
    m = re.search(rf"^## {number}\.\s.*?$(?P<body>.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        return {}
    notes: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=\*\*[A-Z])", m.group("body")):
        block = block.strip()
        head = re.match(r"\*\*(?P<what>[^*]+)\*\*\s*(?:\(`(?P<name>\w+)`\))?", block)
        if not head:
            continue
        what = head.group("what").lower()
        if what.startswith(("objectives", "misconceptions")):
            notes.setdefault("title", []).append(block)
        elif what.startswith("predict"):
            notes.setdefault(head.group("name") or "explorer", []).append(block)
    return notes


# ----------------------------------------------------------------------------------------- the deck
def _image_src(data_b64: str, site: Path) -> str:
    """A figure as a file of the site, not a data: URL in every deck: the book's own copy (MyST-NB names
    _images/<sha256>.png) when it has one, else slides/img/<sha256>.png."""
    raw = base64.b64decode(data_b64)
    name = hashlib.sha256(raw).hexdigest() + ".png"
    if (site / "_images" / name).exists():
        return f"../_images/{name}"
    (site / "slides" / "img").mkdir(parents=True, exist_ok=True)
    (site / "slides" / "img" / name).write_bytes(raw)
    return f"img/{name}"


def deck_notebook(nb, chapter: str, titles: dict[str, str], guide: Path = BOOK / "instructors.md",
                  site: Path | None = None):
    """The notebook nbconvert turns into the deck: one cell per shown segment, notes added, MyST converted.
    With ``site``, figures become files of the site (see _image_src)."""
    segs = slides_meta.chapter_segments(nb, chapter)
    notes = guide_notes(chapter, guide)
    explorers = [s.extra["explorer"] for s in segs if s.kind == "explorer"]
    deck = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))

    def add_notes(blocks):
        for block in blocks:
            cell = nbformat.v4.new_markdown_cell(myst_to_markdown(block, titles))
            cell.metadata["slideshow"] = {"slide_type": "notes"}
            deck.cells.append(cell)

    for seg in segs:
        if seg.slide_type == "skip":
            continue
        if seg.cell_type == "markdown":
            cell = nbformat.v4.new_markdown_cell(myst_to_markdown(seg.source, titles))
        else:
            cell = copy.deepcopy(nb.cells[seg.cell])
            cell.metadata.pop("tags", None)
            if seg.kind in ("figure", "explorer"):  # the picture is the point; the code is in the chapter
                cell.metadata["tags"] = [HIDE_INPUT]
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
            for out in cell.get("outputs", []):
                if "image/png" in out.get("data", {}):
                    meta = out.setdefault("metadata", {}).setdefault("image/png", {})
                    meta["alt"] = alt or _caption_after(segs, seg)
                    if site is not None:
                        meta["src"] = _image_src(out["data"]["image/png"], site)
        cell.metadata["slideshow"] = {"slide_type": seg.slide_type}
        deck.cells.append(cell)
        if seg.kind == "title":
            add_notes(notes.get("title", []))
        if seg.kind == "explorer":
            name = seg.extra["explorer"]
            blocks = notes.get(name, [])
            if name == explorers[0]:  # questions that name no explorer, or one not in this chapter
                blocks = blocks + notes.get("explorer", []) + [
                    b for key, bs in notes.items() if key not in ("title", "explorer") and key not in explorers
                    for b in bs]
            add_notes(blocks)
    return deck


def _caption_after(segs, seg) -> str:
    i = segs.index(seg)
    for nxt in segs[i + 1:i + 3]:
        if nxt.kind == "caption":
            return re.sub(r"[*$\\{}]", "", nxt.source).replace("Figure:", "").strip()
    return "Figure"


TEMPLATE = r"""{%- extends 'reveal/index.html.j2' -%}
{%- set offline = resources.slides_offline -%}
{%- block html_head_js -%}
<script>
window.MathJax = { tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
                          processEscapes: true, tags: "ams" } };
</script>
<script defer src="{{ offline }}/mathjax/tex-mml-chtml.js"></script>
<script src="{{ offline }}/require.js"></script>
<script src="{{ offline }}/widgets-setup.js"></script>
<script src="{{ offline }}/html-manager/embed-amd.js"></script>
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block notebook_css -%}
<link rel="stylesheet" href="notebook.css">
<style>
a.anchor-link { display: none; }
.highlight { margin: 0.4em; }
.jp-Notebook { padding: 0; }
:root { --jp-ui-font-size1: 20px; --jp-content-font-size1: 20px; --jp-code-font-size: 19px; }
</style>
{%- endblock notebook_css -%}
{%- block html_head_css -%}
<style>
.reveal .slides { text-align: left; }
.reveal .slides section { height: 100%; overflow-y: auto; overflow-x: hidden; }
.reveal .slides section > section { padding: 0 0.5em; }
.reveal h1 { font-size: 2.2em; } .reveal h2 { font-size: 1.6em; } .reveal h3 { font-size: 1.3em; }
.reveal .jp-RenderedImage img { max-height: 560px; width: auto; }
.reveal details { border: 1px solid #bbb; border-radius: 6px; padding: 0.3em 0.7em; margin: 0.5em 0; }
.reveal summary { cursor: pointer; font-weight: 600; }
.reveal .admonition { border-left: 6px solid #0072B2; background: #f3f8fb; padding: 0.3em 0.8em; margin: 0.5em 0; }
.reveal .admonition-title { font-weight: 600; margin: 0; }
.reveal .slides a { text-decoration: underline; }   /* links told apart from text by more than colour */
.reveal .slide-number { background-color: #333; color: #fff; }   /* reveal's default fails WCAG contrast */
.deck-home { position: fixed; left: 1em; bottom: 0.6em; font-size: 14px; z-index: 30; color: #1a5c99; }
html.print-pdf .reveal .slides section { overflow: hidden; }
html.print-pdf .deck-home { display: none; }
</style>
{%- endblock html_head_css -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
{%- set src = output | get_metadata('src', 'image/png') %}
<img src="{{ src | escape_html if src else 'data:image/png;base64,' ~ output.data['image/png'] | escape_html }}"
 alt="{{ output | get_metadata('alt', 'image/png') | escape_html }}">
</div>
{%- endblock data_png -%}
{%- block body_footer -%}
</div>
</div>
<a class="deck-home" href="../book/{{ resources.slides_chapter }}.html">Back to the chapter page</a>
</main>
</body>
{%- endblock body_footer -%}
{%- block footer_js -%}
<script>
require({ waitSeconds: 60 },
  ["{{ offline }}/reveal.js/dist/reveal.js", "{{ offline }}/reveal.js/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.Reveal = Reveal;  // loaded as an AMD module, so not global by itself
    // Keys pressed on an explorer (a slider handle, a dropdown) move the explorer, not the deck.
    function notOnWidget(event) {
      var t = event.target;
      return !(t && t.closest && t.closest(".jupyter-widgets, .widget-slider, select, input, textarea"));
    }
    Reveal.initialize({
      hash: true, controls: true, progress: true, slideNumber: "c/t", transition: "none", center: false,
      navigationMode: "linear",  // the arrow keys step through every slide, sub-slides too
      width: 1280, height: 800, margin: 0.03,
      plugins: [RevealNotes], keyboardCondition: notOnWidget,
      pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1
    }).then(function () {
      // a fragment shown below the fold of a tall slide (the answers under an explorer) scrolls into view
      Reveal.on("fragmentshown", function (event) {
        event.fragment.scrollIntoView({ block: "nearest" });
      });
      if (!/print-pdf/i.test(window.location.search)) {
        document.documentElement.setAttribute("data-deck-ready", "true");
      }
    });
    // The print view (?print-pdf) puts each slide on a page of its own; a slide taller than the page is
    // scaled down to fit, so the handout has exactly one page per slide.
    Reveal.on("pdf-ready", function () {
      document.querySelectorAll(".reveal .pdf-page > section").forEach(function (s) {
        var room = s.parentNode.clientHeight, h = s.scrollHeight;
        if (h > room + 1) {
          s.style.zoom = (0.97 * room / h).toFixed(4);  // reveal's print styles forbid transforms
          s.style.height = h + "px";
        }
      });
      document.documentElement.setAttribute("data-deck-ready", "true");
    });
  });
</script>
{%- endblock footer_js -%}
"""


def exporter():
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    c.SlidesExporter.template_file = "nnlib_deck.html.j2"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    c.SlidesExporter.embed_images = False   # True would re-parse each HTML block and close <details> early
    c.SlidesExporter.require_js_url = f"{OFFLINE}/require.js"
    c.SlidesExporter.mathjax_url = f"{OFFLINE}/mathjax/tex-mml-chtml.js"
    c.SlidesExporter.widget_renderer_url = f"{OFFLINE}/html-manager/embed-amd.js"
    c.SlidesExporter.reveal_url_prefix = f"{OFFLINE}/reveal.js"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_scroll = False
    c.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT}
    c.TagRemovePreprocessor.enabled = True
    ex = SlidesExporter(config=c, extra_loaders=[DictLoader({"nnlib_deck.html.j2": TEMPLATE})])
    ex.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    return ex


def write_notebook_css(out_dir: Path) -> None:
    """nbconvert's JupyterLab styles, once for every deck (slides/notebook.css), instead of inlined in each."""
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("nbconvert", "templates"):
        files = [Path(base) / "lab" / "static" / "index.css", Path(base) / "lab" / "static" / "theme-light.css",
                 Path(base) / "reveal" / "static" / "custom_reveal.css"]
        if all(f.exists() for f in files):
            (out_dir / "notebook.css").write_text("\n".join(f.read_text(encoding="utf-8") for f in files),
                                                  encoding="utf-8")
            return
    sys.exit("slides: nbconvert's lab/static/index.css not found (is nbconvert installed?)")


def foreign_urls(text: str) -> list[str]:
    """Scripts, styles, images or fonts the page would load from another host (links to read are fine)."""
    found = []
    for m in FOREIGN.finditer(text):
        start = text.rfind("<", 0, m.start())
        tag = text[start:start + 12].lower()
        if tag.startswith("<a ") or tag.startswith("<a\n"):
            continue
        found.append(text[max(0, m.start() - 40):m.end() + 60].replace("\n", " "))
    return found


def executed_copy(path: Path, executed: Path | None) -> Path:
    candidates = [executed / path.name] if executed else []
    candidates.append(ROOT / "_build" / "jupyter_execute" / "book" / path.name)
    for c in candidates:
        if c.exists() and c.stat().st_mtime >= path.stat().st_mtime:
            return c
    return path  # the stored outputs (the chapters are committed executed, with their widget state)


def build(paths, site: Path, executed: Path | None = None, guide: Path | None = None, book: Path = BOOK) -> dict:
    """Write site/slides/<chapter>.html for every chapter (``paths``, else those of ``book``), with speaker notes
    from ``guide`` (default: book/instructors.md); returns {chapter: number of slides}."""
    guide = guide or Path(book) / "instructors.md"
    if not (site / "_static" / "offline" / "reveal.js" / "dist" / "reveal.js").exists():
        sys.exit(f"slides: {site}/_static/offline/reveal.js is missing: build the site first (make book), which "
                 "copies the assets fetched by tools/fetch_assets.py")
    out_dir = site / "slides"
    out_dir.mkdir(parents=True, exist_ok=True)
    titles = _titles(book)
    write_notebook_css(out_dir)
    ex = exporter()
    counts = {}
    for path in chapters(paths, book):
        source = executed_copy(path, executed)
        nb = nbformat.read(source, as_version=4)
        found = slides_meta.problems(nb, path.stem)
        if found:
            sys.exit("slides: the deck of " + path.stem + " would be incomplete:\n" + "\n".join(found))
        deck = deck_notebook(nb, path.stem, titles, guide, site)
        body, _ = ex.from_notebook_node(deck, resources={
            "metadata": {"name": titles.get(path.stem, path.stem)}, "slides_offline": OFFLINE,
            "slides_chapter": path.stem})
        bad = foreign_urls(body)
        if bad:
            sys.exit(f"slides: the deck of {path.stem} would load from another host:\n" + "\n".join(bad))
        (out_dir / f"{path.stem}.html").write_text(body, encoding="utf-8")
        counts[path.stem] = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for c in deck.cells)
        print(f"slides/{path.stem}.html: {counts[path.stem]} slides (from {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source})")
    return counts


# ---------------------------------------------------------------------------- link from chapter pages
def add_deck_link(app, pagename, templatename, context, doctree) -> None:
    """Sphinx html-page-context handler: a "Slides" button in the header of every chapter page.

    tools/book_site.py connects it; the deck itself is written after the book build by ``build``.
    """
    name = pagename.split("/")[-1]
    if not (pagename.startswith("book/") and re.match(r"\d\d_", name)):
        return
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    url = context["pathto"](f"slides/{name}.html", 1) if "pathto" in context else f"../slides/{name}.html"
    buttons.insert(0, {"type": "link", "url": url, "text": "Slides", "tooltip": "Slides for this chapter (reveal.js)",
                       "icon": "fas fa-person-chalkboard", "label": "slides-button"})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("meta", help="write slide types into the chapters (or --check them)")
    m.add_argument("notebooks", nargs="*")
    m.add_argument("--check", action="store_true", help="change nothing; report what a deck lacks")
    b = sub.add_parser("build", help="write SITE/slides/<chapter>.html")
    b.add_argument("notebooks", nargs="*")
    b.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    b.add_argument("--executed", type=Path, default=None,
                   help="folder of executed chapters (default: _build/jupyter_execute/book, else book/)")
    b.add_argument("--book", type=Path, default=BOOK,
                   help="folder of the chapters, their titles and instructors.md (default: book/)")
    args = parser.parse_args(argv)
    if args.command == "meta":
        n = meta(args.notebooks, check_only=args.check)
        if n:
            print(f"slides: {n} problem(s)", file=sys.stderr)
        return 1 if n else 0
    start = time.perf_counter()
    counts = build(args.notebooks, args.site, args.executed, book=args.book)
    print(f"slides: {len(counts)} decks, {sum(counts.values())} slides, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
