"""Browser tests of the built site (_build/html, written by `make book`).

Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright loads every page of _toc.yml from a
local http.server on 127.0.0.1 and checks: the page loads with a title; the console shows no error and
no script throws; no request leaves 127.0.0.1 (all requests are routed, others are aborted and listed);
MathJax typesets; widget chapters show their sliders and figure (saved widget state rendered by
@jupyter-widgets/html-manager); issue 9's live explorers answer every slider, dropdown and toggle within one
animation frame with nnlib's numbers (recomputed in Python from the inputs the page records) and the neuron's
verdict flips as b crosses θ; each chapter offers its .ipynb; search finds a term. Static checks (no browser)
cover the HTML/CSS of the whole site, the widget JS modules the site must serve, and the glossary's terms.
NNLIB_SITE=dir tests another built site (e.g. a smaller book built elsewhere).

Without Chromium the browser tests skip, except when the environment variable CI is set: then they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNLIB_SITE", ROOT / "_build" / "html"))    # another built site: NNLIB_SITE=dir
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]
# Chapters that display an explorer (notes/CONVENTIONS.md); 09 may reuse one, so it is checked if it has one.
WIDGET_CHAPTERS = ["book/01_neuron", "book/02_firing", "book/03_activations", "book/04_networks", "book/05_loss",
                   "book/06_gradient_descent", "book/07_momentum", "book/09_training", "book/11_other_neurons"]
LIVE_KERNEL_NOTE = "needs a live kernel"
GLOSSARY_TERMS = [
    "artificial neuron", "biological neuron", "input", "weight", "bias", "weighted sum", "pre-activation",
    "activation function", "threshold", "firing", "step function", "perceptron", "sigmoid", "tanh", "relu",
    "leaky relu", "softmax", "logit", "derivative", "linear separability", "decision boundary", "xor", "layer",
    "input layer", "hidden layer", "output layer", "forward pass", "universal approximation", "loss function",
    "mean squared error", "cross-entropy", "binary cross-entropy", "gradient", "gradient descent",
    "learning rate", "momentum", "adam", "stochastic gradient descent", "mini-batch", "epoch",
    "backpropagation", "chain rule", "gradient checking", "training set", "validation set", "test set",
    "overfitting", "generalisation", "initialisation", "convolution", "kernel", "filter", "feature map",
    "recurrent neuron", "hidden state", "vanishing gradient", "exploding gradient", "parameter",
    "hyperparameter", "confusion matrix",
]


def toc_docnames() -> list[str]:
    """Every page of _toc.yml, in order (root first)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", n) for n in names]


PAGES = toc_docnames()
CHAPTERS = [p for p in PAGES if re.match(r"book/\d\d_", p)]


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE.relative_to(ROOT)} is missing or incomplete: run `make book` first "
                    "(`make test` builds the book before testing).", pytrace=False)
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """Serve _build/html on 127.0.0.1 at an ephemeral port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")     # not session: one sync Playwright per process at a time, and the other browser
def browser():                       # test files (parity, lab, learning) start their own after this module ends
    exe = _chromium()
    reason = ("Chromium not found (looked for $CHROMIUM, /usr/bin/chromium, chromium on PATH): "
              "install Debian's package with `apt-get install chromium` to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        exe, reason = None, "playwright is not installed in this environment (it is in requirements.txt)"
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Visit:
    """One page load with everything recorded: console errors, page errors, requests to other hosts."""

    def __init__(self, browser, server: str):
        self.context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(
            f"console: {msg.text} ({msg.location.get('url', '')})"))
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("requestfailed", lambda req: req.url not in self.foreign and self.failed.append(
            f"{req.url}: {req.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if urlparse(url).hostname == HOST or url.startswith(("blob:", "data:")):    # blob: the explorers' modules
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def goto(self, url: str, wait_for: str | None = None):
        response = self.page.goto(url, wait_until="load")
        if wait_for:
            self.page.wait_for_selector(wait_for, state="attached", timeout=15_000)
        try:
            self.page.wait_for_load_state("networkidle", timeout=10_000)
        except Exception:  # a page that keeps polling is reported by the checks below, not here
            pass
        return response

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    visits = []

    def _open(path: str, wait_for: str | None = None):
        v = Visit(browser, server)
        visits.append(v)
        response = v.goto(f"{server}/{path}", wait_for)
        return v, response

    yield _open
    for v in visits:
        v.close()


def _repository():
    """The GitHub repository the site's launch buttons point at (tools/repository.py), or None."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("repository", ROOT / "tools" / "repository.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.github_repository()


def _widget_page(doc: str) -> bool:
    html = SITE / f"{doc}.html"
    return html.exists() and "application/vnd.jupyter.widget-view+json" in html.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------- every page
@pytest.mark.parametrize("doc", PAGES)
def test_page_loads_without_errors_or_foreign_requests(doc, site, visit):
    has_math = 'class="math' in (site / f"{doc}.html").read_text(encoding="utf-8") if \
        (site / f"{doc}.html").exists() else False
    v, response = visit(f"{doc}.html", wait_for="mjx-container" if has_math else None)
    assert response is not None and response.status == 200, f"{doc}.html: HTTP {response and response.status}"
    title = v.page.title()
    assert title.strip(), f"{doc}.html has no <title>"
    assert v.page.locator("main h1").count() >= 1, f"{doc}.html has no heading"
    if has_math:
        assert v.page.locator("mjx-container").count() > 0, f"MathJax did not typeset {doc}.html"
        assert v.page.locator("mjx-merror").count() == 0, f"MathJax reports a TeX error on {doc}.html"
    if _widget_page(doc):
        v.page.wait_for_selector(".jupyter-widgets", timeout=15_000)
    assert not v.foreign, f"{doc}.html requested other hosts:\n" + "\n".join(v.foreign)
    assert not v.errors, f"{doc}.html has browser errors:\n" + "\n".join(v.errors)
    assert not v.failed, f"{doc}.html has failed requests:\n" + "\n".join(v.failed)


# ---------------------------------------------------------------------------------------------- widgets
@pytest.mark.parametrize("doc", sorted(set(WIDGET_CHAPTERS) | {c for c in CHAPTERS if _widget_page(c)}))
def test_widgets_render_with_figure_and_live_kernel_note(doc, site, visit):
    assert _widget_page(doc), (f"{doc}.html has no saved widget view: execute the notebook with its explorer "
                               "(the build stores widget state) or update WIDGET_CHAPTERS in tests/test_site.py")
    v, _ = visit(f"{doc}.html", wait_for=".jupyter-widgets")
    page = v.page
    sliders = page.locator(".cell_output .widget-slider")
    sliders.first.wait_for(state="visible", timeout=15_000)
    assert sliders.count() >= 1
    assert page.locator(".cell_output .widget-slider .noUi-handle, .cell_output .widget-slider input").count() >= 1
    # the explorer's figure: an SVG drawn in the page (live explorers) or a PNG from the kernel (legacy ones)
    figure = page.locator(".cell_output .jupyter-widgets img, .cell_output svg.nnx-svg")
    figure.first.wait_for(state="visible", timeout=15_000)
    ok = page.evaluate("""() => [...document.querySelectorAll('.cell_output .jupyter-widgets img, .cell_output svg.nnx-svg')]
        .some(f => (f.tagName === 'svg' || (f.complete && f.naturalWidth > 50)) && f.getBoundingClientRect().width > 50)""")
    assert ok, f"{doc}.html: the explorer's figure is not displayed"
    # a frozen (legacy) explorer needs the live-kernel note; a page whose explorers all move must not claim it
    frozen = page.locator(".cell_output .jupyter-widgets img").count() > 0
    text = page.locator("main").inner_text()
    if frozen:
        assert LIVE_KERNEL_NOTE in text.lower(), f"{doc}.html lacks the live-kernel note (see notes/CONVENTIONS.md)"
        assert "make lab" in text
    else:
        assert LIVE_KERNEL_NOTE not in text.lower(), (f"{doc}.html: its explorers move without a kernel, but the "
                                                      "page still says they need one")
    if _repository():             # a local build without a GitHub repository has no launch buttons (test_launch.py)
        assert page.locator('a[href^="https://mybinder.org/v2/gh/"]').count() >= 1, "no Binder launch button"
        assert page.locator('a[href^="https://colab.research.google.com/github/"]').count() >= 1, "no Colab button"
    assert not v.errors, "\n".join(v.errors)


# --------------------------------------------------------------------------- live explorers (anywidget)
# The chapter each of issue 9's explorers lives in (notes/CONVENTIONS.md).
LIVE_EXPLORERS = {"book/01_neuron": "neuron_explorer", "book/02_firing": "gate_explorer",
                  "book/03_activations": "activation_explorer", "book/04_networks": "bump_builder",
                  "book/05_loss": "loss_explorer"}

SNAPSHOT = """root => root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML"""
AFTER_ONE_FRAME = """root => new Promise(done => requestAnimationFrame(() => done(
    root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML)))"""


def _view_builders():
    widgets = pytest.importorskip("nnlib.widgets")
    return {type(getattr(widgets, b)().view).__name__: b for b in LIVE_EXPLORERS.values()}


def _nnlib_readout(view_root, builders):
    """(builder, what the page shows, what nnlib says): every number of the readout (data-key, data-digits)
    and the verdict, recomputed by the Python explorer (nnlib) from the inputs the page recorded."""
    from nnlib import widgets
    from nnlib.widgets._base import trait_name

    builder = builders[view_root.get_attribute("data-view")]
    inputs = json.loads(view_root.get_attribute("data-inputs"))
    explorer = getattr(widgets, builder)()
    explorer.set(**{k: inputs[trait_name(k)] for k in explorer.controls})
    state = explorer.state
    shown, expected = {}, {}
    for item in view_root.locator(".nnx-readout [data-key]").all():
        key, digits = item.get_attribute("data-key"), item.get_attribute("data-digits")
        shown[key] = item.inner_text().strip()
        if key == "verdict":
            expected[key] = VERDICTS[builder](state)
        else:
            value = state[key] if key in state else state[key.rstrip("0123456789")][int(key[len(key.rstrip("0123456789")):])]
            expected[key] = widgets.fmt(value, int(digits))
    return builder, shown, expected


def widgets_fmt(x):
    from nnlib.widgets import fmt
    return fmt(x)


VERDICTS = {"neuron_explorer": lambda s: "fires" if s["fires"] else "does not fire",
            "gate_explorer": lambda s: f"{s['n_correct']} of 4 rows correct"}


def _controls(root):
    """Every control of one explorer box: ('slider', handle), ('select', element), ('toggle', buttons)."""
    out = [("slider", h) for h in root.locator(".widget-slider .noUi-handle").all()]
    out += [("select", d) for d in root.locator(".widget-dropdown select").all()]
    out += [("toggle", t) for t in root.locator(".widget-toggle-buttons").all()]
    return out


def _move(page, kind, control):
    """Move one control by one step, as a keyboard or mouse user would."""
    if kind == "slider":
        control.focus()
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    elif kind == "select":
        options = control.locator("option").all_inner_texts()
        current = control.evaluate("s => s.options[s.selectedIndex].text")
        control.select_option(label=next(o for o in options if o != current))
    else:
        control.locator("button:not(.mod-active)").first.click()


@pytest.mark.parametrize("doc", sorted(LIVE_EXPLORERS))
def test_live_explorers_follow_every_control_with_nnlibs_numbers(doc, site, visit):
    """Every slider, dropdown and toggle of the page's explorers changes the readout or the figure within one
    animation frame, with no kernel; the numbers shown and the verdict are nnlib's, before and after."""
    builders = _view_builders()
    v, _ = visit(f"{doc}.html", wait_for=".nnx")
    page = v.page
    roots = page.locator(".cell_output .nnlib-explorer").all()
    live = [r for r in roots if r.locator(".nnx[data-view]").count()          # issue 9's; others: test_site_learning
            and r.locator(".nnx").get_attribute("data-view") in builders]
    views = [r.locator(".nnx").get_attribute("data-view") for r in live]
    assert LIVE_EXPLORERS[doc] in {builders.get(x) for x in views}, (
        f"{doc}.html does not show a live {LIVE_EXPLORERS[doc]} (re-execute the chapter to store its widget state)")
    for root in live:
        view = root.locator(".nnx")
        # accessible: the figure is an image with a title and a description in words, the readout is announced
        svg = view.locator("svg.nnx-svg")
        assert svg.get_attribute("role") == "img" and len(svg.get_attribute("aria-labelledby").split()) == 2
        assert svg.locator("title").text_content().strip() and len(svg.locator("desc").text_content()) > 40
        assert view.locator(".nnx-readout").get_attribute("aria-live") == "polite"
        builder, shown, expected = _nnlib_readout(view, builders)
        assert shown and shown == expected, f"{doc}: {builder} shows {shown}, nnlib says {expected}"
        controls = _controls(root)
        assert controls, f"{doc}: {builder} has no controls"
        for kind, control in controls:
            before = view.evaluate(SNAPSHOT)
            _move(page, kind, control)
            after = view.evaluate(AFTER_ONE_FRAME)
            assert after != before, f"{doc}: moving a {kind} of {builder} changed nothing within one frame"
            _, shown, expected = _nnlib_readout(view, builders)
            assert shown == expected, f"{doc}: after moving a {kind}, {builder} shows {shown}, nnlib says {expected}"
            inputs = json.loads(view.get_attribute("data-inputs"))
            desc = svg.locator("desc").text_content()    # the description follows the sliders
            assert any(widgets_fmt(abs(x)) in desc for x in inputs.values()
                       if isinstance(x, (int, float)) and not isinstance(x, bool)), \
                f"{doc}: {builder}'s description does not state the current settings: {desc}"
    assert not v.foreign, "requests to other hosts:\n" + "\n".join(v.foreign)
    assert not v.failed, "failed requests:\n" + "\n".join(v.failed)
    assert not v.errors, "\n".join(v.errors)


def test_neuron_verdict_flips_when_the_bias_crosses_the_threshold(site, visit):
    builders = _view_builders()
    v, _ = visit("book/01_neuron.html", wait_for=".nnx")
    page = v.page
    root = next(r for r in page.locator(".cell_output .nnlib-explorer").all()
                if builders.get(r.locator(".nnx").get_attribute("data-view") if r.locator(".nnx").count() else "")
                == "neuron_explorer")
    view = root.locator(".nnx")
    b = root.locator(".widget-slider", has=page.locator(".widget-label", has_text=re.compile(r"^b$"))).locator(".noUi-handle")
    inputs = json.loads(view.get_attribute("data-inputs"))
    z_without_b = inputs["w1"] * inputs["x1"] + inputs["w2"] * inputs["x2"]
    # walk b towards the value where z = θ, and one step past it: the verdict must flip, always as nnlib says
    key = "ArrowRight" if z_without_b + inputs["b"] < inputs["theta"] else "ArrowLeft"
    verdicts = []
    b.focus()
    for _ in range(80):
        page.keyboard.press(key)
        _, shown, expected = _nnlib_readout(view, builders)
        assert shown == expected, f"b = {json.loads(view.get_attribute('data-inputs'))['b']}: {shown} vs nnlib {expected}"
        verdicts.append(shown["verdict"])
        if len(set(verdicts)) == 2:
            break
    assert set(verdicts) == {"fires", "does not fire"}, f"the verdict never flipped while b moved: {verdicts}"


BUILT_IN_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}


def test_every_widget_module_is_served_by_the_site(site):
    """Each JS module named in a page's stored widget state is in the HTML manager itself or mapped by
    widgets-setup.js to a file of the site: otherwise the manager silently fetches it from cdn.jsdelivr.net."""
    setup = (site / "_static" / "offline" / "widgets-setup.js").read_text(encoding="utf-8")
    mapped = dict(re.findall(r'"([^"]+)":\s*base \+ "([^"]+)"', setup))
    problems = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for block in re.findall(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S):
            state = json.loads(block)["state"]
            for model in state.values():
                for key in ("model_module", "view_module"):
                    name = model.get(key) or model.get("state", {}).get(f"_{key}")
                    if not name or name in BUILT_IN_MODULES:
                        continue
                    if name not in mapped:
                        problems.append(f"{page.relative_to(site)}: {name} is not mapped in widgets-setup.js")
                    elif not (site / "_static" / "offline" / f"{mapped[name]}.js").exists():
                        problems.append(f"{page.relative_to(site)}: {name} -> {mapped[name]}.js is missing")
    assert not problems, "\n".join(sorted(set(problems)))


# ------------------------------------------------------------------------------------------ downloads
@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_offers_its_notebook(doc, site, visit, server):
    name = doc.split("/")[-1] + ".ipynb"
    v, _ = visit(f"{doc}.html")
    link = v.page.locator(f'a[href$="_sources/{doc}.ipynb"]')
    assert link.count() >= 1, f"{doc}.html offers no download of {name}"
    response = v.page.request.get(f"{server}/_sources/{doc}.ipynb")
    assert response.status == 200, f"_sources/{doc}.ipynb: HTTP {response.status}"
    notebook = json.loads(response.text())
    assert notebook.get("nbformat") == 4 and notebook.get("cells"), f"{name} is not a notebook"


# ---------------------------------------------------------------------------------------------- search
def test_search_finds_a_term(site, visit):
    v, _ = visit("search.html?q=perceptron", wait_for="#search-results")
    v.page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    hits = v.page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.href)")
    assert any("glossary" in h for h in hits), f"search for 'perceptron' did not find the glossary: {hits}"
    assert not v.foreign and not v.errors, "\n".join(v.foreign + v.errors)


# ------------------------------------------------------------------------------ static checks (no browser)
class _Loads(HTMLParser):
    """Collects every URL an HTML page would load by itself (not <a href> links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest")):
                self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.I))


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for html in sorted(site.rglob("*.html")):
        parser = _Loads()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        offenders += [f"{html.relative_to(site)}: {u}" for u in parser.urls if _external(u)]
    for css in sorted((site / "_static").rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for u in re.findall(r"""(?:url\(|@import\s+)\s*['"]?((?:https?:)?//[^'")\s]+)""", text):
            offenders.append(f"{css.relative_to(site)}: {u}")
    assert not offenders, "the site loads files from other hosts:\n" + "\n".join(offenders)


def test_no_cdn_urls_left_in_pages(site):
    """The usual CDNs of Jupyter Book 1 must not appear in any page (not even as inline script text)."""
    cdn = re.compile(r"(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
                     r"fonts\.gstatic\.com|polyfill\.io)")
    hits = [f"{p.relative_to(site)}: {m.group(0)}" for p in sorted(site.rglob("*.html"))
            for m in [cdn.search(p.read_text(encoding="utf-8", errors="replace"))] if m]
    assert not hits, "\n".join(hits)


def test_every_toc_page_was_built(site):
    missing = [d for d in PAGES if not (site / f"{d}.html").exists()]
    assert not missing, f"pages in _toc.yml missing from the site: {missing} (run `make book`)"


def test_glossary_defines_every_course_term(site):
    html = (site / "book" / "glossary.html").read_text(encoding="utf-8")
    ids = {i.lower() for i in re.findall(r'<dt[^>]*id="(term-[^"]+)"', html)}
    missing = [t for t in GLOSSARY_TERMS if "term-" + re.sub(r"[^a-z0-9]+", "-", t).strip("-") not in ids]
    assert not missing, f"glossary terms missing: {missing}"
