// The bump challenge's view: the target (dotted), the network's output (solid) and each bump's extent; the
// readout measures the error live and says "matched" under the tolerance.
function render({ model, el }) {
  const N = model.get("bumps"), INPUTS = ["steepness", ...Array.from({ length: N }, (_, k) => `h${k + 1}`)];
  const fig = frame(el, { width: 640, height: 290, label: "bump challenge readout", model });
  const p = panel(fig.svg, { x: 60, y: 30, w: 560, h: 200, xlim: [0, 1], ylim: [-0.2, 1.2], xlabel: "x",
                             ylabel: "output", title: `Match the dotted curve with ${N} bumps` });
  const xs = linspace(0, 1, 401);
  for (let k = 1; k < N; k++) svgEl("line", { x1: p.sx(k / N), x2: p.sx(k / N), y1: p.box.y, y2: p.box.y + p.box.h,
                                             class: "nnx-grid", "stroke-dasharray": "3 3" }, p.plot);
  svgEl("path", { class: "nnx-target", d: pathD(xs, xs.map(target), p.sx, p.sy) }, p.plot);
  const curve = svgEl("path", { class: "nnx-curve" }, p.plot);

  function update() {
    const v = inputsOf(model, INPUTS);
    const s = compute({ ...v, bumps: N, tolerance: model.get("tolerance") });
    const heights = Array.from({ length: N }, (_, k) => v[`h${k + 1}`]);
    curve.setAttribute("d", pathD(xs, xs.map((x) => output(x, heights, v.steepness)), p.sx, p.sy));
    const tol = model.get("tolerance");
    fig.readout([
      `${N} bumps, steepness ${fmt(v.steepness, 0)}; heights ${heights.map((h) => fmt(h)).join(", ")}`,
      `error = mean |target − output| = ${num("error", s.error, 4)} (tolerance ${fmt(tol, 3)})`,
      s.matched ? `<b data-key="verdict" class="nnx-good">matched</b>: the bumps follow the curve within the tolerance.`
        : `<b data-key="verdict" class="nnx-bad">not yet</b>: ${fmt(s.error - tol, 4)} above the tolerance; move a ` +
          `bump's height towards the curve over its stretch.`,
    ].join("<br>"), { ...v, bumps: N, tolerance: tol });
    fig.describe(`${N} bumps ${s.matched ? "match" : "do not yet match"} a target curve`,
      `The target curve on x from 0 to 1 (dotted) and the network's output (solid), a sum of ${N} bumps of ` +
      `heights ${heights.map((h) => fmt(h)).join(", ")} side by side; the mean distance between them is ` +
      `${fmt(s.error, 4)}, the tolerance ${fmt(tol, 3)}.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
