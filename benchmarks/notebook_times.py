"""Benchmark: how long each chapter takes to run top to bottom in a fresh kernel (bars: 60 s a chapter,
120 s the whole book, on the 2-core reference machine). Prints one line a chapter and the total.

Run: .venv/bin/python benchmarks/notebook_times.py
"""
import pathlib
import time

import nbformat
from nbclient import NotebookClient

BOOK = pathlib.Path(__file__).resolve().parent.parent / "book"


def main():
    total, worst = 0.0, 0.0
    for path in sorted(BOOK.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(BOOK)}}).execute()
        seconds = time.perf_counter() - t0
        total, worst = total + seconds, max(worst, seconds)
        print(f"{path.name:32s} {seconds:6.1f} s")
    ok = worst <= 60 and total <= 120
    print(f"{'whole book':32s} {total:6.1f} s   slowest chapter {worst:.1f} s (bars: 60 s, 120 s): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
