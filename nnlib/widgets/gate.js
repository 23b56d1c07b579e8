// The gate explorer's view: the four rows in the plane, the firing side, the decision line; the truth table.
const INPUTS = ["gate", "w1", "w2", "b", "X", "targets"];
const LO = -0.5, HI = 1.5;

function render({ model, el }) {
  const fig = frame(el, { width: 420, height: 290, label: "logic gate readout", model });
  const p = panel(fig.svg, { x: 60, y: 30, w: 200, h: 200, xlim: [LO, HI], ylim: [LO, HI], xlabel: "x1",
                             ylabel: "x2", title: "", xticks: [0, 1], yticks: [0, 1] });
  const region = svgEl("polygon", { class: "nnx-fires" }, p.plot);
  const line = svgEl("line", { class: "nnx-boundary" }, p.plot);
  const marks = svgEl("g", {}, p.plot);
  const legend = svgEl("g", { class: "nnx-legend" }, fig.svg);
  [["circle", "target 1"], ["rect", "target 0"], ["cross", "wrong"], ["fires", "fires (shaded)"]].forEach(([k, t], i) => {
    const y = 50 + 24 * i;
    if (k === "circle") svgEl("circle", { cx: 290, cy: y, r: 7, class: "nnx-one" }, legend);
    if (k === "rect") svgEl("rect", { x: 283, y: y - 7, width: 14, height: 14, class: "nnx-zero-mark" }, legend);
    if (k === "cross") svgEl("path", { d: `M283,${y - 7}L297,${y + 7}M283,${y + 7}L297,${y - 7}`, class: "nnx-wrong" }, legend);
    if (k === "fires") svgEl("rect", { x: 283, y: y - 7, width: 14, height: 14, class: "nnx-fires nnx-frame-thin" }, legend);
    svgEl("text", { x: 305, y: y + 4 }, legend).textContent = t;
  });

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute(v);
    const { sx, sy } = p;
    region.setAttribute("points", polyPoints(halfPlane(v.w1, v.w2, -v.b, LO - 0.1, HI + 0.1), sx, sy));
    const ends = lineInBox(v.w1, v.w2, -v.b, LO - 0.2, HI + 0.2);
    line.style.display = ends ? "" : "none";
    if (ends) {
      line.setAttribute("x1", sx(ends[0][0])); line.setAttribute("y1", sy(ends[0][1]));
      line.setAttribute("x2", sx(ends[1][0])); line.setAttribute("y2", sy(ends[1][1]));
    }
    marks.replaceChildren();
    v.X.forEach(([a, c], i) => {
      const cx = sx(a), cy = sy(c);
      if (s.target[i] === 1) svgEl("circle", { cx, cy, r: 10, class: "nnx-one" }, marks);
      else svgEl("rect", { x: cx - 9, y: cy - 9, width: 18, height: 18, class: "nnx-zero-mark" }, marks);
      if (!s.correct[i]) svgEl("path", { d: `M${cx - 13},${cy - 13}L${cx + 13},${cy + 13}M${cx - 13},${cy + 13}L${cx + 13},${cy - 13}`, class: "nnx-wrong" }, marks);
    });
    const k = s.n_correct;
    p.setTitle(`${v.gate}: ${k} of 4 rows correct`);
    const rows = v.X.map(([a, c], i) =>
      `<tr><td>${fmt(a, 0)}</td><td>${fmt(c, 0)}</td><td>${num(`z${i}`, s.z[i])}</td>` +
      `<td>${s.fires[i] ? "fires" : "no"}</td><td>${s.target[i]}</td>` +
      `<td class="${s.correct[i] ? "nnx-good" : "nnx-bad"}">${s.correct[i] ? "✓ right" : "✗ wrong"}</td></tr>`).join("");
    const lines = [
      `z = w1·x1 + w2·x2 + b with w1 = ${fmt(v.w1)}, w2 = ${fmt(v.w2)}, b = ${fmt(v.b)}; fires when z ≥ 0`,
      `<table><tr><th>x1</th><th>x2</th><th>z</th><th>fires?</th><th>target</th><th></th></tr>${rows}</table>`,
      `<b data-key="verdict" class="${k === 4 ? "nnx-good" : "nnx-bad"}"><span data-key="n_correct" data-digits="0">${k}</span> of 4 rows correct</b>`,
    ];
    if (v.gate === "XOR") lines.push("No single straight line separates XOR's 1s from its 0s: 3 of 4 is the best one neuron can do.");
    fig.readout(lines.join("<br>"), v);
    const wrong = v.X.filter((_, i) => !s.correct[i]).map(([a, c]) => `(${fmt(a, 0)}, ${fmt(c, 0)})`);
    fig.describe(`A step neuron against the ${v.gate} gate: ${k} of 4 rows correct`,
      `The unit square's four corners, circles where ${v.gate} is 1 and squares where it is 0, with the decision ` +
      `line ${fmt(v.w1)}·x1 + ${fmt(v.w2)}·x2 ${signed(v.b)} = 0; the shaded side fires. ` +
      (wrong.length ? `Crossed out, wrong: ${wrong.join(", ")}.` : "Every corner is on its correct side."));
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
