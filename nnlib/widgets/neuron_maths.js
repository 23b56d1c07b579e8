// The neuron explorer's maths: the twin of nl.Neuron (nnlib/neuron.py). z = w1 x1 + w2 x2 + b,
// fires when z >= θ, output 1/0 for the step activation (fires or not), f(z) otherwise.
export function compute({ w1, w2, b, theta, x1, x2, activation }) {
  const z = (x1 * w1 + x2 * w2) + b;        // the order of nnlib's x @ w + b
  const fires = z >= theta;
  const output = activation === "step" ? (fires ? 1 : 0) : act(activation).f(z);
  return { z, output, fires };
}
