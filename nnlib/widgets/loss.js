// The loss explorer's view: p = σ(z) against the target on the left, MSE and BCE against z on the right.
const INPUTS = ["z", "target", "zs"];

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "loss readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: [-8, 8], ylim: [-0.05, 1.05], xlabel: "logit z",
                                ylabel: "probability p", title: "The neuron's probability" });
  const right = panel(fig.svg, { x: 380, y: 30, w: 240, h: 200, xlim: [-8, 8], ylim: [-0.2, 8.5], xlabel: "logit z",
                                 ylabel: "loss", title: "Two losses" });
  const pLine = svgEl("path", { class: "nnx-curve" }, left.plot);
  const tLine = svgEl("line", { class: "nnx-target" }, left.plot);
  const pDot = svgEl("circle", { r: 5, class: "nnx-dot" }, left.plot);
  const mseLine = svgEl("path", { class: "nnx-curve3" }, right.plot);
  const bceLine = svgEl("path", { class: "nnx-curve2" }, right.plot);
  const mseDot = svgEl("circle", { r: 5, class: "nnx-dot3" }, right.plot);
  const bceDot = svgEl("rect", { width: 10, height: 10, class: "nnx-dot2" }, right.plot);
  const key = svgEl("g", { class: "nnx-legend" }, fig.svg);
  [["nnx-curve3", "MSE on p", 480, 48], ["nnx-curve2", "BCE", 480, 64], ["nnx-target", "target", 70, 130]]
    .forEach(([c, t, x, y]) => {
      svgEl("line", { x1: x, x2: x + 22, y1: y - 4, y2: y - 4, class: c }, key);
      svgEl("text", { x: x + 27, y }, key).textContent = t;
    });

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute(v);
    pLine.setAttribute("d", pathD(v.zs, s.ps, left.sx, left.sy));
    tLine.setAttribute("x1", left.box.x); tLine.setAttribute("x2", left.box.x + left.box.w);
    tLine.setAttribute("y1", left.sy(v.target)); tLine.setAttribute("y2", left.sy(v.target));
    pDot.setAttribute("cx", left.sx(v.z)); pDot.setAttribute("cy", left.sy(s.p));
    mseLine.setAttribute("d", pathD(v.zs, s.mse_curve, right.sx, right.sy));
    bceLine.setAttribute("d", pathD(v.zs, s.bce_curve, right.sx, right.sy));
    mseDot.setAttribute("cx", right.sx(v.z)); mseDot.setAttribute("cy", right.sy(s.mse));
    bceDot.setAttribute("x", right.sx(v.z) - 5); bceDot.setAttribute("y", Math.max(-1e4, right.sy(s.bce) - 5));
    const lines = [
      `p = σ(z) = σ(${fmt(v.z)}) = ${num("p", s.p, 4)}, target t = ${v.target}`,
      `MSE = (p − t)² = ${num("mse", s.mse, 4)}`,
      `BCE = −[t log p + (1 − t) log(1 − p)] = ${num("bce", s.bce, 4)}`,
    ];
    const wrong = v.target === 1 ? s.p < 0.5 : s.p >= 0.5;
    if (wrong && Math.abs(v.z) > 3) lines.push("Confident and wrong: MSE stays below 1, but cross-entropy grows without limit.");
    fig.readout(lines.join("<br>"), v);
    fig.describe(`One prediction scored two ways: MSE ${fmt(s.mse, 4)}, cross-entropy ${fmt(s.bce, 4)}`,
      `Left: the probability p = σ(z) for logits z from −8 to 8, at z = ${fmt(v.z)} p = ${fmt(s.p, 4)}, with the ` +
      `target ${v.target} as a dotted line. Right: the squared error (p − t)² and the binary cross-entropy as ` +
      `functions of z; the cross-entropy keeps growing the more confidently wrong z is, the squared error levels off at 1.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
