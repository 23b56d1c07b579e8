// The bump challenge's maths, the twin of nnlib/widgets/bump_challenge.py (a Linear -> Sigmoid -> Linear network
// in nnlib). A bump is a pair of steep sigmoid neurons, h (sigmoid(s (x - left)) - sigmoid(s (x - right)));
// N bumps side by side on [0, 1] (bump k spans [k/N, (k+1)/N]) add up to the network's output g(x).
// The error is the mean of |target(x) - g(x)| over x_j = (j + 1/2) / GRID; "matched" when error <= tolerance.
const GRID = 200;
export const target = (x) => 0.2 + 0.4 * x * x + 0.3 * x * Math.sin(15 * x);
export const bump = (x, left, right, s) => sigmoid(s * (x - left)) - sigmoid(s * (x - right));

export function output(x, heights, s) {
  const N = heights.length;
  let g = 0;
  for (let k = 0; k < N; k++) g += heights[k] * bump(x, k / N, (k + 1) / N, s);
  return g;
}

// inputs: steepness, bumps (N), tolerance and h1 .. hN.
export function compute(inputs) {
  const heights = Array.from({ length: inputs.bumps }, (_, k) => inputs[`h${k + 1}`]);
  const xs = Array.from({ length: GRID }, (_, j) => (j + 0.5) / GRID);
  const g = xs.map((x) => output(x, heights, inputs.steepness));
  let total = 0;
  xs.forEach((x, j) => { total += Math.abs(target(x) - g[j]); });
  const error = total / GRID;
  return { output: g, error, matched: error <= inputs.tolerance };
}
