"""`make hub`: a JupyterHub for the class on this machine, for an instructor to try the course as students see it.

Usage: python tools/hub/launch.py [--port 8000] [--ip 127.0.0.1] [--state _build/hub]

Sets up configurable-http-proxy (pinned npm lock file), publishes the learner copies as a local git repository,
starts JupyterHub (shared-password login, one local server per user, homes in STATE/home/), prints the address,
the passwords and one nbgitpuller link per chapter, and runs until Ctrl-C, which stops the hub, every server
and kernel it started and the proxy. Run it again after changing a chapter on main: the learner branch gets a
new commit, and a student's next click on a link merges it into their copy.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hubkit  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port of the hub (default: a free one)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (0.0.0.0: the whole network)")
    parser.add_argument("--state", type=Path, default=hubkit.ROOT / "_build" / "hub",
                        help="folder for the hub's database, the course repository and the users' homes")
    args = parser.parse_args(argv)
    if args.port and not 0 < args.port < 65536:
        parser.error(f"--port expects a port number between 1 and 65535, got {args.port}")

    print("make hub: setting up configurable-http-proxy from tools/hub/package-lock.json ...", flush=True)
    hubkit.ensure_proxy()
    commit, changed = hubkit.publish_course(args.state)
    repo = hubkit.course_repo(args.state)
    print(f"make hub: learner branch {'updated to' if changed else 'unchanged at'} {commit[:12]} in {repo}")
    hub = hubkit.Hub(args.state, port=args.port or None, ip=args.ip)
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    # Ctrl-C, `kill` and a closed terminal all stop the class the same way (SIGINT is set explicitly: a shell
    # that starts make in the background hands it down ignored)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    try:
        hub.start()
        print(f"""
The class hub is running: {hub.url}   (log: {hub.log_path})

  Students: any user name, password  {hub.password}
  Instructor: user name  {hubkit.INSTRUCTOR}, password  {hub.instructor_password}
              (nbgrader's formgrader: {hub.url}/user/{hubkit.INSTRUCTOR}/formgrader)

Chapter links (nbgitpuller: the first click copies the course into the student's home as course/, later clicks
merge the instructor's changes and keep the student's work; cells where both changed are flagged in the notebook):
""")
        for chapter in hubkit.chapters():
            print(f"  {chapter:28s} {hubkit.pull_link(hub.url, args.state, chapter)}")
        if args.ip != "127.0.0.1":
            print(f"\nOther computers reach the hub at this machine's address instead of 127.0.0.1 (port {hub.port}). "
                  "It speaks plain HTTP: use it only on a network you trust.")
        print("\nPress Ctrl-C to stop the hub, every student's server and the proxy.", flush=True)
        while hub.proc.poll() is None:
            time.sleep(0.5)
        print(f"make hub: JupyterHub exited with code {hub.proc.returncode}:\n{hub.logtail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmake hub: stopping ...", flush=True)
        return 0
    except RuntimeError as err:
        print(f"make hub: {err}", file=sys.stderr)
        return 1
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)       # a second Ctrl-C must not cut the clean-up short
        killed = hub.stop()
        left = hubkit.hub_processes(args.state)
        if killed:
            print(f"make hub: ended {len(killed)} process(es) the hub left behind", file=sys.stderr)
        print("make hub: stopped, no process left" if not left else f"make hub: still running: {left}",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
