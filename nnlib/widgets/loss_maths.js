// The loss explorer's maths: p = σ(z), MSE on the probability (p − t)², and binary cross-entropy on the logit in
// its stable form max(z, 0) − z t + log(1 + exp(−|z|)); the twins of nl.MSELoss and nl.BCEWithLogitsLoss.
// Also both losses over the grid zs (embedded by Python), for the curves.
function bceWithLogits(z, t) {
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

export function compute({ z, target: t, zs }) {
  const p = sigmoid(z);
  return {
    p, mse: (p - t) ** 2, bce: bceWithLogits(z, t),
    ps: zs.map(sigmoid), mse_curve: zs.map((u) => (sigmoid(u) - t) ** 2), bce_curve: zs.map((u) => bceWithLogits(u, t)),
  };
}
