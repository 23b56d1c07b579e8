"""Where the course lives on GitHub: the one place the site's buttons and the learner copies take it from.

``github_repository()`` returns ``"owner/name"`` or None:

1. ``GITHUB_REPOSITORY`` from the environment (GitHub Actions sets it; the Pages workflow builds with it);
2. otherwise the ``origin`` remote of this checkout, when it points at github.com;
3. otherwise None: a local build with no GitHub remote has no repository, Binder, Colab or JupyterHub
   buttons, rather than buttons that point at a repository that does not exist.

The Binder, Colab and JupyterHub buttons open the *learner copy* of a chapter: the Pages workflow publishes
the learner copies (``make student``) with nnlib on the branch ``LEARNER_BRANCH`` of that repository
(tools/learner_branch.py assembles it).
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEARNER_BRANCH = "learner"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+$")
_REMOTE = re.compile(r"github\.com[:/]([A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+?)(\.git)?/?$")


def github_repository(environ=os.environ, root=ROOT) -> str | None:
    """``"owner/name"`` of the course repository on GitHub, or None when there is none (see module docstring)."""
    name = environ.get("GITHUB_REPOSITORY", "").strip()
    if name:
        if not _NAME.match(name):
            raise ValueError(f"GITHUB_REPOSITORY should look like 'owner/name', but it is {name!r}.")
        return name
    try:
        url = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = _REMOTE.search(url)
    return match.group(1) if match else None
