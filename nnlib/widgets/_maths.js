// Shared maths, the twins of nnlib/activations.py (same formulas, so the same numbers to ~1e-15).
// Included in every explorer's module after _shared.js; nothing exported.
function sigmoid(z) {                       // never overflows: exp of -|z| only
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

const ACTIVATIONS = {
  step: { f: (z) => (z >= 0 ? 1 : 0), df: () => 0 },
  identity: { f: (z) => z, df: () => 1 },
  sigmoid: { f: sigmoid, df: (z) => { const s = sigmoid(z); return s * (1 - s); } },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  leaky_relu: { f: (z) => (z >= 0 ? z : 0.01 * z), df: (z) => (z > 0 ? 1 : 0.01) },   // as PyTorch at 0
};

function act(name) {
  const a = ACTIVATIONS[name];
  if (!a) throw new Error(`unknown activation ${name}`);
  return a;
}
