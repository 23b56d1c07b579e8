"""A class hub on this machine: the pieces `make hub`, tests/test_hub.py and benchmarks/hub_load.py share.

* ``ensure_proxy()``: configurable-http-proxy, installed with ``npm ci`` from tools/hub/package-lock.json (every
  package pinned with its sha512 integrity) into _build/hub-proxy/, once.
* ``publish_course(state)``: the learner branch (tools/learner_branch.py) committed into a bare repository
  ``STATE/git/course``. The folder is called ``course``, not ``course.git``: nbgitpuller names the student's
  folder after the last part of the URL, and the chapter links say ``lab/tree/course/book/...``. Calling it
  again after a change on ``main`` adds a commit on top, so a student's next pull merges it.
* ``Hub``: JupyterHub (tools/hub/jupyterhub_config.py) started on free local ports in its own process group;
  ``stop()`` ends it and then anything still carrying this hub's mark (servers, kernels, the proxy).
* ``hub_processes(state)``: every process of that hub, found by the mark ``COURSE_HUB_STATE=<state>`` in its
  environment (the hub sets it in every server it spawns, and kernels inherit it), with its user and RSS.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))
import learner_branch  # noqa: E402
from repository import LEARNER_BRANCH  # noqa: E402

PROXY_DIR = ROOT / "_build" / "hub-proxy"
INSTRUCTOR = "instructor"
MARK = "COURSE_HUB_STATE"


def chapters(root=ROOT):
    return sorted(p.name for p in (root / "book").glob("[0-9][0-9]_*.ipynb"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------------ the proxy
def ensure_proxy(dest: Path = PROXY_DIR) -> Path:
    """Path of the configurable-http-proxy command, installed from the pinned lock file if needed."""
    exe = dest / "node_modules" / ".bin" / "configurable-http-proxy"
    lock = (HERE / "package-lock.json").read_text()
    stamp = dest / "installed-from-lock.json"
    if exe.exists() and stamp.exists() and stamp.read_text() == lock:
        return exe
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"make hub needs Node.js for configurable-http-proxy, but {' and '.join(missing)} "
                           "is not on PATH (Debian: apt-get install nodejs npm)")
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(HERE / name, dest / name)
    # npm ci installs exactly the lock file and checks every tarball against its integrity hash
    r = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=dest, capture_output=True, text=True)
    if r.returncode != 0 or not exe.exists():
        raise RuntimeError(f"npm ci in {dest} failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    stamp.write_text(lock)
    return exe


# ------------------------------------------------------------------------------------------- the course
def course_repo(state: Path) -> Path:
    return Path(state) / "git" / "course"


def publish_course(state: Path, root: Path = ROOT, message: str = "Learner copies from main") -> tuple[str, bool]:
    """Commit the learner branch built from ``root`` into STATE/git/course; returns (commit, changed)."""
    repo = course_repo(state)
    if not (repo / "HEAD").exists():
        repo.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "--bare", "-b", LEARNER_BRANCH, str(repo)], check=True)
    work = Path(state) / "learner-tree"
    learner_branch.assemble(work, repository=None, root=root)
    return learner_branch.commit_tree(work, repo, message=message)


def pull_link(base_url: str, state: Path, chapter: str, hub_prefix: str = "/hub/user-redirect") -> str:
    """The nbgitpuller link that brings the course into a student's home and opens ``chapter``."""
    query = urlencode({"repo": course_repo(state).as_uri(), "branch": LEARNER_BRANCH,
                       "urlpath": f"lab/tree/course/book/{chapter}"})
    return f"{base_url}{hub_prefix}/git-pull?{query}"


# ------------------------------------------------------------------------------------------- the hub
class Hub:
    """A JupyterHub for the course, on free ports of 127.0.0.1 (or ``ip``), state in ``state``."""

    def __init__(self, state: Path, port: int | None = None, ip: str = "127.0.0.1", expose_app: bool = False,
                 log=None):
        self.state = Path(state).resolve()
        self.state.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.ip = ip
        self.url = f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{self.port}"
        self.password = secrets.token_urlsafe(9)                 # students: 12 characters
        self.instructor_password = secrets.token_urlsafe(27)     # JupyterHub wants >= 32 for the admin
        self.api_token = secrets.token_hex(32)                    # the "course-admin" service (tests, benchmark)
        self.expose_app = expose_app
        self.log_path = self.state / "hub.log"
        self._log = log
        self.proc = None

    def env(self) -> dict:
        return dict(
            os.environ, **{MARK: str(self.state)},
            COURSE_HUB_IP=self.ip, COURSE_HUB_PORT=str(self.port), COURSE_HUB_HUB_PORT=str(free_port()),
            COURSE_HUB_API_PORT=str(free_port()), COURSE_HUB_PROXY=str(ensure_proxy()),
            COURSE_HUB_PASSWORD=self.password, COURSE_HUB_INSTRUCTOR_PASSWORD=self.instructor_password,
            COURSE_HUB_API_TOKEN=self.api_token, COURSE_HUB_EXPOSE_APP="1" if self.expose_app else "",
            CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(32), COURSE_HUB_PYTHON=sys.executable,
        )

    def start(self, timeout: float = 90):
        env = self.env()
        cmd = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(HERE / "jupyterhub_config.py")]
        out = self._log or open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.state, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_up(timeout)
        return self

    def wait_up(self, timeout):
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with code {self.proc.returncode}:\n{self.logtail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer at {self.url} within {timeout} s:\n{self.logtail()}")

    def logtail(self, n=4000) -> str:
        try:
            return self.log_path.read_text()[-n:]
        except OSError:
            return ""

    def api(self, method: str, path: str, **kw):
        """Call the hub's REST API (``/hub/api`` + path) as the course-admin service."""
        import requests

        kw.setdefault("timeout", 30)
        r = requests.request(method, f"{self.url}/hub/api{path}",
                             headers={"Authorization": f"token {self.api_token}"}, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def server(self, method: str, user: str, path: str, **kw):
        """Call a user's Jupyter server (``/user/<user>`` + path) with the service's token."""
        import requests

        kw.setdefault("timeout", 60)
        r = requests.request(method, f"{self.url}/user/{user}{path}",
                             headers={"Authorization": f"token {self.api_token}"}, **kw)
        r.raise_for_status()
        return r

    def home(self, user: str) -> Path:
        return self.state / "home" / user

    def stop(self, timeout: float = 30) -> list[str]:
        """Stop the hub (it stops the servers it spawned and the proxy), then anything left with this hub's
        mark. Returns what had to be killed after the hub had gone (empty when it cleaned up by itself)."""
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        return kill_leftovers(self.state)


# ------------------------------------------------------------------------------------- its processes
def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def hub_processes(state: Path) -> list[dict]:
    """Every live process of the hub in ``state``: pid, user (JUPYTERHUB_USER, "" for the hub and proxy),
    kind ("hub", "proxy", "server", "kernel", "other") and rss in bytes."""
    mark = f"{MARK}={Path(state).resolve()}".encode()
    found = []
    page = os.sysconf("SC_PAGE_SIZE")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        environ = _read(proc / "environ").split(b"\0")
        if mark not in environ:
            continue
        user = next((e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"JUPYTERHUB_USER=")), "")
        cmdline = _read(proc / "cmdline").replace(b"\0", b" ").decode(errors="replace")
        statm = _read(proc / "statm").split()
        if not statm:
            continue
        kind = ("proxy" if "configurable-http-proxy" in cmdline else "kernel" if "ipykernel" in cmdline
                else "server" if "jupyterhub-singleuser" in cmdline else "hub" if "jupyterhub" in cmdline
                else "other")
        found.append({"pid": int(proc.name), "user": user, "kind": kind, "rss": int(statm[1]) * page,
                      "cmd": cmdline[:200]})
    return found


def kill_leftovers(state: Path, grace: float = 5) -> list[str]:
    """End every process still marked with this hub's state (by pid): SIGTERM, then SIGKILL after ``grace``."""
    left = hub_processes(state)
    for p in left:
        try:
            os.kill(p["pid"], signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and hub_processes(state):
        time.sleep(0.2)
    for p in hub_processes(state):
        try:
            os.kill(p["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass
    return [f"{p['kind']} {p['pid']}: {p['cmd']}" for p in left]


def write_json(path: Path, data) -> None:
    Path(path).write_text(json.dumps(data, indent=2) + "\n")


# ------------------------------------------------------------------------------------- a kernel, remotely
class KernelSession:
    """A kernel of ``user``'s server, started for the notebook ``path`` (so in its folder, as JupyterLab starts
    it), driven over the server's websocket through the hub's proxy with the course-admin token."""

    def __init__(self, hub: Hub, user: str, path: str):
        import websocket

        self.hub, self.user = hub, user
        self.session = hub.server("POST", user, "/api/sessions", json={
            "path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}).json()
        kid = self.session["kernel"]["id"]
        self.ws = websocket.create_connection(
            f"{hub.url.replace('http', 'ws', 1)}/user/{user}/api/kernels/{kid}/channels",
            header=[f"Authorization: token {hub.api_token}"], timeout=120)
        self.session_id = secrets.token_hex(16)

    def execute(self, code: str, timeout: float = 120) -> tuple[str, str | None]:
        """Run ``code``; returns (what it printed, the exception's name or None)."""
        msg_id = secrets.token_hex(16)
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user,
                       "session": self.session_id, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False}}))
        out, error, deadline = [], None, time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = msg["content"]["ename"]
                out.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out), error
        raise TimeoutError(f"{self.user}'s kernel did not finish within {timeout} s")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.hub.server("DELETE", self.user, f"/api/sessions/{self.session['id']}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def pull(hub: Hub, user: str, timeout: float = 300) -> str:
    """What a click on a chapter link does in the user's server (nbgitpuller's API); returns its log."""
    r = hub.server("GET", user, "/git-pull/api", params={"repo": course_repo(hub.state).as_uri(),
                                                         "branch": LEARNER_BRANCH, "targetpath": "course"},
                   stream=True, timeout=timeout)
    text = r.text
    if '"phase": "error"' in text or '"phase": "finished"' not in text:
        raise RuntimeError(f"nbgitpuller did not finish for {user}:\n{text[-2000:]}")
    return text


def start_server(hub: Hub, user: str, timeout: float = 300) -> None:
    """Create ``user`` if needed and start their server; returns when the hub says it is ready."""
    import requests

    try:
        hub.api("POST", f"/users/{user}")
    except requests.HTTPError as err:
        if err.response.status_code != 409:   # 409: the user exists already
            raise
    try:
        hub.api("POST", f"/users/{user}/server")
    except requests.HTTPError as err:
        if err.response.status_code != 400:   # 400: already running
            raise
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.api("GET", f"/users/{user}")["servers"].get("", {}).get("ready"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{user}'s server was not ready within {timeout} s")
