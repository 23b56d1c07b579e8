"""Assemble what the Pages workflow publishes on the ``learner`` branch, where the site's buttons point.

Usage: python tools/learner_branch.py DEST [--repository OWNER/NAME]

DEST receives the learner copies of the chapters in ``book/`` (tools/make_student.py: no solutions, no
outputs, the Colab cell naming the repository), nnlib with its ``pyproject.toml`` (Colab's install cell
installs it from this branch), ``binder/requirements.txt`` (what Binder installs: the pinned run-time packages
of requirements.txt and nnlib itself) and a short README. The chapters keep their paths, so the site's
Binder, Colab and JupyterHub links (``<branch>/book/NN_name.ipynb``) open the learner copy of the same chapter.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_student import make_student  # noqa: E402
from repository import LEARNER_BRANCH, github_repository  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The packages a learner's kernel needs (the rest of requirements.txt builds and tests the book).
RUNTIME = ("numpy", "tqdm", "matplotlib", "pillow", "ipywidgets", "anywidget", "ipykernel", "jupyterlab",
           "scikit-learn")
README = """# The Artificial Neuron: learner copies

This branch is written by the course's Pages workflow from `main`: the chapters in `book/` are the learner
copies (exercises to fill in, no stored outputs), and `nnlib/` is the course library they import.
Start with `book/01_neuron.ipynb`. The solutions and the instructor's guide are on the `main` branch.
"""


def binder_requirements(requirements: Path) -> str:
    keep = []
    for line in requirements.read_text().splitlines():
        name = line.split("==")[0].strip().lower()
        if name in RUNTIME:
            keep.append(line.strip())
    missing = set(RUNTIME) - {k.split("==")[0].lower() for k in keep}
    if missing:
        raise ValueError(f"requirements.txt has no pin for {sorted(missing)}")
    return "# Written by tools/learner_branch.py from requirements.txt on main.\n" + "\n".join(keep) + "\n.\n"


def assemble(dest, repository=None, root=ROOT):
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    make_student(root / "book", dest / "book", repository or github_repository())
    shutil.copytree(root / "nnlib", dest / "nnlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(root / "pyproject.toml", dest / "pyproject.toml")
    (dest / "README.md").write_text(README)
    (dest / "binder").mkdir()
    (dest / "binder" / "requirements.txt").write_text(binder_requirements(root / "requirements.txt"))
    return dest


def main(argv):
    repository = None
    if "--repository" in argv:
        i = argv.index("--repository")
        repository, argv = (argv + [""])[i + 1], argv[:i] + argv[i + 2:]
    if len(argv) != 1 or (repository is not None and "/" not in repository):
        print(__doc__, file=sys.stderr)
        return 2
    dest = assemble(argv[0], repository)
    print(f"learner_branch: {dest} holds the '{LEARNER_BRANCH}' branch for {repository or github_repository()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
