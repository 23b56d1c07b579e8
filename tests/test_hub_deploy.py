"""The recipes past one machine say what was measured and pinned: Zero to JupyterHub's config and image, the TLJH
script and the instructors' sizing table all follow deploy/hub_sizing.json (benchmarks/hub_load.py) through one
rule (tools/hub/sizing.py), and install exactly the pins of requirements.txt. Also: the proxy is pinned with
integrity hashes, and the learner branch grows by commits (nbgitpuller can only merge a history it shares)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "hub"))
sys.path.insert(0, str(ROOT / "tools"))
import image_requirements  # noqa: E402
import learner_branch  # noqa: E402
import sizing  # noqa: E402

DEPLOY = ROOT / "deploy"
RECORD = sizing.load()
SIZES = sizing.sizing(RECORD)


def mib(text: str) -> int:
    m = re.fullmatch(r"(\d+)([MG])", str(text))
    assert m, f"expected a size like 512M or 1G, got {text!r}"
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1)


def test_the_record_holds_a_real_run_of_chapter_1_and_chapter_9():
    for chapter, students in (("01_neuron", 10), ("09_training", 2)):
        fig = RECORD[chapter]
        assert fig["students"] >= students and fig["failures"] == 0, fig
        assert 50 < fig["student_mb_max"] < 4096 and 20 < fig["hub_mb"] < 2048, fig
    assert RECORD["09_training"]["student_mb_max"] >= RECORD["01_neuron"]["student_mb_max"]


def test_z2jh_memory_follows_the_benchmark_and_idle_servers_are_culled():
    config = yaml.safe_load((DEPLOY / "z2jh" / "config.yaml").read_text())
    user = config["singleuser"]
    assert mib(user["memory"]["guarantee"]) == SIZES["guarantee_mb"]
    assert mib(user["memory"]["limit"]) == SIZES["limit_mb"]
    assert SIZES["guarantee_mb"] >= SIZES["per_student_mb"]
    assert config["cull"]["enabled"] is True and 0 < config["cull"]["timeout"] <= 4 * 3600
    assert user["extraEnv"]["NBGITPULLER_DEPTH"] == "0"
    assert user["defaultUrl"] == "/lab"


def test_tljh_limit_follows_the_benchmark():
    script = (DEPLOY / "tljh" / "install.sh").read_text()
    (limit,) = re.findall(r'MEMORY_LIMIT:-(\d+[MG])', script)
    assert mib(limit) == SIZES["limit_mb"]
    assert "services.cull.timeout" in script and "course_pull.py" in script


def test_the_image_installs_the_pins_of_requirements_txt_with_nbgitpuller():
    written = (DEPLOY / "z2jh" / "requirements.txt").read_text()
    assert written == image_requirements.image_requirements(), \
        "deploy/z2jh/requirements.txt is stale: python tools/hub/image_requirements.py > deploy/z2jh/requirements.txt"
    pins = set((ROOT / "requirements.txt").read_text().split())
    lines = [line for line in written.splitlines() if line and not line.startswith("#")]
    assert all(line in pins for line in lines), [line for line in lines if line not in pins]
    names = {line.split("==")[0] for line in lines}
    assert {"nbgitpuller", "jupyterhub", "ipywidgets", "anywidget", "numpy"} <= names
    # the same run-time packages as Binder gets from the learner branch (minus nnlib: it comes with the pull)
    binder = {line for line in learner_branch.binder_requirements(ROOT / "requirements.txt").splitlines()
              if "==" in line}
    assert binder <= set(lines)
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "deploy/z2jh/requirements.txt" in dockerfile and "course_pull.py" in dockerfile
    assert json.loads((DEPLOY / "z2jh" / "jupyter_server_config.json").read_text()) == {
        "ServerApp": {"jpserver_extensions": {"course_pull": True}}}


def test_the_guide_quotes_the_measured_figures():
    guide = (ROOT / "book" / "instructors.md").read_text()
    section = guide[guide.index("### Running the class on your own JupyterHub"):]
    for chapter in ("01_neuron", "09_training"):
        fig = RECORD[chapter]
        assert f"{fig['student_mb_max']} MB" in section, f"the guide does not quote {chapter}'s {fig['student_mb_max']} MB"
    for n in (30, 300):
        assert f"| {n} " in section and f"{SIZES['ram_gb'][n]} GB" in section
    assert f"{SIZES['guarantee_mb']} MB" in section and f"{SIZES['limit_mb']} MB" in section


def test_the_proxy_is_pinned_with_integrity_hashes():
    lock = json.loads((ROOT / "tools" / "hub" / "package-lock.json").read_text())
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages["node_modules/configurable-http-proxy"]["version"] == "5.3.0"
    assert all(v.get("integrity", "").startswith("sha512-") for v in packages.values()), \
        [k for k, v in packages.items() if not v.get("integrity", "").startswith("sha512-")]


def test_the_learner_branch_grows_by_commits_and_keeps_book_nnlib(tmp_path):
    git_dir = tmp_path / "course"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "learner", str(git_dir)], check=True)
    tree = learner_branch.assemble(tmp_path / "tree", "owner/course")
    assert (tree / "book" / "nnlib").is_symlink() and (tree / "book" / "nnlib" / "checks").is_dir()
    first, changed = learner_branch.commit_tree(tree, git_dir)
    assert changed
    assert learner_branch.commit_tree(tree, git_dir) == (first, False)   # nothing new, no commit
    (tree / "book" / "01_neuron.ipynb").write_text((tree / "book" / "01_neuron.ipynb").read_text() + "\n")
    second, changed = learner_branch.commit_tree(tree, git_dir)
    parent = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", f"{second}^"], capture_output=True,
                            text=True, check=True).stdout.strip()
    assert changed and parent == first
    mode = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", second, "book/nnlib"], capture_output=True,
                          text=True, check=True).stdout.split()[0]
    assert mode == "120000"   # stored as a symlink, so every clone gets it
    with pytest.raises(ValueError, match="expects a git repository"):
        learner_branch.commit_tree(tree, tmp_path / "nothing")
