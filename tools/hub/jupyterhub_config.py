# JupyterHub configuration for the course's demo hub (`make hub`, tests/test_hub.py, benchmarks/hub_load.py).
# tools/hub/hubkit.py starts `jupyterhub -f tools/hub/jupyterhub_config.py` with the COURSE_HUB_* variables set.
#
# - Login: JupyterHub's shared-password authenticator. Students: any user name + the class password.
#   The instructor ("instructor") logs in with the instructor password and is a hub admin.
# - Each user's server is a local process (SimpleLocalProcessSpawner: no system accounts needed, works as root)
#   with its home in STATE/home/<user>. nbgitpuller comes with the server (pinned in requirements.txt).
# - tools/hub/course_pull.py is loaded in every server: after each nbgitpuller pull it reports the cells that the
#   instructor changed and the student had also edited (nbgitpuller keeps the student's version silently).
# - The instructor's server has nbgrader's formgrader, with its course folder in the instructor's home.
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ["COURSE_HUB_STATE"])
PYTHON = Path(os.environ.get("COURSE_HUB_PYTHON", sys.executable))
INSTRUCTOR = "instructor"
IP = os.environ.get("COURSE_HUB_IP", "127.0.0.1")

c = get_config()  # noqa: F821 (JupyterHub provides it)

c.JupyterHub.bind_url = f"http://{IP}:{os.environ['COURSE_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['COURSE_HUB_HUB_PORT']}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True   # Ctrl-C stops every student's server too
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.check_running_servers = False
c.JupyterHub.implicit_spawn_seconds = 1   # a bookmarked link (a chapter, the formgrader) starts a stopped server

c.ConfigurableHTTPProxy.command = [os.environ["COURSE_HUB_PROXY"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['COURSE_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.should_start = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["COURSE_HUB_PASSWORD"]
c.SharedPasswordAuthenticator.admin_password = os.environ["COURSE_HUB_INSTRUCTOR_PASSWORD"]
c.Authenticator.admin_users = {INSTRUCTOR}
c.Authenticator.allow_all = True

# A service token for the tests and the benchmark (start servers, call a user's server on their behalf).
c.JupyterHub.services = [{"name": "course-admin", "api_token": os.environ["COURSE_HUB_API_TOKEN"]}]
c.JupyterHub.load_roles = [{
    "name": "course-admin",
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users", "tokens"],
    "services": ["course-admin"],
}]

c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(PYTHON.with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180    # a class logging in at once on a small machine
c.Spawner.http_timeout = 180
c.Spawner.args = [
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",   # no look-ups on PyPI from the servers
]
if os.environ.get("COURSE_HUB_EXPOSE_APP"):
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")   # the tests drive JupyterLab's commands
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")

# Every server (and every kernel it starts) carries the hub's mark, so hubkit finds and measures them.
# safe.directory: git refuses to work in a repository owned by another user ("dubious ownership"), and
# nbgitpuller then only says "Remote content unavailable"; the course's repository is trusted here.
c.Spawner.environment = {
    "COURSE_HUB_STATE": str(STATE),
    "PYTHONPATH": str(HERE),     # course_pull
    "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*",
    "NBGITPULLER_DEPTH": "0",    # full history: the collision report compares the versions a pull merged
}


def _config_dir(kind: str, formgrader: bool) -> Path:
    folder = STATE / "jupyter-config" / kind
    folder.mkdir(parents=True, exist_ok=True)
    extensions = {"course_pull": True, "nbgrader.server_extensions.formgrader": formgrader}
    (folder / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"jpserver_extensions": extensions}}))
    return folder


def pre_spawn(spawner):
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    instructor = spawner.user.name == INSTRUCTOR
    spawner.environment["JUPYTER_CONFIG_PATH"] = str(_config_dir("instructor" if instructor else "student",
                                                                 instructor))
    if instructor:
        grading = home / "grading"
        (grading / "source").mkdir(parents=True, exist_ok=True)
        config = home / "nbgrader_config.py"
        if not config.exists():
            config.write_text("c = get_config()  # noqa: F821\n"
                              f"c.CourseDirectory.root = {str(grading)!r}\n")


c.Spawner.pre_spawn_hook = pre_spawn
