"""The packages of the students' servers on a real hub (TLJH's user environment, the Zero to JupyterHub image):
the learner branch's binder/requirements.txt (the pinned run-time packages of requirements.txt) without its
last line "." (nnlib itself: it arrives with every pull, as book/nnlib), plus the pinned JupyterHub and
nbgitpuller. jupyterhub must match the hub's major version (JupyterHub 6 here).

Usage: python tools/hub/image_requirements.py > deploy/z2jh/requirements.txt
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import learner_branch  # noqa: E402

HUB_PACKAGES = ("jupyterhub", "nbgitpuller")


def image_requirements(requirements: Path = ROOT / "requirements.txt") -> str:
    lines = [line for line in learner_branch.binder_requirements(requirements).splitlines()
             if line.strip() and line.strip() != "." and not line.startswith("#")]
    pins = {line.split("==")[0].lower(): line.strip() for line in requirements.read_text().splitlines() if "==" in line}
    missing = [p for p in HUB_PACKAGES if p not in pins]
    if missing:
        raise ValueError(f"requirements.txt has no pin for {missing}")
    return ("# Written by tools/hub/image_requirements.py from requirements.txt: the students' servers on a hub.\n"
            + "\n".join(lines + [pins[p] for p in HUB_PACKAGES]) + "\n")


if __name__ == "__main__":
    sys.stdout.write(image_requirements())
