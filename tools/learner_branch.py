"""Assemble what the Pages workflow publishes on the ``learner`` branch, where the site's buttons point.

Usage: python tools/learner_branch.py DEST [--repository OWNER/NAME] [--commit-into GIT_DIR]

DEST receives the learner copies of the chapters in ``book/`` (tools/make_student.py: no solutions, no
outputs, the Colab cell naming the repository), nnlib with its ``pyproject.toml`` (Colab's install cell
installs it from this branch), ``binder/requirements.txt`` (what Binder installs: the pinned run-time packages
of requirements.txt and nnlib itself) and a short README. The chapters keep their paths, so the site's
Binder, Colab and JupyterHub links (``<branch>/book/NN_name.ipynb``) open the learner copy of the same chapter.

``book/nnlib`` is a symlink to ``../nnlib``: the notebooks run in ``book/``, so a kernel started there imports the
nnlib that came with the pull (the folder of the notebook comes first on ``sys.path``), never an older nnlib
installed in the hub's environment.

``--commit-into GIT_DIR`` (or ``commit_tree``) adds DEST as a new commit on top of the branch ``learner`` in
GIT_DIR (a bare repository is fine) instead of starting a new history: nbgitpuller merges a new version into a
student's copy only when the two share history, so the learner branch must grow, never be replaced.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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
    (dest / "book" / "nnlib").symlink_to(Path("..") / "nnlib", target_is_directory=True)
    shutil.copy2(root / "pyproject.toml", dest / "pyproject.toml")
    (dest / "README.md").write_text(README)
    (dest / "binder").mkdir()
    (dest / "binder" / "requirements.txt").write_text(binder_requirements(root / "requirements.txt"))
    return dest


def commit_tree(src, git_dir, branch=LEARNER_BRANCH, message="Learner copies from main"):
    """Commit the files of ``src`` as the next commit of ``branch`` in the repository ``git_dir`` (bare or the
    .git folder of a clone), on top of what the branch holds. Returns (commit, changed): an unchanged tree adds
    no commit. A temporary index is used, so nothing in ``git_dir``'s own index or work tree is touched."""
    src, git_dir = Path(src).resolve(), Path(git_dir).resolve()
    if not (git_dir / "HEAD").exists():
        raise ValueError(f"--commit-into expects a git repository (a folder with HEAD), but {git_dir} is not one")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_DIR=str(git_dir), GIT_WORK_TREE=str(src), GIT_INDEX_FILE=str(Path(tmp) / "index"),
                   GIT_AUTHOR_NAME="course", GIT_AUTHOR_EMAIL="course@localhost",
                   GIT_COMMITTER_NAME="course", GIT_COMMITTER_EMAIL="course@localhost")

        def git(*args):
            return subprocess.run(["git", "-c", "safe.directory=*", *args], env=env, cwd=src, check=True,
                                  capture_output=True, text=True).stdout.strip()

        git("add", "-A", "--force", ".")
        tree = git("write-tree")
        try:
            parent = git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
        except subprocess.CalledProcessError:
            parent = ""
        if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
            return parent, False
        commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
        git("update-ref", f"refs/heads/{branch}", commit)
        return commit, True


def main(argv):
    options = {"--repository": None, "--commit-into": None}
    for flag in options:
        if flag in argv:
            i = argv.index(flag)
            options[flag], argv = (argv + [""])[i + 1], argv[:i] + argv[i + 2:]
    repository = options["--repository"]
    if len(argv) != 1 or (repository is not None and "/" not in repository) or options["--commit-into"] == "":
        print(__doc__, file=sys.stderr)
        return 2
    dest = assemble(argv[0], repository)
    print(f"learner_branch: {dest} holds the '{LEARNER_BRANCH}' branch for {repository or github_repository()}")
    if options["--commit-into"]:
        commit, changed = commit_tree(dest, options["--commit-into"])
        print(f"learner_branch: {'new commit' if changed else 'no change, still'} {commit[:12]} on "
              f"'{LEARNER_BRANCH}' in {options['--commit-into']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
