"""The training explorer: a small network learns the two moons in the page, its decision regions redrawn as it
learns and its loss curve beside them.

The network is ``Sequential(Linear(2, H), f, Linear(H, 2))`` with ``CrossEntropyLoss``, trained by ``nl.SGD`` on
mini-batches of 20 points taken in the data's order (no shuffling, so the page can repeat it exactly). The data
(``nl.make_moons(200, noise=0.2, rng=0)``) and the starting weights (``nl.Linear(2, H, rng=0)`` and
``nl.Linear(H, 2, rng=1)`` for every H) are embedded in the widget: the page trains from the same numbers as nnlib.
training.js animates the training with training_maths.js, the twin of ``train_moons`` below.
"""
import functools

import numpy as np
from traitlets import Dict, Float, Int

from ..datasets import make_moons
from ..layers import Linear, ReLU, Sequential, Sigmoid, Tanh
from ..losses import CrossEntropyLoss
from ..optim import SGD
from ..train import evaluate
from ._base import Explorer, View, dropdown, esm, int_slider, log_slider

BATCH, MAX_HIDDEN = 20, 16
LAYERS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}


@functools.lru_cache(maxsize=1)
def moons():
    """The explorer's data: ``nl.make_moons(200, noise=0.2, rng=0)`` -> X (200, 2), y (200,)."""
    return make_moons(200, noise=0.2, rng=0)


def network(hidden, activation):
    """The starting network: Linear(2, hidden) (rng=0) -> activation -> Linear(hidden, 2) (rng=1)."""
    return Sequential(Linear(2, hidden, rng=0), LAYERS[activation](), Linear(hidden, 2, rng=1))


@functools.lru_cache(maxsize=1)
def embedded():
    """What the page needs to train as nnlib does: the data and the starting weights for every hidden size."""
    X, y = moons()
    init = {}
    for h in range(1, MAX_HIDDEN + 1):
        first, second = network(h, "relu")[0], network(h, "relu")[2]
        init[str(h)] = {"w1": first.weight.data.tolist(), "b1": first.bias.data.tolist(),
                        "w2": second.weight.data.tolist(), "b2": second.bias.data.tolist()}
    return {"X": X.tolist(), "y": y.tolist(), "init": init}


def train_moons(hidden=8, lr=0.1, epochs=100, activation="relu"):
    """Train the network with nnlib -> (model, history); history has "loss" and "accuracy" on all 200 points
    after each epoch. Training stops after the first epoch whose loss is not finite (it diverged)."""
    X, y = moons()
    model, loss_fn = network(int(hidden), activation), CrossEntropyLoss()
    opt = SGD(model.parameters(), lr=lr)
    history = {"loss": [], "accuracy": []}
    with np.errstate(all="ignore"):
        for _ in range(int(epochs)):
            for start in range(0, len(X), BATCH):
                opt.zero_grad()
                loss_fn(model(X[start:start + BATCH]), y[start:start + BATCH])
                model.backward(loss_fn.backward(), input_grad=False)
                opt.step()
            loss, acc = evaluate(model, loss_fn, X, y)
            history["loss"].append(loss)
            history["accuracy"].append(acc)
            if not np.isfinite(loss):
                break
    return model, history


def training_state(values):
    """nnlib's training for the controls (the keys of training_maths.js ``compute``)."""
    _, history = train_moons(values["hidden"], values["lr"], values["epochs"], values["activation"])
    return {"loss": history["loss"][-1], "accuracy": history["accuracy"][-1], "losses": history["loss"],
            "accuracies": history["accuracy"],
            "diverged": not np.isfinite(history["loss"][-1]), "epochs_run": len(history["loss"])}


class TrainingView(View):
    _esm = esm("training")
    hidden = Int(8).tag(sync=True)
    lr = Float(0.1).tag(sync=True)
    epochs = Int(100).tag(sync=True)
    activation = Int(0).tag(sync=True)           # index into LAYERS (see View)
    data = Dict().tag(sync=True)


def training_explorer(hidden=8, lr=0.1, epochs=100, activation="relu"):
    """Train a network with one hidden layer on the two moons, in the page, and watch it learn.

    Left: the decision regions (the class the network picks at each point) over the 200 points; right: the loss
    and the accuracy after each epoch. It trains again when a control changes or "Train again" is pressed,
    animates to the end, then rests. hidden: 1 to 16 units; lr: 0.001 to 1; epochs: 10 to 300; activation:
    "relu", "tanh" or "sigmoid". In a kernel ``.state`` is nnlib's training (``train_moons``).
    """
    controls = {
        "hidden": int_slider("hidden", hidden, 1, MAX_HIDDEN, continuous_update=False),
        "lr": log_slider("lr", lr, 0.001, 1.0, continuous_update=False),
        "epochs": int_slider("epochs", epochs, 10, 300, step=10, continuous_update=False),
        "activation": dropdown("f", list(LAYERS), activation, name="activation"),
    }
    return Explorer("training_explorer", controls, TrainingView(data=embedded()), training_state,
                    rows=[["hidden", "lr"], ["epochs", "activation"]])
