"""From measured figures (deploy/hub_sizing.json, written by benchmarks/hub_load.py) to the numbers a hub
administrator sets: one rule, used by deploy/z2jh/config.yaml (checked by tests/test_hub_deploy.py), the
TLJH recipe and the sizing table in book/instructors.md.

* per student: the largest "server + kernel" RSS measured over the recorded chapters;
* memory guarantee (what Kubernetes reserves per student): that figure rounded up to a multiple of 128 MiB;
* memory limit (beyond it the student's kernel is stopped): twice that figure, rounded up to 256 MiB, room for a
  student's own experiments;
* one machine for N students all working at once: the hub's own memory + N x per student + 1 GiB for the
  system, rounded up to whole GiB.

Usage: python tools/hub/sizing.py [deploy/hub_sizing.json]   (prints the figures and the table rows)
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "deploy" / "hub_sizing.json"


def _up(value, step):
    return int(math.ceil(value / step) * step)


def sizing(record: dict) -> dict:
    if not record:
        raise ValueError("the sizing record is empty: run benchmarks/hub_load.py --record deploy/hub_sizing.json")
    per_student = max(c["student_mb_max"] for c in record.values())
    hub = max(c["hub_mb"] for c in record.values())
    return {
        "per_student_mb": per_student,
        "hub_mb": hub,
        "guarantee_mb": _up(per_student, 128),
        "limit_mb": _up(2 * per_student, 256),
        "ram_gb": {n: math.ceil((hub + n * per_student + 1024) / 1024) for n in (30, 300)},
        "guaranteed_gb": {n: math.ceil(n * _up(per_student, 128) / 1024) for n in (30, 300)},
    }


def load(path: Path = RECORD) -> dict:
    return json.loads(Path(path).read_text())


if __name__ == "__main__":
    print(json.dumps(sizing(load(Path(sys.argv[1]) if len(sys.argv) > 1 else RECORD)), indent=2))
