"""How big a machine a class needs: N students start at once on the demo hub (tools/hub), each pulls the course
with nbgitpuller and runs a chapter in a kernel started in the pulled copy's folder, every code cell in order, as
a student who has done every exercise would: the learner copy's cells with the exercise cells answered (the
answers are the chapter's reference solutions, from book/). Any error counts as a failure.

Usage: python benchmarks/hub_load.py [--students 10] [--chapter 01_neuron] [--record deploy/hub_sizing.json]

Prints the time until every student's chapter has run, the failures, the memory per student (RSS of the
student's Jupyter server plus its kernel, after the run) and the hub's own memory (JupyterHub plus
configurable-http-proxy). ``--record`` stores the figures in a JSON file: deploy/hub_sizing.json is the one
book/instructors.md quotes and tests/test_hub_deploy.py checks deploy/z2jh/config.yaml against.
RSS counts shared libraries in every process, so the per-student figure errs on the safe side.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "hub"))
import hubkit  # noqa: E402

MB = 2 ** 20


def student_run(hub, user, chapter, result):
    t0 = time.monotonic()
    try:
        hubkit.start_server(hub, user)
        t1 = time.monotonic()
        hubkit.pull(hub, user)
        t2 = time.monotonic()
        learner = nbformat.read(hub.home(user) / "course" / "book" / f"{chapter}.ipynb", as_version=4)
        solved = {c.get("id"): c.source for c in nbformat.read(ROOT / "book" / f"{chapter}.ipynb", 4).cells}
        errors = []
        with hubkit.KernelSession(hub, user, f"course/book/{chapter}.ipynb") as kernel:
            for cell in learner.cells:
                if cell.cell_type == "code" and "colab-install" not in cell.metadata.get("tags", []):
                    source = solved.get(cell.get("id"), cell.source) if "NotImplementedError" in cell.source \
                        else cell.source
                    out, error = kernel.execute(source, timeout=300)
                    if error:
                        errors.append(f"{error} in the cell starting {source.splitlines()[0][:50]!r}")
            # memory while the kernel still holds what the chapter made
            procs = [p for p in hubkit.hub_processes(hub.state) if p["user"] == user]
            result.update(rss=sum(p["rss"] for p in procs),
                          kernel_rss=sum(p["rss"] for p in procs if p["kind"] == "kernel"))
        result.update(spawn=t1 - t0, pull=t2 - t1, run=time.monotonic() - t2, ready=time.monotonic() - t0,
                      failure="; ".join(errors) or None)
    except Exception as err:  # a student who could not get going is a failure to report, not a crash
        result.update(failure=f"{type(err).__name__}: {err}"[:300], ready=time.monotonic() - t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10, help="students starting at once (default 10)")
    parser.add_argument("--chapter", default="01_neuron", help="chapter each student runs (default 01_neuron)")
    parser.add_argument("--record", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.students < 1:
        parser.error(f"--students expects a number of students >= 1, got {args.students}")
    if not (ROOT / "book" / f"{args.chapter}.ipynb").exists():
        parser.error(f"--chapter expects a chapter name such as 01_neuron, got {args.chapter!r} "
                     f"(chapters: {', '.join(c[:-6] for c in hubkit.chapters())})")

    with tempfile.TemporaryDirectory(prefix="hub-load-") as tmp:
        state = Path(tmp)
        hubkit.publish_course(state)
        hub = hubkit.Hub(state).start()
        try:
            idle = {p["kind"]: p["rss"] for p in hubkit.hub_processes(state)}
            users = [f"student{i:03d}" for i in range(args.students)]
            results = {u: {} for u in users}
            threads = [threading.Thread(target=student_run, args=(hub, u, args.chapter, results[u])) for u in users]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - t0
            hub_rss = sum(p["rss"] for p in hubkit.hub_processes(state) if p["kind"] in ("hub", "proxy"))
        finally:
            left = hub.stop()

    ok = [r for r in results.values() if not r.get("failure")]
    failures = {u: r["failure"] for u, r in results.items() if r.get("failure")}
    per_student = [r["rss"] / MB for r in ok]
    figures = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
        "chapter": args.chapter,
        "students": args.students,
        "failures": len(failures),
        "seconds_to_all_ready": round(wall, 1),
        "median_seconds": {k: round(statistics.median(r[k] for r in ok), 1) for k in ("spawn", "pull", "run")}
        if ok else {},
        "student_mb_mean": round(statistics.mean(per_student)) if ok else None,
        "student_mb_max": round(max(per_student)) if ok else None,
        "kernel_mb_max": round(max(r["kernel_rss"] for r in ok) / MB) if ok else None,
        "hub_mb_idle": round((idle.get("hub", 0) + idle.get("proxy", 0)) / MB),
        "hub_mb": round(hub_rss / MB),
    }
    print(f"{args.students} students at once, each pulls the course and runs {args.chapter} "
          f"({figures['machine']}):")
    print(f"  time until all had run it: {figures['seconds_to_all_ready']} s "
          f"(median per student: {figures['median_seconds']})")
    print(f"  failures: {len(failures)}" + "".join(f"\n    {u}: {f}" for u, f in failures.items()))
    if ok:
        print(f"  memory per student (server + kernel RSS): mean {figures['student_mb_mean']} MB, "
              f"max {figures['student_mb_max']} MB (kernel alone up to {figures['kernel_mb_max']} MB)")
    print(f"  the hub's own memory (JupyterHub + proxy): {figures['hub_mb']} MB "
          f"({figures['hub_mb_idle']} MB before anyone logged in)")
    if left:
        print(f"  stopping the hub had to end {len(left)} process(es) left behind")
    if args.record:
        record = json.loads(args.record.read_text()) if args.record.exists() else {}
        record[args.chapter] = figures
        hubkit.write_json(args.record, record)
        print(f"  recorded in {args.record}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
