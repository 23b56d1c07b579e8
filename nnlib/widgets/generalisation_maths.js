// The generalisation explorer's maths, the twin of nnlib/widgets/generalisation.py. Curves hold one loss per
// epoch (epoch t at index t - 1); `curves` = {sizes, loss: [per size], val_loss: [per size]}.
//   smoothed validation loss s_t: the mean of val_loss over epochs max(1, t - window + 1) .. t;
//   early stopping: the epoch t* <= E (the training length shown) with the smallest s_t (the first if tied);
//   verdict at length E: "overfitting" if s_E > RISE s_t* (validation has turned back up); otherwise
//   "underfitting" if s_E > SHORT best, best being the smallest s_t of any size at any epoch; else "about right".
const RISE = 1.05, SHORT = 1.2;

export function smooth(values, window) {
  const out = [];
  for (let t = 0; t < values.length; t++) {
    const lo = Math.max(0, t - window + 1);
    let s = 0;
    for (let k = lo; k <= t; k++) s += values[k];
    out.push(s / (t - lo + 1));
  }
  return out;
}

export function compute({ size, epochs, window, curves }) {
  const i = curves.sizes.indexOf(size), loss = curves.loss[i], val = curves.val_loss[i];
  const s = smooth(val, window);
  let stop = 0;
  for (let t = 1; t < epochs; t++) if (s[t] < s[stop]) stop = t;
  let best = Infinity;
  for (const other of curves.val_loss) for (const v of smooth(other, window)) if (v < best) best = v;
  const sE = s[epochs - 1];
  const verdict = sE > RISE * s[stop] ? "overfitting" : sE > SHORT * best ? "underfitting" : "about right";
  return { loss: loss[epochs - 1], val_loss: val[epochs - 1], smoothed: s, stop_epoch: stop + 1,
           stop_val_loss: val[stop], best, verdict };
}
