"""MyST Markdown as plain Markdown: the one converter behind the slide decks (tools/slides.py) and the learner
copies (tools/make_student.py).

In: the source of a Markdown cell (or page) written in MyST. Out: Markdown that a reader without MyST (reveal.js
and MathJax in a deck; plain JupyterLab, Colab, VS Code for a learner) shows as meant:

* a target label line such as ``(ch11-conv)=`` is dropped;
* a fenced directive (```{name} argument, also with ```` or ::: fences; option lines such as ``:open:`` are
  dropped) becomes, by name:
  ``dropdown`` an HTML ``<details>`` block whose ``<summary>`` is the argument (default "Details"), so a folded
  answer stays folded; an admonition (``note``, ``tip``, ``warning``, ..., ``admonition``) what the caller's
  ``Renderers.admonition`` makes of it; ``math`` a ``$$`` block; ``code``/``code-block``/``code-cell`` a fenced
  code block; any other directive its body. A body is converted like a cell, so directives nest;
* a fenced code block is kept as written (nothing inside it is converted);
* roles: {doc} and {term} become what the caller's ``Renderers.doc`` / ``Renderers.term`` make of them,
  {math}`x` becomes $x$, any other role ({ref}, {numref}, {eq}, ...) its text.

A role's text is its explicit title (``{term}`weights <weight>``), else its target. Fences follow CommonMark: a
fence closes at a bare fence of the same character that is at least as long (a ````{dropdown} holds ```python
blocks); a fence left open runs to the end of the cell.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

LABEL = re.compile(r"^\([\w:.-]+\)=\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:[\w-]+:")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
TITLED = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>", re.S)
ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
               "seealso", "admonition"}
CODE_DIRECTIVES = {"code", "code-block", "code-cell", "sourcecode"}


def plain(text: str, target: str) -> str:
    """The plain words of a role: its explicit title, else its target."""
    return text or target


@dataclass(frozen=True)
class Renderers:
    """What one kind of output makes of the MyST that means something only there.

    doc(text, target) -> Markdown for {doc}`target` or {doc}`text <target>` (text is "" when none is given);
    term(text, target) -> Markdown for {term}`target` or {term}`text <target>`;
    admonition(name, argument, body lines) -> Markdown lines for ```{name} argument (argument "" when none).
    """

    doc: Callable[[str, str], str]
    admonition: Callable[[str, str, list[str]], list[str]]
    term: Callable[[str, str], str] = plain


def to_markdown(source: str, render: Renderers) -> str:
    """A MyST source -> the same text as plain Markdown (see the module docstring)."""
    lines, out, i = source.splitlines(), [], 0
    while i < len(lines):
        stripped = lines[i].strip()
        fence = FENCE.match(stripped)
        if fence:
            end = closing_fence(lines, i + 1, fence.group("fence"))
            block = lines[i:end + 1] if end < len(lines) else lines[i:] + [fence.group("fence")]  # close it
            out += fenced_block(block, render)
            i = end + 1
            continue
        if not LABEL.match(stripped):
            out.append(roles(lines[i], render))
        i += 1
    return "\n".join(out)


def closes(line: str, opening: str) -> bool:
    """Does ``line`` close a block opened by the fence ``opening`` (```, ````, :::, ...)?"""
    fence = FENCE.match(line.strip())
    return bool(fence and not fence.group("info") and fence.group("fence")[0] == opening[0]
                and len(fence.group("fence")) >= len(opening))


def closing_fence(lines: list[str], start: int, opening: str) -> int:
    """The index of the line from ``start`` on that closes ``opening``, or len(lines) if none does."""
    return next((j for j in range(start, len(lines)) if closes(lines[j], opening)), len(lines))


def directive_body(body: list[str]) -> list[str]:
    """A directive's body lines without its leading option lines (``:open:``, ``:class: ...``)."""
    while body and OPTION.match(body[0].strip()):
        body = body[1:]
    return body


def fenced_block(block: list[str], render: Renderers) -> list[str]:
    """The lines of a fenced block, fences included -> Markdown lines: a code block as written, a directive
    converted (its option lines dropped, its argument and body converted)."""
    directive = DIRECTIVE.match(FENCE.match(block[0].strip()).group("info"))
    if not directive:
        return block
    inner = to_markdown("\n".join(directive_body(block[1:-1])), render).splitlines()
    return convert_directive(directive.group("name"), roles(directive.group("arg").strip(), render), inner, render)


def convert_directive(name: str, arg: str, body: list[str], render: Renderers) -> list[str]:
    """Directive ``name`` with its argument ``arg`` and body lines, both already converted -> Markdown lines."""
    if name == "dropdown":
        summary = html.escape(arg or "Details", quote=False)
        return ["<details>", f"<summary>{summary}</summary>", ""] + body + ["", "</details>"]
    if name in ADMONITIONS:
        return render.admonition(name, arg, body)
    if name == "math":
        return ["$$"] + body + ["$$"]
    if name in CODE_DIRECTIVES:
        return ["```" + arg] + body + ["```"]
    return body


def roles(line: str, render: Renderers) -> str:
    """Every role in ``line`` as Markdown: {doc} and {term} by ``render``, {math} as $...$, others as text."""
    def one(m: re.Match) -> str:
        role, body = m.group("role"), m.group("body")
        titled = TITLED.fullmatch(body)
        text, target = (titled.group("text"), titled.group("target")) if titled else ("", body)
        if role == "doc":
            return render.doc(text, target)
        if role == "term":
            return render.term(text, target)
        if role == "math":
            return f"${body}$"
        return plain(text, target)
    return ROLE.sub(one, line)


def first_heading(text: str) -> str | None:
    """The text of the first '# ' heading line in ``text``, or None."""
    m = re.search(r"^# +(.+?)\s*$", text, re.M)
    return m.group(1) if m else None
