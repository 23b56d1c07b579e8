// The LIF explorer's maths, the twin of nl.LIF (nnlib/spiking.py) as nnlib/widgets/lif.py uses it.
// tau dv/dt = -(v - v_rest) + R I in Euler steps of dt (ms), from v = v_reset = v_rest; when v reaches θ: a spike,
// v back to v_reset and held there for t_ref. The exact rate for a constant current (Hz):
// 1000 / (t_ref + tau ln((v_inf - v_reset) / (v_inf - θ))) with v_inf = v_rest + R I, if v_inf > θ; else 0.
const LIF_SILENT = "stays silent: the current never lifts v to the threshold";

function lifRate(I, { tau, theta, t_ref, v_rest, resistance }) {
  const vInf = v_rest + resistance * I;
  if (!(vInf > theta)) return 0;
  return 1000 / (t_ref + tau * Math.log((vInf - v_rest) / (vInf - theta)));
}

function lifVerdict(rate) {
  if (!(rate > 0)) return LIF_SILENT;
  const n = fmt(rate, 0);
  return n === "0" || n === "1" ? "fires about once a second" : `fires ${n} times a second`;
}

export function compute(p) {
  const { I, tau, theta, t_ref, window, dt, v_rest, resistance, currents } = p;
  const steps = Math.max(Math.round(window / dt), 1);
  const hold = Math.floor(t_ref / dt + 0.5);            // refractory steps, as nnlib rounds them
  const v = [v_rest], spikes = [];
  let u = v_rest, resting = 0;
  for (let k = 0; k < steps; k++) {
    if (resting > 0) {
      resting -= 1;
    } else {
      u = u + dt / tau * (-(u - v_rest) + resistance * I);
      if (u >= theta) { spikes.push((k + 1) * dt); u = v_rest; resting = hold; }
    }
    v.push(u);
  }
  const rate = lifRate(I, p);
  return {
    v, spikes, count: spikes.length, v_inf: v_rest + resistance * I, threshold_current: (theta - v_rest) / resistance,
    rate, curve: currents.map((c) => lifRate(c, p)), fires: rate > 0, verdict: lifVerdict(rate),
  };
}
