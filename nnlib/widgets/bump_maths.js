// The bump builder's maths: two sigmoid neurons of weight w stepping at left and right (bias b = −w·step),
// up = σ(w x − w left) and down = σ(w x − w right), and the bump
// height · (up − down) over the grid xs, scored against the target by the mean squared error; the twin of
// nl.Neuron([w], -w * left, activation="sigmoid") and nl.MSELoss() (xs and target embedded by Python).
export function compute({ steepness: s, left, right, height, xs, target }) {
  const up = xs.map((x) => sigmoid(x * s + -s * left));      // the order of nnlib's x @ w + b
  const down = xs.map((x) => sigmoid(x * s + -s * right));
  const bump = up.map((a, i) => height * (a - down[i]));
  let sum = 0;
  for (let i = 0; i < bump.length; i++) sum += (bump[i] - target[i]) ** 2;
  return { up, down, bump, mse: sum / bump.length };
}
