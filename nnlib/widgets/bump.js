// The bump builder's view: the two neurons' outputs on the left, the bump against the target on the right.
const INPUTS = ["steepness", "left", "right", "height", "xs", "target"];

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "bump readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: [-2, 2], ylim: [-0.05, 1.25], xlabel: "x",
                                ylabel: "neuron output", title: "Two sigmoid neurons" });
  const right = panel(fig.svg, { x: 380, y: 30, w: 240, h: 200, xlim: [-2, 2], ylim: [-2.1, 2.1], xlabel: "x",
                                 ylabel: "y", title: "Bump against the target" });
  const up = svgEl("path", { class: "nnx-curve" }, left.plot);
  const down = svgEl("path", { class: "nnx-curve2" }, left.plot);
  const target = svgEl("path", { class: "nnx-target" }, right.plot);
  const bump = svgEl("path", { class: "nnx-curve3" }, right.plot);
  const key = svgEl("g", { class: "nnx-legend" }, fig.svg);
  [["nnx-curve", "σ(w(x − left))", 70, 48], ["nnx-curve2", "σ(w(x − right))", 70, 64],
   ["nnx-target", "target", 390, 200], ["nnx-curve3", "height · difference", 390, 216]].forEach(([c, t, x, y]) => {
    svgEl("line", { x1: x, x2: x + 22, y1: y - 4, y2: y - 4, class: c }, key);
    svgEl("text", { x: x + 27, y }, key).textContent = t;
  });
  target.setAttribute("d", pathD(model.get("xs"), model.get("target"), right.sx, right.sy));

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute(v);
    up.setAttribute("d", pathD(v.xs, s.up, left.sx, left.sy));
    down.setAttribute("d", pathD(v.xs, s.down, left.sx, left.sy));
    bump.setAttribute("d", pathD(v.xs, s.bump, right.sx, right.sy));
    const k = fmt(v.steepness, 0), b = (step) => fmt(-v.steepness * step);
    const lines = [
      `bump = ${fmt(v.height)} · (σ(${k}(x ${signed(-v.left)})) − σ(${k}(x ${signed(-v.right)})))`,
      `hidden neuron 1: weight w = ${k}, step at s = ${fmt(v.left)} (bias b = −w·s = ${b(v.left)}), height ` +
        `${signed(v.height).replace(" ", "")}`,
      `hidden neuron 2: weight w = ${k}, step at s = ${fmt(v.right)} (bias b = −w·s = ${b(v.right)}), height ` +
        `${signed(-v.height).replace(" ", "")}`,
      `mean squared error against the target: ${num("mse", s.mse, 4)}`,
    ];
    if (v.left > v.right) lines.push("left is to the right of right: the bump turns upside down.");
    fig.readout(lines.join("<br>"), v);
    fig.describe(`A bump from two sigmoid neurons, mean squared error ${fmt(s.mse, 4)}`,
      `Left: two sigmoid neurons of weight ${k}, one stepping up at s = ${fmt(v.left)}, one at s = ` +
      `${fmt(v.right)}. Right: ${fmt(v.height)} times their difference, a bump between the two edges, drawn ` +
      `against the target curve exp(−x²/0.1), a peak of height 1 at x = 0.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
