// The neuron explorer's view: the input plane split by the decision line, and the activation curve.
const INPUTS = ["w1", "w2", "b", "theta", "x1", "x2", "activation"];
const LO = -2, HI = 2;

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "neuron readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 200, h: 200, xlim: [LO, HI], ylim: [LO, HI],
                                xlabel: "x1", ylabel: "x2", title: "Input plane (shaded: fires)" });
  const right = panel(fig.svg, { x: 380, y: 30, w: 240, h: 200, xlim: [-4, 4], ylim: [-0.1, 1.1],
                                 xlabel: "weighted sum z", ylabel: "output f(z)", title: "Activation" });
  const region = svgEl("polygon", { class: "nnx-fires" }, left.plot);
  const line = svgEl("line", { class: "nnx-boundary" }, left.plot);
  const dot = svgEl("circle", { r: 7, class: "nnx-input" }, left.plot);
  const curve = svgEl("path", { class: "nnx-curve" }, right.plot);
  const thetaLine = svgEl("line", { class: "nnx-theta" }, right.plot);
  const point = svgEl("circle", { r: 6, class: "nnx-point" }, right.plot);

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute(v);
    const { sx, sy } = left;
    const c = v.theta - v.b;                                   // fires where w1 x1 + w2 x2 >= θ - b
    region.setAttribute("points", polyPoints(halfPlane(v.w1, v.w2, c, LO - 0.1, HI + 0.1), sx, sy));
    const ends = lineInBox(v.w1, v.w2, c, LO - 0.2, HI + 0.2);
    line.style.display = ends ? "" : "none";
    if (ends) {
      line.setAttribute("x1", sx(ends[0][0])); line.setAttribute("y1", sy(ends[0][1]));
      line.setAttribute("x2", sx(ends[1][0])); line.setAttribute("y2", sy(ends[1][1]));
    }
    dot.setAttribute("cx", sx(v.x1)); dot.setAttribute("cy", sy(v.x2));
    dot.classList.toggle("nnx-on", s.fires);
    // right: the activation around z and θ, over one of a few fixed ranges
    const reach = Math.max(Math.abs(s.z), Math.abs(v.theta));
    const half = reach < 3.5 ? 4 : reach < 7.5 ? 8 : 16;
    const low = v.activation === "tanh" ? -1 : 0, high = v.activation === "relu" ? half : 1;
    const pad = 0.08 * (high - low);
    right.setLimits([-half, half], [low - pad, high + pad]);
    const zs = linspace(-half, half, 321);
    const f = act(v.activation).f;
    const ys = zs.map((z) => (v.activation === "step" ? (z >= v.theta ? 1 : 0) : f(z)));
    curve.setAttribute("d", pathD(zs, ys, right.sx, right.sy));
    thetaLine.setAttribute("x1", right.sx(v.theta)); thetaLine.setAttribute("x2", right.sx(v.theta));
    thetaLine.setAttribute("y1", right.box.y); thetaLine.setAttribute("y2", right.box.y + right.box.h);
    point.setAttribute("cx", right.sx(s.z)); point.setAttribute("cy", right.sy(s.output));
    right.setTitle(`Activation: ${v.activation}`);
    const verdict = s.fires ? "fires" : "does not fire";
    const rule = v.activation === "step" ? "1 if z ≥ θ, else 0" : `${v.activation}(z)`;
    const lines = [
      `z = w1·x1 + w2·x2 + b = ${fmt(v.w1)}·${fmt(v.x1)} + ${fmt(v.w2)}·${fmt(v.x2)} ${signed(v.b)} = ${num("z", s.z, 3)}`,
      `output = ${rule} = ${num("output", s.output, 3)}`,
      `z ${s.fires ? "≥" : "&lt;"} θ = ${fmt(v.theta)}, so the neuron <b data-key="verdict" class="${s.fires ? "nnx-good" : "nnx-bad"}">${verdict}</b>.`,
    ];
    if (!s.fires && Math.abs(s.z - v.theta) < 1e-9) {
      lines.push(`(z is below θ only by floating-point rounding: z − θ = ${(s.z - v.theta).toExponential(1)})`);
    }
    fig.readout(lines.join("<br>"), v);
    const side = s.fires ? "on the shaded, firing side" : "on the side that does not fire";
    fig.describe(`A neuron with two inputs that ${verdict}`,
      `Left: the input plane, x1 and x2 from −2 to 2, split by the decision line ` +
      `${fmt(v.w1)}·x1 + ${fmt(v.w2)}·x2 ${signed(v.b)} = ${fmt(v.theta)}; the input (${fmt(v.x1)}, ${fmt(v.x2)}) ` +
      `is ${side}. Right: the ${v.activation} activation against z, with the threshold θ = ${fmt(v.theta)} ` +
      `and the current z = ${fmt(s.z, 3)}, output ${fmt(s.output, 3)}.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
