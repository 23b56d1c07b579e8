// The activation explorer's view: f(w z + b) on the left, its slope on the right, the point z = 0 on both.
const INPUTS = ["name", "w", "b", "zs"];
const NOTES = {
  sigmoid: "The sigmoid never outputs exactly 0 or 1: its 'firing' is a matter of degree.",
  step: "The step's slope is 0 everywhere (undefined at the jump): gradient descent gets no signal.",
  relu: "ReLU's slope is 0 for negative input: a neuron stuck there stops learning ('dead').",
};

function yRange(values) {                                  // the data and 0, padded by 8 %
  let lo = 0, hi = 0;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = 0.08 * (hi - lo);
  return [Number((lo - pad).toPrecision(3)), Number((hi + pad).toPrecision(3))];
}

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "activation readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: [-6, 6], ylim: [-0.1, 1.1], xlabel: "z",
                                ylabel: "f(w z + b)", title: "" });
  const right = panel(fig.svg, { x: 380, y: 30, w: 240, h: 200, xlim: [-6, 6], ylim: [-0.1, 1.1], xlabel: "z",
                                 ylabel: "d/dz f(w z + b)", title: "Derivative" });
  const fLine = svgEl("path", { class: "nnx-curve" }, left.plot);
  const dLine = svgEl("path", { class: "nnx-curve2" }, right.plot);
  const fDot = svgEl("circle", { r: 5, class: "nnx-dot" }, left.plot);
  const dDot = svgEl("circle", { r: 5, class: "nnx-dot" }, right.plot);
  const ranges = model.get("ranges");
  const names = model.get("options").name;

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute(v);
    left.setLimits([-6, 6], yRange(s.f));
    right.setLimits([-6, 6], yRange(s.df));
    fLine.setAttribute("d", pathD(v.zs, s.f, left.sx, left.sy));
    dLine.setAttribute("d", pathD(v.zs, s.df, right.sx, right.sy));
    fDot.setAttribute("cx", left.sx(0)); fDot.setAttribute("cy", left.sy(s.f0));
    dDot.setAttribute("cx", right.sx(0)); dDot.setAttribute("cy", right.sy(s.d0));
    left.setTitle(`${v.name}(w z + b)`);
    const range = ranges[names.indexOf(v.name)];
    const lines = [
      `output range of ${v.name}: ${range}`,
      `at z = 0: f(b) = ${v.name}(${fmt(v.b)}) = ${num("f0", s.f0, 4)}, slope w·f'(b) = ${num("d0", s.d0, 4)}`,
    ];
    if (NOTES[v.name]) lines.push(NOTES[v.name]);
    fig.readout(lines.join("<br>"), v);
    fig.describe(`The ${v.name} activation with weight ${fmt(v.w)} and bias ${fmt(v.b)}, and its slope`,
      `Left: ${v.name}(${fmt(v.w)}·z ${signed(v.b)}) for z from −6 to 6, ranging over ${range}; at z = 0 it is ` +
      `${fmt(s.f0, 4)}. Right: its slope with respect to z, ${fmt(s.d0, 4)} at z = 0.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
