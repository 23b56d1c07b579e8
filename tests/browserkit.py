"""Headless Chromium for the explorer tests and benchmarks: find the browser, serve a folder on 127.0.0.1,
record what a page does wrong, and write a page that shows explorers exactly as the static site does.

``explorer_page(explorers, folder)`` writes folder/index.html with the explorers' widget state embedded
(``ipywidgets.embed``, the format MyST-NB writes into the book's pages) and the same scripts as the site:
require.js, tools/site_static/widgets-setup.js, the HTML manager, anywidget, all served from folder/offline/
(copied from _build/site_assets/offline, written by tools/fetch_assets.py). No kernel, no server but http.server.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "_build" / "site_assets" / "offline"
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]


def chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch(pw):
    """A headless Chromium from a playwright handle (``sync_playwright()``)."""
    return pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    httpd = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


class Recorder:
    """Everything a page does wrong: console errors, uncaught exceptions, requests to another host (aborted),
    failed requests and HTTP errors (status >= 400)."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: req.url not in self.foreign and self.failed.append(
            f"{req.url}: {req.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if urlparse(url).hostname == HOST or url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def problems(self) -> str:
        lines = ([f"request to another host: {u}" for u in self.foreign] + self.errors
                 + [f"failed request: {f}" for f in self.failed])
        return "\n".join(lines)


def ensure_assets() -> Path:
    """_build/site_assets/offline, fetched by tools/fetch_assets.py if missing (npm registry, sha512-pinned)."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "fetch_assets.py")], check=True, capture_output=True)
    return ASSETS


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>nnlib explorers</title>
<script src="offline/require.js"></script>
<script src="offline/widgets-setup.js"></script>
<script src="offline/html-manager/embed-amd.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
</head><body><main>
{views}
</main></body></html>
"""


def explorer_page(explorers, folder) -> Path:
    """Write folder/index.html showing ``explorers`` (no kernel) and the site's scripts in folder/offline/."""
    import ipywidgets.embed

    folder = Path(folder)
    offline = folder / "offline"
    if not offline.exists():
        shutil.copytree(ensure_assets(), offline)
        shutil.copy(ROOT / "tools" / "site_static" / "widgets-setup.js", offline / "widgets-setup.js")
    data = ipywidgets.embed.embed_data(views=list(explorers), drop_defaults=False)  # as a kernel saves it
    state = json.dumps(data["manager_state"]).replace("</", "<\\/")
    views = "\n".join(
        f'<div class="cell_output" id="explorer-{i}"><script type="application/vnd.jupyter.widget-view+json">'
        f'{json.dumps(spec)}</script></div>' for i, spec in enumerate(data["view_specs"]))
    path = folder / "index.html"
    path.write_text(PAGE.format(state=state, views=views), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ parity with nnlib
JS_COMPUTE = """async ([src, rows, fn]) => {
  const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
  const mod = await import(url);
  URL.revokeObjectURL(url);
  return rows.map((row) => (Array.isArray(row) ? mod[fn](...row) : mod[fn](row)));
}"""


def js_call(page, esm, rows, fn="compute"):
    """Import the ES module string ``esm`` (exactly what the widget loads) in ``page`` and return
    ``[module[fn](row) for row in rows]`` (a row that is a list is spread as positional arguments)."""
    return page.evaluate(JS_COMPUTE, [esm, rows, fn])


def explorer_table(page, explorer, rows):
    """Set ``explorer`` to each row of settings in turn: (its inputs, nnlib's states, the JS module's results for
    the same inputs in ``page``), the three lists a parity test compares."""
    inputs, states = [], []
    for row in rows:
        explorer.set(**row)
        inputs.append(explorer.inputs())
        states.append(dict(explorer.state))
    return inputs, states, js_call(page, explorer.view._esm, inputs)


def mismatches(js, py, tol=1e-9, where=""):
    """Differences between a JS result and nnlib's state (dicts of numbers, bools, arrays, strings): a list of
    messages, empty when every number agrees to ``tol`` (absolute, or relative above 1) and everything else
    is equal. Keys in ``py`` missing from ``js`` count as differences; extra JS keys are ignored."""
    import numpy as np

    out = []
    for key, want in py.items():
        if key not in js:
            out.append(f"{where}{key}: missing from the JS result")
            continue
        got = js[key]
        w = np.asarray(want)
        if w.dtype.kind in "biuf":
            g = np.asarray(got, dtype=w.dtype if w.dtype.kind == "b" else np.float64)
            if g.shape != w.shape:
                out.append(f"{where}{key}: shape {g.shape} in JS, {w.shape} in nnlib")
            elif w.dtype.kind == "b":
                if not np.array_equal(g, w):
                    out.append(f"{where}{key}: {got} in JS, {want} in nnlib")
            else:
                w = w.astype(np.float64)
                same_special = (np.isnan(g) & np.isnan(w)) | (np.isinf(w) & (g == w))
                err = np.where(same_special, 0.0, np.abs(g - w) / np.maximum(1.0, np.abs(w)))
                if not np.all(np.nan_to_num(err, nan=np.inf) <= tol):
                    i = int(np.argmax(np.nan_to_num(err, nan=np.inf)))
                    out.append(f"{where}{key}: worst error {err.flat[i]:.3g} at index {i}: "
                               f"{g.flat[i]!r} in JS, {w.flat[i]!r} in nnlib")
        elif got != want:
            out.append(f"{where}{key}: {got!r} in JS, {want!r} in nnlib")
    return out


def worst_error(js, py):
    """The largest relative-or-absolute difference over every number of nnlib's state (for reports)."""
    import numpy as np

    worst = 0.0
    for key, want in py.items():
        w = np.asarray(want)
        if w.dtype.kind in "iuf" and key in js:
            g, w = np.asarray(js[key], dtype=np.float64), w.astype(np.float64)
            ok = np.isfinite(w) & np.isfinite(g)
            if ok.any():
                worst = max(worst, float(np.max(np.abs(g[ok] - w[ok]) / np.maximum(1.0, np.abs(w[ok])))))
    return worst


@pytest.fixture(scope="module")
def blank_page():
    """A Chromium page on about:blank, for running ES modules (parity tables); fails in CI without Chromium."""
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        page.goto("about:blank")
        yield page
        browser.close()


def run_in_kernel(code, timeout=120):
    """Run ``code`` in a fresh native Jupyter kernel (this interpreter, comms open, as in JupyterLab) and return
    what it printed; a failing cell fails the test with the kernel's traceback."""
    import jupyter_client

    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("\n".join(msg["content"]["traceback"]))

        reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
        kc.stop_channels()
        assert reply["content"]["status"] == "ok", "".join(out)
        return "".join(out)
    finally:
        km.shutdown_kernel(now=True)


# ------------------------------------------------------------------------------------ axe-core (accessibility)
# A test asset, not part of the site: fetched with `npm pack` (the npm registry's ordinary client) at a pinned
# version, checked against the tarball's sha512 integrity like tools/fetch_assets.py does, kept in _build/test_assets.
AXE = ("axe-core", "4.14.1",
       "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==")
TEST_ASSETS = ROOT / "_build" / "test_assets"


def axe_source() -> str:
    """The text of axe.min.js at the pinned version (fetched once into _build/test_assets/axe-core-VERSION/)."""
    import base64
    import hashlib
    import tarfile
    import tempfile

    name, version, integrity = AXE
    target = TEST_ASSETS / f"{name}-{version}" / "axe.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm not found: the accessibility tests fetch {name}@{version} from the npm registry "
                        "(install Node.js, which brings npm)", pytrace=False)
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([npm, "pack", f"{name}@{version}", "--json", "--pack-destination", tmp],
                                 check=True, capture_output=True, text=True).stdout
            tgz = Path(tmp) / json.loads(out)[0]["filename"]
            got = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
            if got != integrity:
                pytest.fail(f"{name}@{version} from npm has integrity {got}, expected {integrity}", pytrace=False)
            with tarfile.open(tgz) as tar, tar.extractfile("package/axe.min.js") as fh:
                text = fh.read()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_suffix(".tmp").write_bytes(text)
        target.with_suffix(".tmp").rename(target)
    return target.read_text(encoding="utf-8")
