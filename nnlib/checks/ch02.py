"""Checks for chapter 2, "Firing and thresholds": ``from nnlib.checks import ch02 as check``."""
import numpy as np

from ..datasets import logic_gate
from . import call, close, report


def fires(fn):
    """``fn(x, w, b, theta)`` is True exactly when w · x + b >= theta."""
    w, b = np.array([1.0, 1.0]), -1.0
    cases = [  # (x, theta, expected, what it tests)
        (np.array([1.0, 1.0]), 0.5, True, "z = 1.0 is above θ = 0.5"),
        (np.array([0.0, 0.0]), 0.5, False, "z = -1.0 is below θ = 0.5"),
        (np.array([1.0, 0.5]), 0.5, True, "z = 0.5 equals θ = 0.5"),
        (np.array([1.0, 0.0]), -0.5, True, "z = 0.0 is above θ = -0.5"),
        (np.array([0.0, 0.0]), -0.5, False, "z = -1.0 is below θ = -0.5"),
        (np.array([0.5, 0.0]), 0.0, False, "z = -0.5 is below θ = 0"),
        (np.array([1.0, 0.25]), 0.5, False, "z = 0.25 is below θ = 0.5"),     # z >= 0 but below θ
        (np.array([0.0, 0.5]), -0.75, True, "z = -0.5 is above θ = -0.75"),   # z < 0 but above θ
    ]
    for x, theta, want, what in cases:
        got, err = call(fn, x, w, b, theta)
        tried = f"fires(x={x.tolist()}, w=[1.0, 1.0], b=-1.0, theta={theta})"
        if err:
            return report(False, "", f"{tried}: {err}")
        if isinstance(got, np.ndarray) and got.shape != ():
            return report(False, "", f"{tried} returned an array of shape {got.shape}; return one True/False: "
                                     "compare the single number z = np.dot(w, x) + b with theta.")
        if not isinstance(got, (bool, np.bool_)):
            return report(False, "", f"{tried} returned {got!r}; return True or False (a comparison such as "
                                     "z >= theta gives one).")
        if bool(got) != want:
            if "equals" in what:
                hint = (f"{tried} returned {bool(got)}, but {what}: a neuron fires when z >= θ, "
                        "so use >= rather than >.")
            elif bool(got) == (float(np.dot(w, x)) + b >= 0):
                hint = (f"{tried} returned {bool(got)}, but {what}. Your answer matches z >= 0: compare z with "
                        "theta, not with 0.")
            elif theta < 0 and want and not got:
                hint = (f"{tried} returned {bool(got)}, but {what}. Check the sign of theta: the test is "
                        "z >= theta, not z >= -theta.")
            elif bool(got) != (float(np.dot(w, x)) >= theta) and bool(got) == (float(np.dot(w, x)) - b >= theta):
                hint = f"{tried} returned {bool(got)}, but {what}. The bias is added, not subtracted: z = w · x + b."
            else:
                hint = f"{tried} returned {bool(got)}, but {what}. Did you add the bias b to w · x?"
            return report(False, "", hint)
    return report(True, "fires when z >= θ (including z exactly at θ) and stays silent below it.", "")


def gate(name, w, b):
    """A step neuron with weights ``w`` and bias ``b`` reproduces the truth table of gate ``name``."""
    try:
        X, y = logic_gate(name)
    except ValueError as err:
        return report(False, "", str(err))
    try:
        w = np.asarray(w, dtype=float)
        b = float(b)
    except (TypeError, ValueError) as err:
        return report(False, "", f"w should be two numbers and b one number ({err}).")
    if w.shape != (2,):
        return report(False, "", f"w has shape {w.shape}; a gate has two inputs, so w needs two numbers.")
    z = X @ w + b
    out = (z >= 0).astype(int)
    wrong = [(X[i].astype(int).tolist(), int(y[i]), float(z[i])) for i in range(4) if out[i] != y[i]]
    key = str(name).upper()
    if not wrong:
        table = ", ".join(f"{X[i].astype(int).tolist()}->{out[i]}" for i in range(4))
        return report(True, f"{key} with w = {np.round(w, 3).tolist()}, b = {b:g}: {table}.", "")
    rows = "; ".join(f"x = {x} gives z = {zz:g} and {'fires' if t == 0 else 'stays silent'}, but {key} wants {t}"
                     for x, t, zz in wrong)
    if key == "XOR":
        nudge = "No single straight line separates XOR's rows: this one is impossible (see the next section)."
    elif key == "NAND" and np.all(w < 0) and b < 0:
        nudge = ("The weights are flipped, but the bias is not: [0, 0] gives z = b < 0 and stays silent, while NAND "
                 "must fire there. NAND is AND with every sign flipped, the bias included.")
    elif (key in ("OR", "AND") and np.all(w > 0)) or (key == "NAND" and np.all(w < 0)):
        fired_wrongly = any(t == 0 for _, t, _ in wrong)
        need = {"OR": "when at least one input is 1", "AND": "only when both inputs are 1",
                "NAND": "unless both inputs are 1"}[key]
        if fired_wrongly:
            nudge = (f"{key} fires {need}: a row that should stay silent fires, so lower the bias "
                     "(z >= 0 fires, so z = 0 exactly still fires).")
        else:
            nudge = f"{key} fires {need}: a row that should fire stays silent, so raise the bias."
    elif key == "NAND":
        nudge = "NAND is AND with every sign flipped: try the negatives of your AND weights and bias."
    elif key == "OR":
        nudge = ("OR must fire if at least one input is 1: keep the weights positive and choose the bias so that "
                 "[0, 1] fires but [0, 0] does not.")
    else:
        nudge = "The output fires when z = w · x + b >= 0: adjust b to move the line, w to turn it."
    return report(False, "", f"{rows}. {nudge}")


def perceptron_update(fn):
    """``fn(w, b, x, target, lr)`` returns the new (w, b) after one perceptron-rule step."""
    w, b, lr = np.array([0.5, -0.5]), 0.0, 0.1
    cases = [  # (x, target): prediction for w, b above
        (np.array([0.0, 1.0]), 1),   # z = -0.5: predicts 0, should be 1 -> move up
        (np.array([1.0, 0.0]), 0),   # z = 0.5: predicts 1, should be 0 -> move down
        (np.array([2.0, 1.0]), 1),   # z = 0.5: predicts 1, correct -> no change
        (np.array([1.0, 1.0]), 1),   # z = 0 exactly: fires (z >= 0), correct -> no change
        (np.array([1.0, 2.0]), 1),   # z = -0.5: predicts 0, should be 1; the inputs do not add up to 1
    ]
    for x, target in cases:
        pred = float(w @ x + b >= 0)
        err_ = target - pred
        want_w, want_b = w + lr * err_ * x, b + lr * err_
        got, err = call(fn, w.copy(), b, x, target, lr)
        tried = f"perceptron_update(w=[0.5, -0.5], b=0.0, x={x.tolist()}, target={target}, lr=0.1)"
        if err:
            return report(False, "", f"{tried}: {err}")
        try:
            new_w, new_b = got
            new_w = np.asarray(new_w, dtype=float)
            new_b = float(new_b)
        except (TypeError, ValueError):
            return report(False, "", f"{tried} returned {got!r}; return a pair (new_w, new_b).")
        if close(new_w, want_w) and close(new_b, want_b):
            continue
        expect = f"expected w = {np.round(want_w, 4).tolist()}, b = {want_b:g}"
        gotten = f"got w = {np.round(new_w, 4).tolist()}, b = {new_b:g}"
        if err_ == 0 and w @ x + b == 0 and close(new_w, w + lr * x) and close(new_b, b + lr):
            hint = (f"{tried}: here z = w · x + b = 0 exactly, and a neuron fires when z >= 0, so its answer is 1, "
                    f"which is right: nothing should change ({gotten}). Your code treated z = 0 as silent: use "
                    ">= 0, not > 0, for the prediction.")
        elif close(new_w, w) and close(new_b, b):
            hint = (f"{tried}: the neuron answers {int(pred)} but the target is {target}, so error = target - "
                    f"prediction = {err_:g} and w and b must move; your code left them unchanged ({expect}).")
        elif close(new_w, w + err_ * x) and close(new_b, b + err_):
            hint = (f"{tried}: {gotten}, {expect}. The step is lr * error: multiply the change by the "
                    "learning rate lr.")
        elif err_ == 0:
            hint = (f"{tried}: the neuron already answers {int(pred)} correctly, so nothing should change; "
                    f"{gotten}. Use error = target - prediction, which is 0 here.")
        elif close(new_w, w - lr * err_ * x) and close(new_b, b - lr * err_):
            hint = (f"{tried}: {gotten}, {expect}. Sign error: error = target - prediction (not "
                    "prediction - target), and w moves by + lr * error * x.")
        elif close(new_w, want_w) and close(new_b, b):
            hint = f"{tried}: the weights are right but the bias did not change; it moves by lr * error too."
        elif close(new_w, want_w):
            hint = (f"{tried}: the weights are right, but b = {new_b:g} and should be {want_b:g}: the bias moves by "
                    "lr * error alone (it is the weight of an input that is always 1).")
        elif close(new_w, w + lr * err_) :
            hint = f"{tried}: {gotten}, {expect}. Each weight moves by lr * error * x_i: multiply by the input."
        else:
            hint = (f"{tried}: {gotten}, {expect}. prediction = 1 if w · x + b >= 0 else 0; "
                    "error = target - prediction; w += lr * error * x; b += lr * error.")
        return report(False, "", hint)
    return report(True, "moves the line towards a missed 1, away from a false 1, and leaves correct answers alone.", "")
