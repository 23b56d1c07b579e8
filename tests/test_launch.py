"""The ways in: launch buttons that go somewhere, learner copies on the learner's path, a clean first page.

* A site built with a repository (GITHUB_REPOSITORY=owner/name, as the Pages workflow builds it) gives every
  chapter Binder, Colab and (when an instructor sets `jupyterhub_url`) JupyterHub buttons that open the
  *learner copy* of that chapter on the learner branch, and that copy exists where the links point.
* The site `make book` built here, with no GitHub repository, has no such buttons at all.
* The Colab install cell is not on the site; `make lab` opens learner copies, never the solutions.
"""
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
import learner_branch  # noqa: E402
from repository import LEARNER_BRANCH, github_repository  # noqa: E402

HUB = "https://hub.example.edu"
CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def links(page):
    return {html.unescape(u) for u in re.findall(r'href="(https?://[^"]+)"', page.read_text())}


@pytest.fixture(scope="module")
def site_with_repository(tmp_path_factory):
    """Intro, chapter 1 and the glossary, built as the Pages workflow builds them, plus a hub address."""
    tmp = tmp_path_factory.mktemp("launch")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["launch_buttons"]["jupyterhub_url"] = HUB
    config["execute"]["execute_notebooks"] = "off"   # the buttons do not depend on outputs
    config["sphinx"]["local_extensions"] = {"book_site": str(ROOT / "tools")}
    (tmp / "_config.yml").write_text(yaml.safe_dump(config))
    (tmp / "_toc.yml").write_text(yaml.safe_dump(
        {"format": "jb-book", "root": "book/intro", "chapters": [{"file": "book/01_neuron"}, {"file": "book/glossary"}]}))
    env = dict(os.environ, GITHUB_REPOSITORY="owner/course")
    r = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--config",
                        str(tmp / "_config.yml"), "--toc", str(tmp / "_toc.yml"), "--path-output", str(tmp)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return tmp / "_build" / "html"


def test_buttons_open_the_learner_copy_of_the_chapter_on_binder_colab_and_the_hub(site_with_repository):
    found = links(site_with_repository / "book" / "01_neuron.html")
    path = "book/01_neuron.ipynb"
    assert f"https://mybinder.org/v2/gh/owner/course/{LEARNER_BRANCH}?urlpath=lab/tree/{path}" in found
    assert f"https://colab.research.google.com/github/owner/course/blob/{LEARNER_BRANCH}/{path}" in found
    (hub,) = [u for u in found if u.startswith(HUB)]
    url = urlparse(hub)
    assert url.path == "/hub/user-redirect/git-pull"   # nbgitpuller
    assert parse_qs(url.query) == {"repo": ["https://github.com/owner/course"], "branch": [LEARNER_BRANCH],
                                   "urlpath": [f"lab/tree/course/{path}"]}
    assert "https://github.com/owner/course" in found   # the repository button


def test_the_learner_branch_holds_a_learner_copy_where_the_links_point(tmp_path):
    dest = learner_branch.assemble(tmp_path / "learner", "owner/course")
    for chapter in CHAPTERS:
        nb = nbformat.read(dest / "book" / f"{chapter}.ipynb", as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "BEGIN SOLUTION" not in code and all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert 'REPOSITORY = "owner/course"' in code   # Colab installs nnlib from this repository
    solved = sum("BEGIN SOLUTION" in c.source for c in nbformat.read(ROOT / "book" / "01_neuron.ipynb", 4).cells)
    assert solved and code.count("NotImplementedError") >= 1
    assert (dest / "nnlib" / "checks" / "ch01.py").exists() and (dest / "pyproject.toml").exists()
    assert not (dest / "book" / "instructors.md").exists()
    pins = (dest / "binder" / "requirements.txt").read_text().split()
    req = (ROOT / "requirements.txt").read_text().split()
    assert "." in pins and all(p in req for p in pins if "==" in p) and any(p.startswith("numpy==") for p in pins)


def test_local_site_has_buttons_only_for_a_real_repository():
    repo = github_repository(environ={})
    for chapter in CHAPTERS:
        found = links(SITE / "book" / f"{chapter}.html")
        launch = {u for u in found if "mybinder.org" in u or "colab.research.google.com/github" in u}
        if repo is None:   # e.g. a fresh clone of a local checkout, as in CI
            assert launch == set() and not any(u.startswith("https://github.com/") for u in found), chapter
        else:
            assert launch and all(f"/{repo}/" in u for u in launch), chapter


def test_the_colab_install_cell_is_not_on_the_site():
    for chapter in CHAPTERS:
        nb = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert "colab-install" in first.metadata.get("tags", []) and "remove-cell" in first.metadata["tags"]
        page = (SITE / "book" / f"{chapter}.html").read_text()
        assert "google.colab" not in page and "enable_custom_widget_manager" not in page, chapter


def test_make_lab_opens_learner_copies_and_solutions_only_on_purpose():
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "make_student.py --keep book my_notebooks" in dry
    assert "--ServerApp.root_dir=my_notebooks" in dry and "root_dir=book" not in dry
    dry = subprocess.run(["make", "-n", "instructor"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--ServerApp.root_dir=book" in dry
