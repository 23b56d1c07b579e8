"""Figures on the site can be read by everyone: alt text in words, sharp on high-density screens.

Alt text comes from each figure cell's metadata (`"mystnb": {"image": {"alt": ...}}`); without it MyST-NB
writes nothing useful (a screen reader would say the file name, a hash). `nnlib.plot.use_style()` makes
inline figures at twice the pixel density they are shown at ("retina").
"""
import re
import struct
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
IMG = re.compile(r"<img\b[^>]*>")


def attr(tag, name):
    m = re.search(rf'\b{name}="([^"]*)"', tag)
    return unescape(m.group(1)) if m else None


def png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_has_alt_text_in_words_and_is_high_density(chapter):
    page = SITE / "book" / f"{chapter}.html"
    tags = [t for t in IMG.findall(page.read_text()) if "_images/" in (attr(t, "src") or "")]
    for tag in tags:
        alt, src = attr(tag, "alt") or "", attr(tag, "src")
        words = re.findall(r"[A-Za-z]{2,}", alt)
        assert len(words) >= 4 and not re.search(r"[0-9a-f]{20,}", alt), f"{chapter}: {src} has alt {alt!r}"
        if src.endswith(".png") and attr(tag, "width"):
            shown = float(re.match(r"[\d.]+", attr(tag, "width")).group())
            width, _ = png_size((page.parent / src).resolve())
            assert width >= 1.9 * shown, f"{chapter}: {src} is {width} px wide, shown at {shown}"
