"""The learning explorers' JavaScript maths against nnlib, in headless Chromium (tests/browserkit.py).

Each explorer's ES module (the very string the widget loads, ``explorer.view._esm``) is imported in Chromium and its
``compute(inputs)`` runs over a table of control settings; the same settings go through the Python explorer, whose
``.state`` nnlib computes. Numbers agree to 1e-9 (absolute, relative above 1) and verdict words are equal. The
training explorer's single SGD step (forward pass, loss, backward pass, update) is compared with nnlib's
``Sequential``/``CrossEntropyLoss``/``SGD`` on the same weights and data, and the convolution's nine products
with the patch times the kernel.
"""
import itertools
import os

import numpy as np
import pytest

import nnlib as nl
from browserkit import blank_page as page  # noqa: F401  (the fixture)
from browserkit import chromium, explorer_table, js_call, launch, mismatches, worst_error

widgets = pytest.importorskip("nnlib.widgets")

TOL = 1e-9
WORST = {}          # builder -> worst difference seen (printed with -s, for the report)


def _history(rng, n, bottom):
    t = np.arange(1, n + 1)
    return {"loss": list(np.linspace(1.0, 0.05, n) + rng.uniform(0, 0.02, n)),
            "val_loss": list(0.3 + 0.0005 * (t - bottom) ** 2 + rng.uniform(0, 0.05, n))}


HISTORIES = {h: _history(np.random.default_rng(h), 50, b) for h, b in ((1, 60), (4, 35), (16, 15))}

TABLES = {
    "gradient_descent_explorer": [
        dict(surface=s, lr=lr, steps=n, momentum=m)
        for s, lr, n, m in itertools.product(["bowl", "two valleys"], [0.001, 0.01, 0.1, 0.15, 0.19, 0.2, 0.21, 0.5, 1.2],
                                             [1, 2, 20, 60], [0.0, 0.5, 0.9, 0.95])],
    "training_explorer": [
        dict(hidden=h, lr=lr, epochs=e, activation=a)
        for (h, lr, e), a in itertools.product([(1, 0.001, 10), (8, 0.1, 20), (16, 1.0, 10), (5, 0.3, 10)],
                                               ["relu", "tanh", "sigmoid"])] + [dict(hidden=8, lr=0.1, epochs=100, activation="relu")],
    "conv_explorer": (
        [dict(preset=p, digit=d) for p, d in itertools.product(["vertical edge", "horizontal edge", "blur", "sharpen",
                                                                "identity"], range(10))]
        + [dict(digit=d, **{f"k{i}{j}": float(v) for (i, j), v in np.ndenumerate(k)})
           for d, k in zip(range(10), np.random.default_rng(0).uniform(-5, 5, (10, 3, 3)).round(2))]
        + [dict(digit=4, **{f"k{i}{j}": v for i in range(3) for j in range(3)}) for v in (-5.0, 0.0, 5.0)]),
    "rnn_explorer": [
        dict(w_hh=w, w_in=x, steps=n, activation=a)
        for w, x, n, a in itertools.product([-2.0, -1.0, -0.5, 0.0, 0.5, 0.95, 1.0, 1.05, 1.2, 2.0], [-2.0, 0.0, 0.3, 1.0],
                                            [2, 30, 60], ["tanh", "linear"])],
    "bump_challenge": [
        dict(steepness=s, **{f"h{k + 1}": float(v) for k, v in enumerate(hs)})
        for s, hs in zip([5.0, 50.0, 200.0, 1000.0] * 3, np.random.default_rng(1).uniform(-1, 1, (12, 5)).round(2))]
        + [dict(steepness=1000.0, h1=0.23, h2=0.17, h3=0.43, h4=0.25, h5=0.74)],          # matched
    "bump_tower": [dict(w=w, s=s, steepness=k) for w, s, k in                   # s = 1, 2: the arms' and the centre's sums
                   itertools.product([1.0, 10.0, 50.0], [-0.5, 0.5, 1.0, 1.5, 2.0, 2.5], [5.0, 50.0, 500.0])],
    "generalisation_explorer": [dict(size=s, epochs=e, window=w) for s, e, w in
                                itertools.product([1, 4, 16], [1, 2, 15, 35, 50], [1, 5, 20])],
}
BUILD = {"generalisation_explorer": lambda: widgets.generalisation_explorer(HISTORIES)}



def run_table(page, builder, rows):
    explorer = BUILD.get(builder, getattr(widgets, builder, None))()
    return (explorer, *explorer_table(page, explorer, rows))


@pytest.mark.parametrize("builder", sorted(TABLES))
def test_js_maths_equal_nnlib(page, builder):
    _, inputs, states, results = run_table(page, builder, TABLES[builder])
    problems = []
    for i, (inp, py, js) in enumerate(zip(inputs, states, results)):
        shown = {k: v for k, v in inp.items() if k not in ("data", "digits", "curves")}
        problems += mismatches(js, py, TOL, where=f"row {i} {shown}: ")
    assert not problems, f"{builder}: the JS maths differ from nnlib:\n" + "\n".join(problems[:20])
    WORST[builder] = max(worst_error(j, p) for j, p in zip(results, states))
    print(f"{builder}: {len(states)} rows, worst difference {WORST[builder]:.2g}")


@pytest.mark.parametrize("builder, key, words", [
    ("gradient_descent_explorer", "verdict", {"converges", "oscillates", "diverges", "too slow"}),
    ("rnn_explorer", "verdict", {"fading", "holding", "exploding"}),
    ("generalisation_explorer", "verdict", {"underfitting", "about right", "overfitting"}),
    ("bump_challenge", "matched", {True, False}),
    ("bump_tower", "stands", {True, False}),
])
def test_tables_reach_every_verdict(page, builder, key, words):
    """The tables above contain every verdict, so the comparison covers each word."""
    explorer = BUILD.get(builder, getattr(widgets, builder, None))()
    seen = set()
    for row in TABLES[builder]:
        explorer.set(**row)
        seen.add(explorer.state[key])
    assert seen == words


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_one_sgd_step_equals_nnlib(page, activation):
    """Forward, loss, backward and the SGD update of the page's network equal nnlib's on the same weights and
    data: random weights (not the embedded ones), a batch of 20 moons points."""
    rng = np.random.default_rng(7)
    hidden, lr = 6, 0.3
    X, y = nl.make_moons(200, noise=0.2, rng=0)
    X, y = X[40:60], y[40:60]
    model = nl.Sequential(nl.Linear(2, hidden), {"relu": nl.ReLU, "tanh": nl.Tanh, "sigmoid": nl.Sigmoid}[activation](),
                          nl.Linear(hidden, 2))
    for p in model.parameters():
        p.data[...] = rng.normal(0, 1.5, p.shape)
    weights = {"w1": model[0].weight.data.tolist(), "b1": model[0].bias.data.tolist(),
               "w2": model[2].weight.data.tolist(), "b2": model[2].bias.data.tolist()}
    js = js_call(page, widgets.training_explorer().view._esm, [[weights, X.tolist(), y.tolist(), activation, lr]],
                 fn="oneStep")[0]
    loss_fn, opt = nl.CrossEntropyLoss(), nl.SGD(model.parameters(), lr=lr)
    opt.zero_grad()
    logits = model(X)
    loss = loss_fn(logits, y)
    dlogits = loss_fn.backward()
    model.backward(dlogits, input_grad=False)
    grads = {"w1": model[0].weight.grad.copy(), "b1": model[0].bias.grad.copy(), "w2": model[2].weight.grad.copy(),
             "b2": model[2].bias.grad.copy()}
    opt.step()
    after = {"w1": model[0].weight.data, "b1": model[0].bias.data, "w2": model[2].weight.data, "b2": model[2].bias.data}
    problems = mismatches(js, {"logits": logits, "loss": loss, "dlogits": dlogits}, TOL)
    problems += mismatches(js["grads"], grads, TOL, where="grad ") + mismatches(js["params"], after, TOL, where="after ")
    assert not problems, "\n".join(problems)
    assert np.abs(np.array(js["grads"]["w1"]) - grads["w1"]).max() <= 1e-12 * max(1, np.abs(grads["w1"]).max())


def test_nine_products_add_up_to_nnlibs_pixel(page):
    explorer = widgets.conv_explorer(kernel="sharpen", digit=3)
    image = np.array(explorer.view.digits["images"][3])
    kernel = np.array(explorer.state["kernel"])
    cells = [(0, 0), (0, 7), (3, 4), (7, 7), (5, 0)]
    js = js_call(page, explorer.view._esm, [[image.tolist(), kernel.tolist(), r, c] for r, c in cells], fn="products")
    padded = np.pad(image, 1)
    for (r, c), got in zip(cells, js):
        patch = padded[r:r + 3, c:c + 3]
        np.testing.assert_array_equal(got["patch"], patch)
        np.testing.assert_allclose(got["prods"], patch * kernel, rtol=0, atol=1e-15)
        assert abs(np.sum(got["prods"]) - explorer.state["feature_map"][r, c]) <= 1e-12


def test_decision_regions_are_nnlibs_classes(page):
    """The regions drawn (training_maths.js ``predict``) are the classes nnlib's trained network picks."""
    model, _ = widgets.train_moons(hidden=5, lr=0.3, epochs=20, activation="tanh")
    grid = np.stack(np.meshgrid(np.linspace(-1.5, 2.5, 40), np.linspace(-1, 1.5, 40)), -1).reshape(-1, 2)
    weights = {"w1": model[0].weight.data.tolist(), "b1": model[0].bias.data.tolist(),
               "w2": model[2].weight.data.tolist(), "b2": model[2].bias.data.tolist()}
    js = js_call(page, widgets.training_explorer().view._esm, [[weights, grid.tolist(), "tanh"]], fn="predict")[0]
    classes = [js[str(i)] for i in range(len(grid))] if isinstance(js, dict) else js
    want = model(grid).argmax(axis=1)                  # the class nnlib picks (as nl.accuracy does for logits)
    assert np.array_equal(classes, want) and 0 < np.mean(want) < 1
