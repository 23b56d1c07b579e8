"""Fetch the JavaScript the published site needs, at pinned versions, from the npm registry.

The site must work offline and tell no third party who reads it, so nothing is loaded from a CDN:
require.js, the ipywidgets HTML manager, anywidget's front end and MathJax are fetched here with `npm pack` (the npm
registry's ordinary client), checked against pinned sha512 integrity values, and unpacked into
_build/site_assets/offline/ (gitignored). tools/book_site.py (a small Sphinx extension listed in
_config.yml) copies that folder into the site as _static/offline/, where _config.yml points MathJax
and MyST-NB's widget scripts.

Usage: python tools/fetch_assets.py [--dest _build/site_assets]   (does nothing if already fetched)
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEST = ROOT / "_build" / "site_assets"

# name, version, sha512 integrity of the npm tarball, {path in package: path under offline/}
# html-manager 1.0.15 is the release of the ipywidgets 8.1 line whose @jupyter-widgets/controls
# (^5.0.13) matches the JupyterLab manager shipped with ipywidgets==8.1.9 (jupyterlab_widgets 3.0.17).
PACKAGES = [
    (
        "requirejs",
        "2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        {"require.js": "require.js"},
    ),
    (
        "@jupyter-widgets/html-manager",
        "1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # embed-amd.js plus the fonts/icons webpack emitted next to it (loaded relative to the script)
        {"dist/embed-amd.js": "html-manager/embed-amd.js", "dist/*.woff2": "html-manager/",
         "dist/*.woff": "html-manager/", "dist/*.ttf": "html-manager/", "dist/*.eot": "html-manager/",
         "dist/*.svg": "html-manager/"},
    ),
    (
        # anywidget's front end as an AMD module (define(["@jupyter-widgets/base"], ...)), the same version as
        # the anywidget pinned on PyPI in requirements.txt; widgets-setup.js maps the module name "anywidget"
        # to it (otherwise the HTML manager would fetch it from cdn.jsdelivr.net).
        "anywidget",
        "0.11.0",
        "sha512-LHZgW2j5UjyerZSZcO+BtZPXGMSORQV2bUT480hOR5x/BXS8sOradi/71amJfMueSEnKX0dqPwTfsOGHTsyZpQ==",
        {"dist/index.js": "anywidget/index.js", "LICENSE": "anywidget/LICENSE"},
    ),
    (
        "mathjax",
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        # the combined component Sphinx uses plus what it may load lazily (CHTML fonts, TeX extensions
        # through autoload, the context menu and its accessibility/speech options)
        {"es5/tex-mml-chtml.js": "mathjax/tex-mml-chtml.js", "es5/input/*": "mathjax/input/",
         "es5/output/chtml/*": "mathjax/output/chtml/", "es5/ui/*": "mathjax/ui/",
         "es5/a11y/*": "mathjax/a11y/", "es5/sre/*": "mathjax/sre/"},
    ),
    (
        # the slide decks (tools/slides.py): reveal.js, its white theme with its one font (woff only, which
        # every browser reads) and the speaker-notes plugin
        "reveal.js",
        "5.2.1",
        "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ==",
        {"dist/reveal.js": "reveal.js/dist/reveal.js", "dist/reveal.css": "reveal.js/dist/reveal.css",
         "dist/theme/white.css": "reveal.js/dist/theme/white.css",
         "dist/theme/fonts/source-sans-pro/source-sans-pro.css":
             "reveal.js/dist/theme/fonts/source-sans-pro/source-sans-pro.css",
         "dist/theme/fonts/source-sans-pro/*.woff": "reveal.js/dist/theme/fonts/source-sans-pro/",
         "plugin/notes/notes.js": "reveal.js/plugin/notes/notes.js", "LICENSE": "reveal.js/LICENSE"},
    ),
]
SKIP_SUFFIXES = (".map", ".d.ts", "LICENSE.txt")


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _stamp() -> str:
    return json.dumps(PACKAGES)


def fetch(dest: Path) -> None:
    vendor = dest / "offline"
    stamp = dest / "offline.stamp"
    if stamp.exists() and stamp.read_text() == _stamp() and vendor.is_dir():
        print(f"site assets up to date in {vendor.relative_to(ROOT) if vendor.is_relative_to(ROOT) else vendor}")
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("fetch_assets: `npm` not found. Install Node.js (it brings npm): the site's JavaScript "
                 "(require.js, @jupyter-widgets/html-manager, MathJax) is fetched from the npm registry.")
    tmp_vendor = dest / "offline.tmp"
    shutil.rmtree(tmp_vendor, ignore_errors=True)
    tmp_vendor.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, integrity, mapping in PACKAGES:
            spec = f"{name}@{version}"
            print(f"fetching {spec} from the npm registry")
            out = subprocess.run([npm, "pack", spec, "--json", "--pack-destination", tmp],
                                 check=True, capture_output=True, text=True).stdout
            tgz = Path(tmp) / json.loads(out)[0]["filename"]
            got = _integrity(tgz)
            if got != integrity:
                sys.exit(f"fetch_assets: {spec} has integrity {got}, expected {integrity}")
            with tarfile.open(tgz) as tar:
                for member in tar.getmembers():
                    if not member.isfile() or member.name.endswith(SKIP_SUFFIXES):
                        continue
                    inner = member.name.split("/", 1)[1]  # strip the leading "package/"
                    for src, dst in mapping.items():
                        # "a/b.js": that file; "a/*.woff": files matching in a/; "a/*": all of a/ (recursive)
                        if src.endswith("/*") and inner.startswith(src[:-1]):
                            target = tmp_vendor / (dst + inner[len(src) - 1:])
                        elif "*" in src and fnmatch.fnmatch(inner, src) and "/" not in inner[src.index("*"):]:
                            target = tmp_vendor / (dst + inner.rsplit("/", 1)[1])
                        elif inner == src:
                            target = tmp_vendor / dst
                        else:
                            continue
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with tar.extractfile(member) as fh:
                            target.write_bytes(fh.read())
                        break
    shutil.rmtree(vendor, ignore_errors=True)
    tmp_vendor.rename(vendor)
    stamp.write_text(_stamp())
    print(f"site assets written to {vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    fetch(parser.parse_args().dest.resolve())


if __name__ == "__main__":
    main()
