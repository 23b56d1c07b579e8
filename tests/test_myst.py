"""The MyST -> plain Markdown converter shared by the slide decks and the learner copies (tools/myst.py).

The expected strings are written from the MyST rules (what each directive and role means), with two tiny
renderers that mark what the caller decides, so a test shows which part came from the caller.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import myst  # noqa: E402

RENDER = myst.Renderers(
    doc=lambda text, target: f"[{text or 'page ' + target}]({target}.html)",
    term=lambda text, target: f"*{text or target}*",
    admonition=lambda name, arg, body: [f"[{name}|{arg}]"] + body + [f"[/{name}]"])


def md(*lines):
    return myst.to_markdown("\n".join(lines), RENDER)


def test_plain_markdown_passes_through_unchanged():
    text = "# Title\n\nSome *text* with `code`, $z = w x + b$ and a [link](https://example.org)."
    assert md(text) == text


def test_dropdown_becomes_details_with_its_title_and_without_options():
    assert md("Before.", "```{dropdown} Answers", ":open:", "1. It fires.", "```", "After.") == "\n".join([
        "Before.", "<details>", "<summary>Answers</summary>", "", "1. It fires.", "", "</details>", "After."])


def test_dropdown_without_title_is_called_details_and_its_title_is_escaped():
    assert md("```{dropdown}", "x", "```").splitlines()[1] == "<summary>Details</summary>"
    assert md("```{dropdown} a < b & c", "x", "```").splitlines()[1] == "<summary>a &lt; b &amp; c</summary>"


def test_admonition_is_left_to_the_caller_with_name_argument_and_converted_body():
    assert md("```{note}", "Read {term}`this`.", "```") == "[note|]\nRead *this*.\n[/note]"
    assert md(":::{warning} Hot", ":class: dropdown", "Careful.", ":::") == "[warning|Hot]\nCareful.\n[/warning]"
    assert md("```{admonition} My title", "Body.", "```") == "[admonition|My title]\nBody.\n[/admonition]"


def test_math_and_code_directives_and_an_unknown_directive():
    assert md("```{math}", "z = w x", "```") == "$$\nz = w x\n$$"
    assert md("```{code-block} python", "x = 1", "```") == "```python\nx = 1\n```"
    assert md("```{epigraph}", "Quoted.", "```") == "Quoted."


def test_each_role():
    assert md("A {term}`weight`.") == "A *weight*."
    assert md("Two {term}`weights <weight>`.") == "Two *weights*."
    assert md("See {doc}`02_firing`.") == "See [page 02_firing](02_firing.html)."
    assert md("See {doc}`the firing chapter <02_firing>`.") == "See [the firing chapter](02_firing.html)."
    assert md("Inline {math}`z = w x`.") == "Inline $z = w x$."
    assert md("Figure {numref}`fig-1` and {ref}`the goals <goals>`.") == "Figure fig-1 and the goals."
    assert md("Equation {eq}`loss`.") == "Equation loss."


def test_default_term_renderer_gives_the_plain_words():
    render = myst.Renderers(doc=RENDER.doc, admonition=RENDER.admonition)
    assert myst.to_markdown("{term}`filters <filter>` and {term}`bias`", render) == "filters and bias"


def test_target_labels_are_dropped():
    assert md("(ch11-conv)=", "## Convolution", "", "Text.") == "## Convolution\n\nText."
    assert md("A line that mentions (ch11-conv)= stays.") == "A line that mentions (ch11-conv)= stays."


def test_a_longer_fence_holds_a_code_block_which_is_kept_as_written():
    assert md("````{dropdown} Answer", "```python", "w = {term}`x`  # (a)=", "```", "````") == "\n".join([
        "<details>", "<summary>Answer</summary>", "", "```python", "w = {term}`x`  # (a)=", "```", "",
        "</details>"])


def test_directives_nest_and_roles_inside_are_converted():
    out = md(":::{dropdown} Outer", "```{note}", "See {doc}`intro`.", "```", ":::")
    assert out == "\n".join(["<details>", "<summary>Outer</summary>", "", "[note|]", "See [page intro](intro.html).",
                             "[/note]", "", "</details>"])


def test_code_block_outside_directives_is_untouched_and_an_open_one_is_closed():
    assert md("```python", "(x)=", "{math}`y`", "```") == "```python\n(x)=\n{math}`y`\n```"
    assert md("~~~", "code") == "~~~\ncode\n~~~"


def test_closing_fence_rule():
    assert myst.closes("````", "```") and myst.closes("```", "```") and myst.closes(":::", ":::")
    assert not myst.closes("```", "````"), "a shorter fence does not close a longer one"
    assert not myst.closes("```python", "```"), "a fence with an info string opens a block"
    assert not myst.closes(":::", "```"), "the fence character must match"


def test_first_heading():
    assert myst.first_heading("Intro\n\n# 2. Firing  \n\n# Later") == "2. Firing"
    assert myst.first_heading("## Only a section") is None
