// The RNN explorer's view: the hidden state h_t after one pulse, and log10 |h_t| against the band between a
// tenth and ten times |h_1| (below: fading, above: exploding).
const INPUTS = ["w_hh", "w_in", "steps", "activation"];
const WORDS = {
  fading: "the pulse fades away: the neuron forgets what it saw at t = 1",
  holding: "the state holds the pulse: it stays between a tenth and ten times its first size",
  exploding: "the state grows more than tenfold: each step multiplies it by more than 1",
};

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "recurrent neuron readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: [0, 30], ylim: [-1.1, 1.1], xlabel: "time step t",
                                ylabel: "hidden state h_t", title: "The state over time" });
  const right = panel(fig.svg, { x: 400, y: 30, w: 220, h: 200, xlim: [0, 30], ylim: [-3, 3], xlabel: "time step t",
                                 ylabel: "log10 |h_t|", title: "Size of the state" });
  const band = svgEl("rect", { fill: C.green, "fill-opacity": 0.15 }, right.plot);
  const line = svgEl("path", { class: "nnx-curve" }, left.plot);
  const dots = svgEl("g", {}, left.plot);
  const logLine = svgEl("path", { class: "nnx-curve2" }, right.plot);

  function update() {
    const v = inputsOf(model, INPUTS), s = compute(v);
    const t = s.h.map((_, i) => i + 1), top = Math.max(1, ...s.h.map(Math.abs));
    const mag = 10 ** Math.ceil(Math.log10(top) - 1e-9);
    left.setLimits([0, v.steps + 1], v.activation === "tanh" ? [-1.1, 1.1] : [-1.1 * mag, 1.1 * mag]);
    line.setAttribute("d", pathD(t, s.h, left.sx, left.sy));
    while (dots.childNodes.length < t.length) svgEl("circle", { r: 2.5, fill: C.blue }, dots);
    dots.childNodes.forEach((d, i) => {
      d.style.display = i < t.length ? "" : "none";
      if (i < t.length) { d.setAttribute("cx", left.sx(t[i])); d.setAttribute("cy", left.sy(s.h[i])); }
    });
    const logs = s.h.map((x) => Math.log10(Math.max(Math.abs(x), 1e-30)));
    const base = logs[0] > -30 ? logs[0] : 0;
    const lo = Math.floor(Math.min(...logs, base - 1.5)), hi = Math.ceil(Math.max(...logs, base + 1.5));
    right.setLimits([0, v.steps + 1], [Math.max(lo, -30), hi]);
    band.setAttribute("x", right.box.x); band.setAttribute("width", right.box.w);
    band.setAttribute("y", right.sy(base + 1)); band.setAttribute("height", right.sy(base - 1) - right.sy(base + 1));
    logLine.setAttribute("d", pathD(t, logs, right.sx, right.sy));
    const cap = v.activation === "tanh" && s.verdict === "exploding" ? " (tanh caps it at ±1)" : "";
    fig.readout([
      (v.activation === "tanh" ? `h_t = tanh(w_in·x_t + w_hh·h_(t−1)) = tanh(${fmt(v.w_in)}·x_t ${signed(v.w_hh)}·h_(t−1)), `
        : `h_t = w_in·x_t + w_hh·h_(t−1) = ${fmt(v.w_in)}·x_t ${signed(v.w_hh)}·h_(t−1), `) +
      `one pulse x_1 = 1`,
      `h_1 = ${fmt(s.h[0], 4)}, h_T = ${num("h_last", s.h_last, 4)} after T = ${v.steps} steps; ` +
      `|h_T| / |h_1| = ${num("ratio", s.ratio, 4)}`,
      `<b data-key="verdict" class="${s.verdict === "holding" ? "nnx-good" : "nnx-bad"}">${s.verdict}</b>: ` +
      (s.h[0] === 0 ? "nothing enters: the input weight is 0" : WORDS[s.verdict] + cap) + ".",
    ].join("<br>"), v);
    fig.describe(`A recurrent neuron's state is ${s.verdict}`,
      `Left: the hidden state h_t for t from 1 to ${v.steps} after one input pulse, with recurrent weight ` +
      `${fmt(v.w_hh)}, input weight ${fmt(v.w_in)} and ${v.activation} activation; it starts at ${fmt(s.h[0], 3)} ` +
      `and ends at ${fmt(s.h_last, 3)}. Right: log10 of |h_t| with a shaded band from a tenth to ten times |h_1|.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
