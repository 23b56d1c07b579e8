// The RNN explorer's maths, the twin of nnlib/widgets/rnn.py (nl.RNN(1, 1) for tanh): one recurrent neuron
// driven by one pulse, x_1 = 1 then zeros: h_t = f(w_in x_t + w_hh h_{t-1}), h_0 = 0, no bias.
// The verdict rule (the same in Python): r = |h_T| / |h_1|, how much of the pulse is left after T steps;
// "fading" if r < 0.1 (or nothing entered: h_1 = 0), "exploding" if r > 10, "holding" otherwise.
const FADING = 0.1, EXPLODING = 10;
const RNN_F = { tanh: Math.tanh, linear: (z) => z };

export function compute({ w_hh, w_in, steps, activation }) {
  const f = RNN_F[activation], h = [];
  let state = 0;
  for (let t = 0; t < steps; t++) {
    state = f(w_in * (t === 0 ? 1 : 0) + w_hh * state);
    h.push(state);
  }
  const first = Math.abs(h[0]), last = Math.abs(h[h.length - 1]);
  const ratio = first > 0 ? last / first : 0;
  const verdict = !(first > 0) || ratio < FADING ? "fading" : ratio > EXPLODING ? "exploding" : "holding";
  return { h, ratio, verdict, h_last: h[h.length - 1] };
}
