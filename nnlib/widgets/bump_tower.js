// The tower's view: o(x1, x2) seen from above on a grid (darker = higher), with the square [0.3, 0.7]^2 outlined,
// and a cut along x2 = 0.5.
const INPUTS = ["steepness", "w", "s"];
const N = 25;

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "tower readout", model });
  const top = panel(fig.svg, { x: 60, y: 30, w: 200, h: 200, xlim: [0, 1], ylim: [0, 1], xlabel: "x1", ylabel: "x2",
                               title: "Output o seen from above" });
  const cut = panel(fig.svg, { x: 380, y: 30, w: 240, h: 200, xlim: [0, 1], ylim: [-0.05, 1.05], xlabel: "x1",
                               ylabel: "output o", title: "Cut along x2 = 0.5 and x2 = 0.1" });
  const paint = gridImage(top.plot, { x: top.sx(0), y: top.sy(1), w: top.sx(1) - top.sx(0), h: top.sy(0) - top.sy(1), n: N });
  const blue = [0, 114, 178];                    // C.blue; o = 0 white, o = 1 blue
  svgEl("rect", { x: top.sx(0.3), y: top.sy(0.7), width: top.sx(0.7) - top.sx(0.3), height: top.sy(0.3) - top.sy(0.7),
                  fill: "none", stroke: C.vermillion, "stroke-width": 2, "stroke-dasharray": "6 3" }, top.plot);
  const mid = svgEl("path", { class: "nnx-curve" }, cut.plot), edge = svgEl("path", { class: "nnx-curve2" }, cut.plot);
  const xs = linspace(0, 1, 201);

  function update() {
    const v = inputsOf(model, INPUTS), s = compute(v);
    paint((i, j) => blue.map((c) => Math.round(255 + (c - 255) * s.grid[N - 1 - i][j])));    // grid row 0 is x2 near 0
    mid.setAttribute("d", pathD(xs, xs.map((x) => tower(x, 0.5, v)), cut.sx, cut.sy));
    edge.setAttribute("d", pathD(xs, xs.map((x) => tower(x, 0.1, v)), cut.sx, cut.sy));
    const why = s.stands ? "high over the square, low everywhere else"
      : s.outside > 0.2 ? "outside the square the output is still up (the arms of a cross, or everything): move s up"
      : "the centre is not high enough: raise w, or move s down";
    const k = v.steepness;
    fig.readout([
      `output neuron: w = ${fmt(v.w)}, step at s = ${fmt(v.s)} on B1 + B2, bias b = −w·s = ${num("bias", s.bias)}`,
      `hidden neurons: weight ${fmt(k, 0)}, steps at 0.3 and 0.7 on x1 and x2 (biases ${fmt(-k * 0.3, 1)}, ` +
        `${fmt(-k * 0.7, 1)})`,
      `o at the centre = ${num("centre", s.centre, 3)}, largest o outside the square = ${num("outside", s.outside, 3)}`,
      `<b data-key="verdict" class="${s.stands ? "nnx-good" : "nnx-bad"}">${s.stands ? "a tower" : "not a tower yet"}</b>: ${why}.`,
    ].join("<br>"), v);
    fig.describe(`Two bumps added and passed through a neuron stepping at s = ${fmt(v.s)}: ${s.stands ? "a tower" : "not a tower yet"}`,
      `Left: the output over the unit square seen from above, darker where it is higher, the square from 0.3 to ` +
      `0.7 outlined; at the centre ${fmt(s.centre, 3)}, at most ${fmt(s.outside, 3)} well outside the square. ` +
      `Right: the output along x2 = 0.5 (solid) and along x2 = 0.1 (dashed).`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
