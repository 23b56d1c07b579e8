"""`make lab` works: JupyterLab serves the chapters, the widgets extension is on, a kernel runs a chapter.

Starts JupyterLab headless on 127.0.0.1 (a free port, a random token, root = book/), talks to it through
its REST API and a kernel websocket, and always shuts it down again. Every wait is bounded.
COURSE_BOOK_DIR=/some/folder serves another folder of notebooks (for trying things out).
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
BOOK = Path(os.environ.get("COURSE_BOOK_DIR", ROOT / "book")).resolve()
NOTEBOOKS = sorted(p.name for p in BOOK.glob("*.ipynb"))
START_TIMEOUT = 60  # seconds for the server to answer
CELL_TIMEOUT = 60  # seconds per cell


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server: `get`, `post`, `delete` on its REST API, with the token."""

    def __init__(self, tmp):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / "lab.log"
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               "--port-retries=0", f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={BOOK}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]  # no PyPI look-ups from the test
        if os.geteuid() == 0:  # containers and CI often run as root
            cmd.append("--allow-root")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=tmp, env=env,
                                     start_new_session=True)

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 10)
        r = requests.request(method, self.url + path, headers={"Authorization": f"token {self.token}"}, **kw)
        r.raise_for_status()
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def logtail(self):
        return self.log_path.read_text(errors="replace")[-3000:]

    def wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.logtail()}")
            try:
                self.get("/api/status", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT} s:\n{self.logtail()}")

    def stop(self):
        """Ask the server to shut down (it stops its kernels), then make sure it is gone."""
        if self.proc.poll() is None:
            try:
                self.request("POST", "/api/shutdown", timeout=5)
            except requests.RequestException:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the server's own process group (its kernels)
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = Lab(tmp_path_factory.mktemp("lab"))
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


class Kernel:
    """A kernel started through a notebook session, driven over its websocket (legacy JSON protocol)."""

    def __init__(self, lab, notebook):
        self.lab = lab
        session = lab.request("POST", "/api/sessions", json={
            "path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}}).json()
        self.session_id, kernel_id = session["id"], session["kernel"]["id"]
        self.client_session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?session_id={self.client_session}",
            header=[f"Authorization: token {lab.token}"], timeout=CELL_TIMEOUT)

    def execute(self, code):
        """Run `code`; return (outputs, error) where outputs are iopub output messages' contents."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": self.client_session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        outputs, error, deadline = [], None, time.monotonic() + CELL_TIMEOUT
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg["channel"] != "iopub":
                continue
            kind = msg["msg_type"]
            if kind in ("stream", "execute_result", "display_data"):
                outputs.append(msg["content"])
            elif kind == "error":
                error = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return outputs, error
        raise TimeoutError(f"no answer from the kernel within {CELL_TIMEOUT} s for:\n{code}")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.lab.request("DELETE", f"/api/sessions/{self.session_id}")


def test_lab_serves_the_chapters(lab):
    assert NOTEBOOKS, f"no chapter notebooks in {BOOK}"
    listing = lab.get("/api/contents").json()["content"]
    served = sorted(item["name"] for item in listing if item["type"] == "notebook")
    assert served == NOTEBOOKS
    chapter = lab.get(f"/api/contents/{NOTEBOOKS[0]}").json()
    assert chapter["type"] == "notebook" and chapter["content"]["cells"]


def test_widgets_extension_is_active(lab):
    page = lab.get("/lab").text
    config = json.loads(re.search(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    names = [ext["name"] for ext in config.get("federated_extensions", [])]
    assert "@jupyter-widgets/jupyterlab-manager" in names, "ipywidgets' lab extension is missing: no live sliders"
    disabled = config.get("disabledExtensions", [])
    assert not any(d.startswith("@jupyter-widgets/jupyterlab-manager") for d in disabled)


def test_kernel_runs_a_chapters_first_cells(lab):
    assert NOTEBOOKS, f"no chapter notebooks in {BOOK}"
    chapter = NOTEBOOKS[0]
    nb = nbformat.read(BOOK / chapter, as_version=4)
    first_cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    first_cells = [s for s in first_cells[:3] if "BEGIN SOLUTION" not in s]
    kernel = Kernel(lab, chapter)
    try:
        outputs, error = kernel.execute("import nnlib\nprint('nnlib', nnlib.__name__)")
        assert error is None, f"import nnlib failed in the lab's kernel: {error['ename']}: {error['evalue']}"
        assert any(o.get("text", "").startswith("nnlib nnlib") for o in outputs)
        produced = []
        for source in first_cells:
            outputs, error = kernel.execute(source)
            assert error is None, f"{chapter}: {error['ename']}: {error['evalue']} in cell:\n{source}"
            produced += outputs
        assert produced, f"{chapter}: its first code cells produced no output"
    finally:
        kernel.close()
