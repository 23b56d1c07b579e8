"""The live explorers with a kernel, in a browser: JupyterLab and Voila.

A notebook that displays the five explorers of the neuron (neuron, gate, activation, bump, loss) is opened in
headless Chromium, in JupyterLab (the notebook is run from the page) and in Voila (which runs it on load). Checked:
every explorer is drawn by its ES module (anywidget's lab extension loads it); a key press on a slider changes the
readout within one frame; in JupyterLab the kernel follows the page (the slider value arrives in Python and
``.state``, computed by nnlib, says what the page says) and the page follows the kernel
(``e.controls["w1"].value = ...`` run in the kernel moves the view). Servers run on 127.0.0.1 with a random token
and are always stopped; every wait is bounded. Skips without Chromium (fails if CI is set).
"""
import json
import re
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid

import nbformat
import pytest
import requests

from browserkit import Recorder, chromium, launch

websocket = pytest.importorskip("websocket")
widgets = pytest.importorskip("nnlib.widgets")

BUILDERS = ["neuron_explorer", "gate_explorer", "activation_explorer", "bump_builder", "loss_explorer"]
# The learning explorers (issue 10): the code that shows each one and the slider the Voila test presses.
HISTORIES = ("{h: {'loss': [1.0 / (1 + 0.1 * h * e) for e in range(40)], "
             "'val_loss': [1.0 / (1 + 0.1 * h * e) + 0.002 * h * e for e in range(40)]} for h in (1, 4, 16)}")
LEARNING = [("widgets.bump_challenge()", "h1"), ("widgets.bump_tower()", "s"),
            ("widgets.gradient_descent_explorer()", "steps"), ("widgets.training_explorer()", "hidden"),
            ("widgets.conv_explorer()", "k00"), ("widgets.rnn_explorer()", "w_in"),
            (f"widgets.generalisation_explorer({HISTORIES})", "size"), ("widgets.lif_explorer()", "I")]
CODES = [f"widgets.{b}()" for b in BUILDERS] + [code for code, _ in LEARNING]
START_TIMEOUT = 90
AFTER_ONE_FRAME = """root => new Promise(done => requestAnimationFrame(() => done(
    root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML)))"""
SNAPSHOT = "root => root.querySelector('.nnx-readout').innerHTML + '|' + root.querySelector('svg.nnx-svg').innerHTML"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """JupyterLab or Voila on 127.0.0.1 in its own process group, serving ``folder``."""

    def __init__(self, kind, folder):
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"{kind}.log"
        common = ["--no-browser", f"--port={self.port}", f"--IdentityProvider.token={self.token}"]
        if kind == "lab":
            cmd = [sys.executable, "-m", "jupyterlab", *common, "--ip=127.0.0.1", "--port-retries=0",
                   f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.extension_manager=readonly", "--LabApp.news_url=None"]
        else:
            cmd = [sys.executable, "-m", "voila", *common, "--Voila.ip=127.0.0.1", str(folder / "explorers.ipynb")]
        if os.geteuid() == 0 and kind == "lab":
            cmd.append("--allow-root")
        self.log = open(self.log_path, "w")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(folder / f"runtime-{kind}"))
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=folder, env=env,
                                     start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{kind} exited with code {self.proc.returncode}:\n{self.logtail()}")
            try:
                requests.get(f"{self.url}/api/status" if kind == "lab" else self.url, timeout=2,
                             headers={"Authorization": f"token {self.token}"})
                return
            except requests.RequestException:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{kind} did not answer within {START_TIMEOUT} s")

    def logtail(self):
        return self.log_path.read_text(errors="replace")[-3000:]

    def api(self, method, path, **kw):
        r = requests.request(method, self.url + path, headers={"Authorization": f"token {self.token}"},
                             timeout=10, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)       # the server's own process group (its kernels too)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def _kernel_run(server, kernel_id, code, timeout=30):
    """Run ``code`` in a running kernel (a second client on its websocket); return its stdout."""
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={session}",
        header=[f"Authorization: token {server.token}"], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request",
                       "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg["channel"] != "iopub":
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
        raise TimeoutError(f"the kernel did not finish within {timeout} s:\n{code}")
    finally:
        ws.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; CI is set, so the browser tests must run.", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("explorers")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from nnlib import widgets")]
    nb.cells += [nbformat.v4.new_code_cell(f"e{i} = {code}\ne{i}") for i, code in enumerate(CODES)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "explorers.ipynb")
    return folder


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


def _views(page, timeout_ms):
    page.wait_for_function(f"document.querySelectorAll('.nnx .nnx-readout').length >= {len(CODES)}",
                           timeout=timeout_ms)
    return page.locator(".nnx").all()


def _press_and_check(page, view_root, box, label="b"):
    """Press ArrowRight on the slider labelled ``label`` of the explorer ``box``: the view changes in one frame."""
    handle = box.locator(".widget-slider", has=page.locator(".widget-label", has_text=re.compile(f"^{label}$"))).locator(
        ".noUi-handle").first
    before = view_root.evaluate(SNAPSHOT)
    handle.focus()
    page.keyboard.press("ArrowRight")
    after = view_root.evaluate(AFTER_ONE_FRAME)
    assert after != before, f"moving {label} changed nothing within one frame"


def test_explorers_in_jupyterlab_follow_the_page_and_the_kernel(folder, browser):
    server = Server("lab", folder)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    rec = Recorder(page)
    try:
        page.goto(f"{server.url}/lab/tree/explorers.ipynb?token={server.token}")
        page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=60_000)
        page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
            return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel &&
                   w.sessionContext.session.kernel.status === 'idle'; }""", timeout=60_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        views = _views(page, 60_000)
        names = [v.get_attribute("data-view") for v in views]
        expected = [type(eval(code, {"widgets": widgets}).view).__name__ for code in CODES]
        assert names == expected
        neuron = views[0]
        box = page.locator(".nnlib-explorer").first
        _press_and_check(page, neuron, box, "b")
        # the kernel follows the page: the slider's new value reached Python, and nnlib's state is what is shown
        kernel_id = next(s["kernel"]["id"] for s in server.api("GET", "/api/sessions")
                         if s["path"].endswith("explorers.ipynb"))
        page_b = json.loads(neuron.get_attribute("data-inputs"))["b"]
        deadline = time.monotonic() + 10
        while True:
            out = _kernel_run(server, kernel_id, "import json; print(json.dumps([e0.controls['b'].value, "
                                                 "e0.view.b, e0.state['z'], bool(e0.state['fires'])]))")
            b_py, b_view, z, fires = json.loads(out)
            if b_py == page_b or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert b_py == page_b == b_view, f"page b = {page_b}, kernel slider {b_py}, view trait {b_view}"
        shown_z = neuron.locator(".nnx-readout [data-key=z]").inner_text()
        assert shown_z == widgets.fmt(z, 3)
        # the page follows the kernel: a slider moved from Python moves the view
        _kernel_run(server, kernel_id, "e0.controls['w1'].value = -2.0")
        page.wait_for_function("""el => JSON.parse(el.dataset.inputs).w1 === -2""", arg=neuron.element_handle(),
                               timeout=10_000)
        out = _kernel_run(server, kernel_id, "print(e0.state['z'])")
        assert neuron.locator(".nnx-readout [data-key=z]").inner_text() == widgets.fmt(float(out), 3)
        assert not [e for e in rec.errors if "anywidget" in e or "nnx" in e], rec.problems()
    finally:
        page.close()
        server.stop()


def test_explorers_in_voila_move(folder, browser):
    server = Server("voila", folder)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    rec = Recorder(page)
    try:
        page.goto(f"{server.url}/?token={server.token}")
        views = _views(page, 90_000)
        assert len(views) == len(CODES)
        boxes = page.locator(".nnlib-explorer").all()
        for view, box, label in zip(views, boxes, ["b", "b", "b", "left", "z"] + [lab for _, lab in LEARNING]):
            _press_and_check(page, view, box, label)
        # Voila's own page template asks cdn.jsdelivr.net for Font Awesome (blocked here; the page works without
        # it); nothing the explorers need may come from another host
        ours = [u for u in rec.foreign if "fontawesome" not in u]
        assert not ours, rec.problems()
        assert not [e for e in rec.errors if "anywidget" in e or "nnx" in e], rec.problems()
    finally:
        page.close()
        server.stop()
