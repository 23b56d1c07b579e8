"""nnlib as a learner installs it: a built wheel, installed non-editable, outside the source tree.

The development venv installs nnlib editable (`-e .`), which would hide a subpackage or a data file missing
from the wheel (a learner on Colab got no `nnlib.checks` that way). Here the wheel is built from the
checkout, its contents are compared with the source tree, it is installed into a folder of its own, and
every chapter runs against that copy from a folder outside the checkout, with nbval comparing outputs.

That run also forces OpenBLAS's oldest x86 kernel family (Prescott, SSE3 only), so the stored outputs are
checked under a second family of BLAS kernels beside the default one of `make test`: the chapters must
print only digits that do not depend on which kernels the CPU picks.
"""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {".py", ".js", ".css", ".json", ".npz"}   # pyproject.toml: packages.find + package-data


def source_files():
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard",
                            "nnlib"], capture_output=True, text=True, check=True).stdout.split()
    return {f for f in files if Path(f).suffix in SHIPPED and (ROOT / f).exists()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    src = out / "src"   # build from a clean copy: no build/ or egg-info left in the checkout
    # (nor nbgrader's course/, whose links into book/ dangle once a chapter is renamed)
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "_build", "build", "*.egg-info",
                                                           "__pycache__", "my_notebooks", "node_modules", "course"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(src)],
                   check=True, timeout=600)
    (path,) = out.glob("nnlib-*.whl")
    return path


def test_wheel_holds_every_module_and_data_file_of_the_source_tree(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if not n.startswith("nnlib-")}
    expected = source_files()
    assert {"nnlib/checks/__init__.py", "nnlib/checks/ch01.py"} <= expected  # the list itself is right
    assert sorted(expected - shipped) == [], "files of nnlib/ missing from the wheel"
    assert sorted(shipped - expected) == [], "files in the wheel that the source tree does not have"


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    target = tmp_path_factory.mktemp("site-packages")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, timeout=600)
    return target


def run_outside(installed, code, cwd, **env):
    env = dict(os.environ, PYTHONPATH=str(installed), **env)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_installed_copy_is_the_one_imported_and_has_every_subpackage(installed, tmp_path):
    r = run_outside(installed, "import nnlib, nnlib.checks.ch12, nnlib.widgets, nnlib.plot; print(nnlib.__file__)",
                    tmp_path)
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()).is_relative_to(installed), r.stdout


def test_every_chapter_runs_against_the_installed_wheel_under_a_second_blas_kernel_family(installed, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = dict(os.environ, PYTHONPATH=str(installed), OPENBLAS_CORETYPE="Prescott")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                        "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "sanitize.cfg"),
                        "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), str(book)],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    assert " passed" in r.stdout and str(ROOT) not in r.stdout
