"""The folded answers to "Predict, then move the slider" in chapters 8 to 12 say what the explorers show.

Each case drives an explorer (in a kernel its `.state` comes from nnlib) to the settings a question asks for,
formats the number it reports the way the answer quotes it, and requires the chapter's answer fold to contain
that text. A change to an explorer or to a chapter that makes them disagree fails here.
"""
import json
import re
from pathlib import Path

import pytest

widgets = pytest.importorskip("nnlib.widgets")

BOOK = Path(__file__).resolve().parent.parent / "book"


def answers(chapter):
    """The text of the chapter's folded answers (every dropdown titled "Answers ...")."""
    nb = json.loads((BOOK / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    folds = re.findall(r"^(`{3,})\{dropdown\} Answers[^\n]*\n(.*?)^\1\s*$", text, re.S | re.M)
    assert folds, f"{chapter}: no folded answers"
    return "\n".join(body for _, body in folds), text


def drive(explorer, **values):
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer.state


def explorer_answer_tests(chapter, answer_cases, start_cases=()):
    """The two tests a chapter's check tests share (tests/test_checks_chNN.py): the folded answers quote what the
    explorer shows at each case's settings, and the prompts state where the explorer starts.
    ``answer_cases``: (builder, settings, state key, how the answer writes it); ``start_cases``: (builder, key,
    how the prompt writes it)."""

    @pytest.mark.parametrize("builder, settings, key, written", answer_cases,
                             ids=[f"{c[0]}-{'-'.join(f'{k}={v}' for k, v in c[1].items())}-{c[2]}" for c in answer_cases])
    def test_answers_quote_the_explorer(builder, settings, key, written):
        fold, _ = answers(chapter)
        value = drive(getattr(widgets, builder)(), **settings)[key]
        assert written(value) in fold, f"{builder}({settings}) gives {key} = {value!r}; the answers say:\n{fold}"

    @pytest.mark.parametrize("builder, key, written", start_cases, ids=[f"{c[0]}-{c[1]}" for c in start_cases])
    def test_prompt_states_where_the_explorer_starts(builder, key, written):
        _, text = answers(chapter)
        value = getattr(widgets, builder)().state[key]
        assert written(value) in text, f"{builder}() starts with {key} = {value!r}"

    return test_answers_quote_the_explorer, test_prompt_states_where_the_explorer_starts


def percent(x):
    return f"{100 * x:g}%"


CASES = [
    # chapter, builder, settings, state key, how the answer (or the prompt) writes it
    ("08_backprop", "activation_explorer", {"name": "sigmoid", "b": 4.0}, "d0", lambda v: f"about {v:.3f}"),
    ("08_backprop", "activation_explorer", {"name": "tanh", "b": 4.0}, "d0", lambda v: f"\\approx {v:.4f}"),
    ("08_backprop", "activation_explorer", {"name": "relu", "b": 4.0}, "d0", lambda v: f"exactly {v:.0f}"),
    ("08_backprop", "activation_explorer", {"name": "relu", "b": -4.0}, "d0", lambda v: f"exactly {v:.0f}"),
    ("09_training", "training_explorer", {"hidden": 1}, "accuracy", lambda v: f"stuck at {percent(v)}"),
    ("09_training", "training_explorer", {"lr": 0.001}, "accuracy", lambda v: f"({percent(v)} accuracy"),
    ("09_training", "training_explorer", {"lr": 1.0}, "accuracy", lambda v: f"reaches {percent(v)}"),
    ("09_training", "training_explorer", {"hidden": 16, "epochs": 300}, "accuracy", lambda v: f"{percent(v)}, and not 100%"),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 0.7}, "ratio", lambda v: f"{v / 10 ** -5:.2f} \\times 10^{{-5}}"),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 1.1, "activation": "linear"}, "ratio", lambda v: f"\\approx {v:.0f}$"),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 1.1, "activation": "linear"}, "verdict", lambda v: f'"{v}", although'),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 1.2, "activation": "tanh"}, "h_last", lambda v: f"about {v:.2f} for"),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 1.5, "activation": "tanh"}, "h_last", lambda v: f"{v:.2f} for"),
    ("11_other_neurons", "rnn_explorer", {"w_hh": 1.5, "activation": "tanh"}, "verdict", lambda v: f'"{v}"'),
    ("12_applications", "neuron_explorer", {"b": -0.5, "x1": 0.0, "x2": 1.0}, "fires", lambda v: "OR" if v else "??"),
    ("12_applications", "neuron_explorer", {"activation": "sigmoid"}, "output", lambda v: f"{v:.2f} before and after"),
    ("12_applications", "neuron_explorer", {"b": -0.5, "x1": 0.0, "x2": 0.0}, "fires", lambda v: "??" if v else "OR"),
    ("12_applications", "neuron_explorer", {"θ": -1.0, "x1": 0.0, "x2": 1.0}, "fires",
     lambda v: "$\\theta$ alone to $-1$" if v else "??"),
    ("12_applications", "neuron_explorer", {"θ": -1.0, "x1": 0.0, "x2": 0.0}, "fires",
     lambda v: "??" if v else "$\\theta$ alone to $-1$"),
    ("11_other_neurons", "conv_explorer", {"digit": 1}, "min", lambda v: f"range is −{abs(v):g} to"),
    ("11_other_neurons", "conv_explorer", {"digit": 1}, "max", lambda v: f"to {v:g}. The horizontal-edge"),
    ("11_other_neurons", "conv_explorer", {"digit": 1, "preset": "horizontal edge"}, "min", lambda v: f"(−{abs(v):.2f} to"),
    ("11_other_neurons", "conv_explorer", {"digit": 1, "preset": "horizontal edge"}, "max", lambda v: f"{v:.2f}), but only"),
]


@pytest.mark.parametrize("chapter, builder, settings, key, written", CASES,
                         ids=[f"{c[0][:2]}-{c[1]}-{'-'.join(f'{k}={v}' for k, v in c[2].items())}" for c in CASES])
def test_answer_quotes_the_explorer(chapter, builder, settings, key, written):
    explorer = getattr(widgets, builder)()
    fold, _ = answers(chapter)
    value = drive(explorer, **settings)[key]
    assert written(value) in fold, f"{chapter}: {builder}({settings}) gives {key} = {value!r}; the answers say:\n{fold}"


def test_prompt_starting_numbers_agree():
    """What the chapters say about an explorer's starting state is what it shows."""
    _, text08 = answers("09_training")
    start = widgets.training_explorer().state["accuracy"]
    assert f"reach {percent(start)} training accuracy" in text08
    _, text10 = answers("11_other_neurons")
    state = widgets.rnn_explorer().state
    assert f"$r \\approx {state['ratio']:.2f}$, \"{state['verdict']}\"" in text10


@pytest.fixture(scope="module")
def chapter9_histories():
    """The histories chapter 10 computes, by running its own code cells up to the explorer."""
    nb = json.loads((BOOK / "10_generalisation.ipynb").read_text(encoding="utf-8"))
    ids = [c.get("id") for c in nb["cells"]]
    scope = {}
    exec("import numpy as np\nimport nnlib as nl", scope)
    for cell_id in ("69740392", "7c97b3b2"):
        src = "".join(nb["cells"][ids.index(cell_id)]["source"])
        src = src.split("fig, ax")[0]                       # the numbers, not the figure
        exec(src, scope)
    return scope["histories"]


@pytest.mark.parametrize("settings, key, written", [
    ({"size": 1}, "verdict", lambda v: v.capitalize()),
    ({"size": 1}, "loss", lambda v: f"training loss, {v:.2f} after 300 epochs"),
    ({"size": 100}, "stop_epoch", lambda v: f"at epoch {v}, against"),
    ({"size": 10}, "stop_epoch", lambda v: f"against epoch {v} for 10"),
    ({"size": 100, "window": 1}, "stop_epoch", lambda v: f"window 1 it stops at epoch {v}"),
    ({"size": 100, "window": 20}, "stop_epoch", lambda v: f"window 20 at\n   epoch {v}"),
    ({"size": 10, "epochs": 108}, "verdict", lambda v: f'108 epochs "{v}"'),
    ({"size": 10, "epochs": 150}, "verdict", lambda v: f'150 "{v}"'),
    ({"size": 10, "epochs": 150}, "val_loss", lambda v: f"validation loss is {v:.3f}"),
    ({"size": 30, "epochs": 10}, "verdict", lambda v: f"{v.capitalize()}: after 10 epochs"),
    ({"size": 30, "epochs": 10}, "loss", lambda v: f"(training {v:.2f}, validation"),
    ({"size": 30, "epochs": 10}, "val_loss", lambda v: f", validation {v:.2f})"),
    ({"size": 30, "epochs": 39}, "verdict", lambda v: f'"{v}" at epoch 39'),
    ({"size": 30, "epochs": 58}, "verdict", lambda v: f'"{v}" at epoch 58'),
    ({"size": 30}, "stop_epoch", lambda v: f"the early-stopping epoch {v}"),
    ({"size": 100, "epochs": 30}, "stop_epoch", lambda v: f"stays at epoch {v} for 300, 30 and 20"),
    ({"size": 100, "epochs": 20}, "stop_epoch", lambda v: f"stays at epoch {v} for 300, 30 and 20"),
])
def test_chapter9_answers_quote_the_explorer(chapter9_histories, settings, key, written):
    explorer = widgets.generalisation_explorer(chapter9_histories, epochs=None, window=5)
    fold, _ = answers("10_generalisation")
    value = drive(explorer, **settings)[key]
    assert written(value) in fold, f"generalisation_explorer({settings}) gives {key} = {value!r}; answers:\n{fold}"


def test_chapter9_verdict_turns_where_the_answer_says(chapter9_histories):
    """Answer 1 names the first epoch of each verdict for size 30: the epoch before still has the old verdict."""
    explorer = widgets.generalisation_explorer(chapter9_histories, epochs=None, window=5)
    verdicts = {e: drive(explorer, size=30, epochs=e)["verdict"] for e in (38, 39, 57, 58)}
    assert verdicts[38] != "about right" and verdicts[39] == "about right", verdicts
    assert verdicts[57] != "overfitting" and verdicts[58] == "overfitting", verdicts


@pytest.mark.parametrize("builder, settings, key, written", [
    ("training_explorer", {"hidden": 1, "activation": "tanh"}, "accuracy", lambda v: f"inputs), {100 * v:g} %"),
    ("training_explorer", {"hidden": 1, "activation": "relu"}, "accuracy", lambda v: f"dead: {100 * v:g} %"),
    ("training_explorer", {"hidden": 16, "lr": 0.001}, "accuracy", lambda v: f"moves ({100 * v:g} %)"),
    ("training_explorer", {"hidden": 16, "lr": 0.1}, "accuracy", lambda v: f"0.1 gives {100 * v:g} %"),
    ("training_explorer", {"hidden": 16, "lr": 1.0}, "accuracy", lambda v: f"1.0 gives {100 * v:g} %"),
    ("rnn_explorer", {"activation": "linear", "steps": 10, "w_hh": 0.5}, "ratio", lambda v: f"\\approx {v:.3f}$ (\"fading\")"),
    ("rnn_explorer", {"activation": "linear", "steps": 10, "w_hh": 1.5}, "ratio", lambda v: f"\\approx {v:.0f}$ (\"exploding\")"),
    ("rnn_explorer", {"activation": "tanh", "steps": 10, "w_hh": 1.5}, "verdict", lambda v: f'0.86 ("{v}")'),
    # sections 6 and 7: gradient descent
    ("gradient_descent_explorer", {"lr": 0.21}, "final_loss", lambda v: f"after 20 steps is about {round(v, -1):.0f})"),
    ("gradient_descent_explorer", {"lr": 0.15}, "final_loss", lambda v: f"0.15 (about {v:.4f}, against"),
    ("gradient_descent_explorer", {"lr": 0.1}, "final_loss", lambda v: f"against {v:.3f} and"),
    ("gradient_descent_explorer", {"lr": 0.19}, "final_loss", lambda v: f"and\n   {v:.2f})"),
    ("gradient_descent_explorer", {"lr": 0.02, "steps": 60}, "final_loss", lambda v: f"{v:.2f}); with momentum 0.9"),
    ("gradient_descent_explorer", {"lr": 0.02, "steps": 60, "momentum": 0.9}, "final_loss",
     lambda v: f"(loss about {v:.3f})"),
    ("gradient_descent_explorer", {"surface": "two valleys"}, "final_loss", lambda v: f"(loss about −{-v:.2f}), then"),
    ("gradient_descent_explorer", {"surface": "two valleys", "momentum": 0.8}, "final_loss",
     lambda v: f"(about −{-v:.2f}): the"),
    ("gradient_descent_explorer", {"surface": "two valleys", "lr": 0.05, "momentum": 0.95, "steps": 60}, "valley",
     lambda v: f"lands in the {v.replace('shallower', 'shallow')}\n   valley again"),
])
def test_instructor_guide_answers_quote_the_explorer(builder, settings, key, written):
    text = (BOOK / "instructors.md").read_text(encoding="utf-8")
    value = drive(getattr(widgets, builder)(), **settings)[key]
    assert written(value) in text, f"instructors.md: {builder}({settings}) gives {key} = {value!r}"
