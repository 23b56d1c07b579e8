// The gradient-descent explorer's maths, the twin of nnlib/widgets/gradient_descent.py (which steps nl.SGD):
// two loss surfaces, nnlib's SGD rule with PyTorch's momentum (v = momentum v + g; w = w - lr v) and the verdict.
const BOX = 1e3;          // a path that leaves |w_i| <= BOX is diverging: the run stops there
const REACHED = 0.05;     // "near a minimum": |grad L(w_T)| <= REACHED |grad L(w_0)|
const SHAPE = 0.5;        // the two valleys: L = w1^4/4 + SHAPE w1^3/3 - w1^2/2 + w2^2, barrier at w1 = 0
const DEEP = (-SHAPE - Math.sqrt(SHAPE * SHAPE + 4)) / 2;      // w1 of the deeper valley's floor

export const SURFACES = {
  "bowl": { start: [-1.8, 0.9], lowest: [0, 0],
            loss: (a, b) => 0.5 * (a * a + 10 * b * b), grad: (a, b) => [a, 10 * b] },
  "two valleys": { start: [1.8, 0.9], lowest: [DEEP, 0], local: [(-SHAPE + Math.sqrt(SHAPE * SHAPE + 4)) / 2, 0],
                   loss: (a, b) => a ** 4 / 4 + SHAPE * a ** 3 / 3 - a * a / 2 + b * b,
                   grad: (a, b) => [a ** 3 + SHAPE * a * a - a, 2 * b] },
};

// `steps` steps of SGD from the surface's start; stops early once the path leaves the box.
export function descend(surface, lr, steps, momentum) {
  const s = SURFACES[surface];
  let [a, b] = s.start, va = 0, vb = 0;
  const path = [[a, b]];
  for (let t = 0; t < steps; t++) {
    const [ga, gb] = s.grad(a, b);
    if (momentum) { va = momentum * va + ga; vb = momentum * vb + gb; } else { va = ga; vb = gb; }
    a -= lr * va;
    b -= lr * vb;
    path.push([a, b]);
    if (!(Math.abs(a) <= BOX && Math.abs(b) <= BOX)) break;
  }
  return path;
}

// The verdict rule (the same in Python):
//   diverges    the path left the box, or its final loss is above its starting loss; otherwise
//   oscillates  a coordinate's step changed sign at least twice (the path overshoots, zig-zags); otherwise
//   converges   |grad L| at the end is at most REACHED times |grad L| at the start; otherwise
//   too slow    (the steps ran out before the path came near a minimum).
export function compute({ surface, lr, steps, momentum }) {
  const s = SURFACES[surface];
  const path = descend(surface, lr, steps, momentum);
  const first = path[0], last = path[path.length - 1];
  const losses = path.map((w) => s.loss(w[0], w[1]));
  const grad0 = Math.hypot(...s.grad(first[0], first[1])), grad_end = Math.hypot(...s.grad(last[0], last[1]));
  let reversals = 0;
  for (let t = 1; t + 1 < path.length; t++) {
    for (let i = 0; i < 2; i++) if ((path[t][i] - path[t - 1][i]) * (path[t + 1][i] - path[t][i]) < 0) reversals++;
  }
  const left = !(Math.abs(last[0]) <= BOX && Math.abs(last[1]) <= BOX);
  const reached = grad_end <= REACHED * grad0;
  const loss0 = losses[0], final_loss = losses[losses.length - 1];
  const verdict = left || !(final_loss <= loss0) ? "diverges"
    : reversals >= 2 ? "oscillates" : reached ? "converges" : "too slow";
  const valley = surface === "two valleys" && verdict !== "diverges" ? (last[0] < 0 ? "deeper" : "shallower") : "";
  return { path, losses, final_loss, verdict, reversals, reached, left, grad_end, steps_taken: path.length - 1, valley };
}
