// The gradient-descent explorer's view: the path on the loss surface (shaded by height) and the loss per step.
const INPUTS = ["lr", "steps", "momentum", "surface"];
const XL = [-2, 2], YL = [-1.2, 1.2], NX = 48, NY = 29;
const FORMULA = { "bowl": "L = ½(w1² + 10·w2²)", "two valleys": "L = w1⁴/4 + w1³/6 − w1²/2 + w2²" };
const WORDS = {
  "diverges": "each step lands further up the walls than the last: lower the learning rate",
  "converges": "the path settles at a minimum (the slope there is under 5% of the slope at the start)",
  "too slow": "the steps ran out before the path came near a minimum: more steps or a larger learning rate",
};

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "gradient descent readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: XL, ylim: YL, xlabel: "w1", ylabel: "w2",
                                title: "Path on the loss surface" });
  const right = panel(fig.svg, { x: 400, y: 30, w: 220, h: 200, xlim: [0, 20], ylim: [-6, 1], xlabel: "step",
                                 ylabel: "log10(loss − lowest)", title: "Loss per step" });
  const shade = svgEl("g", {}, left.plot);
  const lowest = svgEl("path", { class: "nnx-boundary", d: "" }, left.plot);
  const line = svgEl("path", { class: "nnx-curve2" }, left.plot);
  const dots = svgEl("g", {}, left.plot);
  const start = svgEl("circle", { r: 6, class: "nnx-input" }, left.plot);
  const curve = svgEl("path", { class: "nnx-curve" }, right.plot);
  let shaded = null;

  function drawSurface(name) {                 // once per surface: cells shaded by log(loss - lowest)
    const s = SURFACES[name], low = s.loss(...s.lowest);
    const dx = (XL[1] - XL[0]) / NX, dy = (YL[1] - YL[0]) / NY, cells = [];
    for (let i = 0; i < NY; i++) for (let j = 0; j < NX; j++) {
      const a = XL[0] + (j + 0.5) * dx, b = YL[0] + (i + 0.5) * dy;
      cells.push([a, b, Math.log10(s.loss(a, b) - low + 0.01)]);
    }
    const top = Math.max(...cells.map((c) => c[2])), bottom = Math.min(...cells.map((c) => c[2]));
    shade.replaceChildren();
    const w = left.sx(dx) - left.sx(0) + 0.5, h = left.sy(0) - left.sy(dy) + 0.5;
    for (const [a, b, v] of cells) {
      svgEl("rect", { x: left.sx(a - dx / 2), y: left.sy(b + dy / 2), width: w, height: h, fill: C.sky,
                      "fill-opacity": (0.05 + 0.6 * (v - bottom) / (top - bottom)).toFixed(3) }, shade);
    }
    const [la, lb] = s.lowest;
    const cross = ([a, b], r) => `M${left.sx(a) - r},${left.sy(b) - r}l${2 * r},${2 * r}m0,${-2 * r}l${-2 * r},${2 * r}`;
    lowest.setAttribute("d", cross([la, lb], 6) + (s.local ? cross(s.local, 4) : ""));
    const [a0, b0] = s.start;
    start.setAttribute("cx", left.sx(a0)); start.setAttribute("cy", left.sy(b0));
    shaded = name;
  }

  function update() {
    const v = inputsOf(model, INPUTS);
    if (shaded !== v.surface) drawSurface(v.surface);
    const s = compute(v), surf = SURFACES[v.surface], low = surf.loss(...surf.lowest);
    const clampW = (p) => p.map((x) => Math.max(-50, Math.min(50, x)));
    const shown = s.path.map(clampW);
    line.setAttribute("d", pathD(shown.map((p) => p[0]), shown.map((p) => p[1]), left.sx, left.sy));
    while (dots.childNodes.length < shown.length) svgEl("circle", { r: 2.5, fill: C.vermillion }, dots);
    dots.childNodes.forEach((d, i) => {
      d.style.display = i < shown.length ? "" : "none";
      if (i < shown.length) { d.setAttribute("cx", left.sx(shown[i][0])); d.setAttribute("cy", left.sy(shown[i][1])); }
    });
    const logs = s.losses.map((L) => Math.log10(Math.max(L - low, 1e-12)));
    const finite = logs.filter(Number.isFinite);
    const lo = Math.floor(Math.min(...finite, -1)), hi = Math.ceil(Math.max(...finite, 0));
    right.setLimits([0, Math.max(v.steps, 1)], [lo, Math.max(hi, lo + 1)]);
    curve.setAttribute("d", pathD(logs.map((_, i) => i), logs, right.sx, right.sy));
    const word = s.verdict === "oscillates"
      ? `the path overshoots and turns back ${s.reversals} times` +
        (s.reached ? ", yet it settles at a minimum" : "; it has not settled yet")
      : WORDS[s.verdict];
    const lines = [
      `${FORMULA[v.surface]}, start (${surf.start.map((x) => fmt(x, 1)).join(", ")}); lr = ${fmt(v.lr, 3)}, ` +
      `steps = ${v.steps}, momentum = ${fmt(v.momentum)}`,
      `start loss = ${fmt(s.losses[0], 4)}, final loss = ${num("final_loss", s.final_loss, 4)}` +
      (s.left ? ` (stopped after ${s.steps_taken} steps: |w| > 1000)` : ""),
      `<b data-key="verdict" class="${s.verdict === "diverges" || s.verdict === "too slow" ? "nnx-bad" : "nnx-good"}">` +
      `${s.verdict}</b>: ${word}.`,
    ];
    if (s.valley) lines.push(s.valley === "deeper" ? "It ends in the deeper valley, at the lowest point."
      : "It ends in the shallower valley: a local minimum, not the lowest point.");
    fig.readout(lines.join("<br>"), v);
    const end = s.path[s.path.length - 1];
    fig.describe(`Gradient descent ${s.verdict} on the ${v.surface}`,
      `Left: the loss surface ${FORMULA[v.surface]} over w1 from −2 to 2 and w2 from −1.2 to 1.2, darker where ` +
      `the loss is higher, with the path of ${s.steps_taken} steps from (${fmt(surf.start[0], 1)}, ` +
      `${fmt(surf.start[1], 1)}) to (${fmt(end[0])}, ${fmt(end[1])}), learning rate ${fmt(v.lr, 3)}, momentum ` +
      `${fmt(v.momentum)}. Right: the loss above the lowest point after each step, on a log scale, ` +
      `ending at ${fmt(s.final_loss, 4)}.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
