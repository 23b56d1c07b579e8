// The training explorer's maths, the twin of nnlib/widgets/training.py: the network Linear(2, H) -> f ->
// Linear(H, 2) with CrossEntropyLoss on its logits, trained by SGD on mini-batches of BATCH points in the data's
// own order, written as nnlib's Linear, ReLU/Tanh/Sigmoid, CrossEntropyLoss and SGD compute them.
// Weights p = {w1: H x 2, b1: H, w2: 2 x H, b2: 2} (PyTorch's (out, in) layout); X: N x 2; y: N class indices.
const BATCH = 20;

export function copyWeights(p) {
  return { w1: p.w1.map((r) => r.slice()), b1: p.b1.slice(), w2: p.w2.map((r) => r.slice()), b2: p.b2.slice() };
}

// forward: z1 = X w1^T + b1 (N x H), a = f(z1), logits = a w2^T + b2 (N x 2).
export function forward(p, X, activation) {
  const f = act(activation).f, H = p.b1.length, z1 = [], a = [], logits = [];
  for (const x of X) {
    const zr = new Array(H), ar = new Array(H);
    for (let h = 0; h < H; h++) { zr[h] = x[0] * p.w1[h][0] + x[1] * p.w1[h][1] + p.b1[h]; ar[h] = f(zr[h]); }
    const out = [0, 0];
    for (let k = 0; k < 2; k++) { let s = 0; for (let h = 0; h < H; h++) s += ar[h] * p.w2[k][h]; out[k] = s + p.b2[k]; }
    z1.push(zr); a.push(ar); logits.push(out);
  }
  return { z1, a, logits };
}

// The class the network picks at each point (1 when logit 1 > logit 0), without keeping the intermediate values.
export function predict(p, X, activation) {
  const f = act(activation).f, H = p.b1.length, out = new Uint8Array(X.length), a = new Float64Array(H);
  X.forEach((x, n) => {
    for (let h = 0; h < H; h++) a[h] = f(x[0] * p.w1[h][0] + x[1] * p.w1[h][1] + p.b1[h]);
    let z0 = 0, z1 = 0;
    for (let h = 0; h < H; h++) { z0 += a[h] * p.w2[0][h]; z1 += a[h] * p.w2[1][h]; }
    out[n] = z1 + p.b2[1] > z0 + p.b2[0] ? 1 : 0;
  });
  return out;
}

// CrossEntropyLoss: mean(log(sum exp(z - max)) - (z - max)[y]); its gradient (softmax(z) - onehot(y)) / N.
export function crossEntropy(logits, y) {
  const N = logits.length, grad = [];
  let total = 0;
  for (let n = 0; n < N; n++) {
    const m = Math.max(logits[n][0], logits[n][1]);
    const s0 = logits[n][0] - m, s1 = logits[n][1] - m, e0 = Math.exp(s0), e1 = Math.exp(s1), sum = e0 + e1;
    total += Math.log(sum) - (y[n] ? s1 : s0);
    grad.push([(e0 / sum - (y[n] ? 0 : 1)) / N, (e1 / sum - (y[n] ? 1 : 0)) / N]);
  }
  return { loss: total / N, grad };
}

// backward: every weight's gradient from dlogits (N x 2) and the forward pass's z1 and a.
export function backward(p, X, fw, dlogits, activation) {
  const df = act(activation).df, H = p.b1.length;
  const g = { w1: p.w1.map(() => [0, 0]), b1: new Array(H).fill(0), w2: [new Array(H).fill(0), new Array(H).fill(0)],
              b2: [0, 0] };
  for (let n = 0; n < X.length; n++) {
    const d = dlogits[n];
    for (let k = 0; k < 2; k++) { g.b2[k] += d[k]; for (let h = 0; h < H; h++) g.w2[k][h] += d[k] * fw.a[n][h]; }
    for (let h = 0; h < H; h++) {
      const dz = (d[0] * p.w2[0][h] + d[1] * p.w2[1][h]) * df(fw.z1[n][h]);
      g.b1[h] += dz; g.w1[h][0] += dz * X[n][0]; g.w1[h][1] += dz * X[n][1];
    }
  }
  return g;
}

// nnlib's SGD step (no momentum): p = p - lr * grad, in place.
export function sgdStep(p, g, lr) {
  for (let h = 0; h < p.b1.length; h++) {
    p.w1[h][0] -= lr * g.w1[h][0]; p.w1[h][1] -= lr * g.w1[h][1]; p.b1[h] -= lr * g.b1[h];
    p.w2[0][h] -= lr * g.w2[0][h]; p.w2[1][h] -= lr * g.w2[1][h];
  }
  p.b2[0] -= lr * g.b2[0]; p.b2[1] -= lr * g.b2[1];
}

// Loss and accuracy on all points (right when the larger logit is the point's class; a tie counts as class 0).
export function evaluate(p, X, y, activation) {
  const { logits } = forward(p, X, activation);
  let right = 0;
  logits.forEach((z, n) => { right += (z[1] > z[0] ? 1 : 0) === y[n] ? 1 : 0; });
  return { loss: crossEntropy(logits, y).loss, accuracy: right / X.length };
}

// One SGD step on a mini-batch (forward, loss, backward, update; p changes in place): what the parity test runs.
export function oneStep(p, X, y, activation, lr) {
  const fw = forward(p, X, activation), ce = crossEntropy(fw.logits, y), grads = backward(p, X, fw, ce.grad, activation);
  sgdStep(p, grads, lr);
  return { logits: fw.logits, loss: ce.loss, dlogits: ce.grad, grads, params: p };
}

// Training, one epoch per `next()`: yields {epoch, params, loss, accuracy, diverged}; stops at a non-finite loss.
export function* train({ hidden, lr, epochs, activation, data }) {
  const p = copyWeights(data.init[hidden]), { X, y } = data;
  for (let t = 1; t <= epochs; t++) {
    for (let start = 0; start < X.length; start += BATCH) {
      oneStep(p, X.slice(start, start + BATCH), y.slice(start, start + BATCH), activation, lr);
    }
    const ev = evaluate(p, X, y, activation), diverged = !Number.isFinite(ev.loss);
    yield { epoch: t, params: p, ...ev, diverged };
    if (diverged) return;
  }
}

// The whole run at once (the state nnlib's training gives; the view animates `train` instead).
export function compute(inputs) {
  const losses = [], accuracies = [];
  let last = null;
  for (const s of train(inputs)) { losses.push(s.loss); accuracies.push(s.accuracy); last = s; }
  return { loss: last.loss, accuracy: last.accuracy, losses, accuracies, diverged: last.diverged, epochs_run: last.epoch };
}
