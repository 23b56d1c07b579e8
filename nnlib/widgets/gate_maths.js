// The gate explorer's maths: one step neuron (threshold 0) on a gate's four rows, the twin of
// nl.Neuron(...).fires(X) with X, y = nl.logic_gate(gate) (embedded by Python as `X` and `targets`).
export function compute({ gate, w1, w2, b, X, targets }) {
  const z = X.map(([x1, x2]) => (x1 * w1 + x2 * w2) + b);       // the order of nnlib's X @ w + b
  const fires = z.map((v) => v >= 0);
  const target = targets[gate];
  const correct = fires.map((f, i) => (f ? 1 : 0) === target[i]);
  return { z, fires, target, correct, n_correct: correct.filter(Boolean).length };
}
