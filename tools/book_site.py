"""Sphinx extension for the course site (listed under sphinx.local_extensions in _config.yml).

1. Self-contained site. tools/fetch_assets.py fetches MathJax, require.js and
   @jupyter-widgets/html-manager at pinned versions from the npm registry into
   _build/site_assets/offline/; this extension fetches them if missing and copies them, with
   tools/site_static/widgets-setup.js, into the site as _static/offline/ (_config.yml points
   mathjax_path and nb_ipywidgets_js there).

2. sphinx-thebe's duplicate script. sphinx-thebe 0.3.1 adds the inline script
   `const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const thebe_selector = ...`
   from an env-before-read-docs handler, i.e. after the HTML builder has been set up; Sphinx 7.4 then
   records it both in the application's registry (filename None) and in the builder (filename ""),
   does not see that the two are the same, and every page gets it twice, so the browser reports "SyntaxError: Identifier 'THEBE_JS_URL' has already been
   declared" on every page. sphinx-thebe has no option to stop it, and Jupyter Book always loads the
   extension. Here, on html-page-context, (a) identical script entries are removed (same file or
   body and same attributes: loading one twice is never intended), and (b) because the thebe launch
   button is off in _config.yml (launch_buttons.thebe: false), sphinx-thebe's configuration script,
   sphinx-thebe.js and sphinx-thebe.css are dropped altogether: without the button nothing calls them,
   and the configuration names a CDN URL the site must not mention. If thebe is ever switched on,
   only the de-duplication applies.

4. Buttons that go somewhere. On config-inited the repository comes from tools/repository.py
   (GITHUB_REPOSITORY, or a GitHub `origin`): with one, the repository and issues buttons and the
   launch buttons (Binder, Colab, the instructor's JupyterHub) are switched on, pointing at the learner
   copies on the branch set in _config.yml; without one, all of them are left out.

5. Label in name (WCAG 2.5.3). tools/site_static/site-a11y.js, loaded on every page, gives the theme's search
   button, its colour-mode button and MyST-NB's "Show code cell source" toggles the accessible name they show
   (the theme's templates set an aria-label that differs from the visible words); site-a11y.css keeps long
   headings and formulas from making a phone's page scroll sideways.

3. Plain-text docstrings. nnlib's docstrings are written for help() in a terminal, where |z| means
   an absolute value; reStructuredText would read |z| as a substitution reference and fail the build
   ("Undefined substitution referenced"). An autodoc-process-docstring handler escapes such bars
   (outside ``literals``, literal blocks and doctests), so they print as written. An indented block
   after a paragraph (an example, aligned formulas) is made a literal block, so it keeps its line
   breaks as in help(), instead of running together as a reStructuredText block quote.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

HERE = Path(__file__).resolve().parent
THEBE_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")


# 1. vendored assets ---------------------------------------------------------------------------
def _assets_dir(app: Sphinx) -> Path:
    return Path(app.confdir) / "_build" / "site_assets"


def _fetch_assets(app: Sphinx) -> None:
    sys.path.insert(0, str(HERE))
    import fetch_assets

    try:
        fetch_assets.fetch(_assets_dir(app))
    except SystemExit as err:  # fetch_assets reports problems with sys.exit(message)
        raise ExtensionError(f"book_site: could not fetch the site's assets: {err}") from None


def _copy_assets(app: Sphinx, exception) -> None:
    """Copy the assets into _static/offline/ after every HTML build.

    Not through html_static_path: Sphinx 7.4 neither overwrites static files that already exist in the
    output (a new pinned version would never reach the site) nor copies anything when no page is out of
    date. Replacing the whole folder here keeps the site in step with tools/fetch_assets.py.
    """
    if app.builder is None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "offline"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(_assets_dir(app) / "offline", target)
    for f in (HERE / "site_static").iterdir():
        shutil.copy2(f, target / f.name)


# 2. sphinx-thebe ------------------------------------------------------------------------------
def _thebe_on(app: Sphinx) -> bool:
    launch = (app.config.html_theme_options or {}).get("launch_buttons", {}) or {}
    return bool(launch.get("thebe"))


def _is_thebe(asset) -> bool:
    name = str(asset.filename or "")
    body = asset.attributes.get("body", "") or ""
    return name.endswith(THEBE_FILES) or "THEBE_JS_URL" in body


def _clean_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    drop_thebe = not _thebe_on(app)
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        seen, kept = set(), []
        for asset in assets:
            # an inline script added during the build is registered twice, once with filename None
            # (app registry) and once with "" (builder): treat both as "no file"
            ident = (asset.filename or "", tuple(sorted(asset.attributes.items())))
            if ident in seen or (drop_thebe and _is_thebe(asset)):
                continue
            seen.add(ident)
            kept.append(asset)
        context[key] = kept


# 4. repository and launch buttons ----------------------------------------------------------------
def _repository_buttons(app: Sphinx, config) -> None:
    sys.path.insert(0, str(HERE))
    from repository import github_repository

    options = config.html_theme_options
    name = github_repository()
    if name is None:
        options["launch_buttons"] = {}  # sphinx-book-theme needs a repository to build any launch link
        options["use_repository_button"] = options["use_issues_button"] = False
        options.pop("repository_url", None)
        return
    options["repository_url"] = f"https://github.com/{name}"
    options["use_repository_button"] = options["use_issues_button"] = True


# 3. docstrings --------------------------------------------------------------------------------
_LITERAL = re.compile(r"(``.*?``|`[^`]*`)")


def _escape_bars(app, what, name, obj, options, lines: list[str]) -> None:
    in_literal, literal_indent = False, 0
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if in_literal:
            if stripped and indent <= literal_indent:
                in_literal = False
            else:
                continue
        if stripped.startswith(">>>") or stripped.startswith("..."):
            continue
        if "|" in line:
            parts = _LITERAL.split(line)
            lines[i] = "".join(p if j % 2 else re.sub(r"(?<!\\)\|", r"\\|", p) for j, p in enumerate(parts))
        if stripped.endswith("::"):
            in_literal, literal_indent = True, indent


def _literal_blocks(app, what, name, obj, options, lines: list[str]) -> None:
    """Keep plain-text layout: an indented block after a top-level paragraph becomes a literal block.

    In help() an indented block (an example, aligned formulas) keeps its line breaks; reStructuredText
    would make it a block quote and run its lines together. A "::" paragraph before it makes it literal.
    Paragraphs that already end in "::", directives, field lists and list items are left alone.
    """
    i = 1
    while i < len(lines):
        if (lines[i].startswith((" ", "\t")) and lines[i].strip() and not lines[i - 1].strip() and i >= 2
                and lines[i - 2].strip() and not lines[i - 2].startswith((" ", "\t"))):
            start = i - 2
            while start > 0 and lines[start - 1].strip() and not lines[start - 1].startswith((" ", "\t")):
                start -= 1
            first, last = lines[start].lstrip(), lines[i - 2].rstrip()
            if not (last.endswith("::") or first.startswith(("..", ":", "- ", "* ", "+ ", ">>>"))
                    or re.match(r"\d+[.)] ", first)
                    or (start == i - 2 and re.fullmatch(r"[A-Z][A-Za-z ]*:", last))):  # napoleon section
                lines[i - 1:i] = ["", "::", ""]
                i += 2
        i += 1


def setup(app: Sphinx) -> dict:
    # 5. tools/site_static/site-a11y.js on every page: the theme's controls named by the words they show
    app.add_js_file("offline/site-a11y.js", loading_method="defer")
    app.add_css_file("offline/site-a11y.css")   # and its stylesheet: no sideways scroll on a phone
    app.connect("config-inited", _repository_buttons)
    app.connect("builder-inited", _fetch_assets)
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _clean_assets, priority=900)  # after everyone has added theirs
    app.connect("html-page-context", __import__("slides").add_deck_link, priority=502)  # tools/slides.py: deck button
    app.connect("autodoc-process-docstring", _escape_bars)
    app.connect("autodoc-process-docstring", _literal_blocks, priority=450)  # before _escape_bars
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
