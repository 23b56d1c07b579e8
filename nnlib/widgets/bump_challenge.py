"""Beyond Nielsen's bumps: match a target curve with N bumps (``bump_challenge``), and build a 2-D tower from two
bumps (``bump_tower``).

A bump is a pair of steep sigmoid neurons, h (σ(s (x - left)) - σ(s (x - right))); N of them side by side on
[0, 1] form the network Linear(1, 2N) -> Sigmoid -> Linear(2N, 1), built here with nnlib. The error is the mean of
|target(x) - g(x)| over 200 evenly spaced x; "matched" when it is at most the tolerance. The tower is the network
Linear(2, 4) -> Sigmoid -> Linear(4, 1) -> Sigmoid: o = σ(w (B1(x1) + B2(x2) - s)), an output neuron of weight w
that steps at s on the sum B1 + B2 (its stored bias is b = -w s); it "stands" when o is at least 0.8 at the centre
and at most 0.2 at every cell centre more than 0.1 outside the square [0.3, 0.7]².
Drawn by bump_challenge.js and bump_tower.js with their _maths.js twins.
"""
import numpy as np
from traitlets import Float, Int

from ..layers import Linear, Sequential, Sigmoid
from ._base import Explorer, View, esm, log_slider, number, slider, whole

GRID, MAX_BUMPS, LO, HI, CELLS = 200, 10, 0.3, 0.7, 25


def challenge_target(x):
    """The curve to match: 0.2 + 0.4 x² + 0.3 x sin(15 x) on [0, 1] (Nielsen's, without its fast wiggle)."""
    x = np.asarray(x, dtype=np.float64)
    return 0.2 + 0.4 * x * x + 0.3 * x * np.sin(15 * x)


def bump_network(heights, steepness):
    """The nnlib network of len(heights) bumps on [0, 1]: Linear(1, 2N) -> Sigmoid -> Linear(2N, 1)."""
    n = len(heights)
    edges = np.ravel([[k / n, (k + 1) / n] for k in range(n)])            # left, right of every bump
    hidden, out = Linear(1, 2 * n, rng=0), Linear(2 * n, 1, rng=0)
    hidden.weight.data[:] = steepness
    hidden.bias.data[:] = -steepness * edges
    out.weight.data[0] = np.ravel([[h, -h] for h in heights])
    out.bias.data[:] = 0.0
    return Sequential(hidden, Sigmoid(), out)


def challenge_state(values, bumps, tolerance):
    heights = [values[f"h{k + 1}"] for k in range(bumps)]
    x = (np.arange(GRID) + 0.5) / GRID
    g = bump_network(heights, values["steepness"])(x[:, None])[:, 0]
    error = float(np.mean(np.abs(challenge_target(x) - g)))
    return {"output": g, "error": error, "matched": error <= tolerance}


class ChallengeView(View):
    _esm = esm("bump_challenge")
    steepness = Float(200.0).tag(sync=True)
    bumps = Int(5).tag(sync=True)
    tolerance = Float(0.08).tag(sync=True)
    locals().update({f"h{k + 1}": Float(0.0).tag(sync=True) for k in range(MAX_BUMPS)})   # h1 .. h10: heights


def bump_challenge(bumps=5, steepness=200.0, tolerance=0.08, heights=None):
    """Match the dotted target curve on [0, 1] with ``bumps`` bumps side by side (2 to 10), one height slider
    each (h1 .. hN, -1 to 1); ``steepness`` (5 to 1000) sharpens every bump's edges. The error (the mean of
    |target - output|) is measured live; under ``tolerance`` (default 0.08) the readout says "matched".
    ``heights``: the starting heights (default all 0).
    """
    bumps = whole("bumps", bumps, 2, MAX_BUMPS)
    number("tolerance", tolerance, 0.0, 1.0)
    heights = [0.0] * bumps if heights is None else list(heights)
    if len(heights) != bumps:
        raise ValueError(f"heights must have one value per bump ({bumps}), but got {len(heights)} values.")
    controls = {"steepness": log_slider("steepness", steepness, 5, 1000, digits=0)}
    for k, h in enumerate(heights):
        controls[f"h{k + 1}"] = slider(f"h{k + 1}", number(f"heights[{k}]", h, -1, 1), -1, 1, step=0.01)
    names = list(controls)
    view = ChallengeView(bumps=int(bumps), tolerance=float(tolerance))
    return Explorer("bump_challenge", controls, view, lambda v: challenge_state(v, int(bumps), tolerance),
                    rows=[names[i:i + 3] for i in range(0, len(names), 3)])


def tower_network(steepness, w, s):
    """The tower as an nnlib network: Linear(2, 4) -> Sigmoid -> Linear(4, 1) -> Sigmoid. Every neuron is stored
    as weights and a bias b = -weight * (its step point): the hidden ones step at LO and HI along x1 and x2, the
    output one at s on the sum of the two bumps."""
    hidden, out = Linear(2, 4, rng=0), Linear(4, 1, rng=0)
    hidden.weight.data[:] = steepness * np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    hidden.bias.data[:] = -steepness * np.array([LO, HI, LO, HI])
    out.weight.data[0] = w * np.array([1, -1, 1, -1])
    out.bias.data[:] = -w * s
    return Sequential(hidden, Sigmoid(), out, Sigmoid())


def tower_state(values):
    net = tower_network(values["steepness"], values["w"], values["s"])
    c = (np.arange(CELLS) + 0.5) / CELLS
    x1, x2 = np.meshgrid(c, c)                  # row i: x2 = c[i]; column j: x1 = c[j]
    grid = net(np.c_[x1.ravel(), x2.ravel()])[:, 0].reshape(CELLS, CELLS)
    far = (x1 < LO - 0.1) | (x1 > HI + 0.1) | (x2 < LO - 0.1) | (x2 > HI + 0.1)
    centre, outside = float(net(np.array([[0.5, 0.5]]))[0, 0]), float(grid[far].max())
    return {"grid": grid, "centre": centre, "outside": outside, "bias": float(net[2].bias.data[0]),
            "stands": centre >= 0.8 and outside <= 0.2}


class TowerView(View):
    _esm = esm("bump_tower")
    steepness = Float(50.0).tag(sync=True)
    w = Float(10.0).tag(sync=True)
    s = Float(0.5).tag(sync=True)


def bump_tower(weight=10.0, step=0.5, steepness=50.0):
    """Two bumps, one along x1 and one along x2 (both on [0.3, 0.7]), added and passed through an output neuron
    that steps at ``step`` (s) on their sum: o = σ(w (B1(x1) + B2(x2) - s)), stored as weight w and bias b = -w s.
    Seen from above, a cross; with the right step point, a tower. weight w: 1 to 50; step s: -0.5 to 2.5;
    steepness (the hidden neurons' weight): 5 to 500.
    """
    controls = {"w": slider("w", number("weight", weight, 1, 50), 1, 50, step=0.5),
                "s": slider("s", number("step", step, -0.5, 2.5), -0.5, 2.5, step=0.05),
                "steepness": log_slider("steepness", steepness, 5, 500, digits=0)}
    return Explorer("bump_tower", controls, TowerView(), tower_state)
