// The generalisation explorer's view: the chosen model's training, validation and smoothed validation loss per
// epoch, the training length E and the early-stopping epoch; beside it, every size's smoothed validation loss at E.
const INPUTS = ["size", "epochs", "window"];
const WORDS = {
  "overfitting": "validation loss has turned back up while training loss keeps falling: stop earlier, or use a smaller model",
  "underfitting": "validation loss is still well above the best any model reaches: train longer, or use a larger model",
  "about right": "validation loss is near the best any model reaches and has not turned back up",
};

function render({ model, el }) {
  const curves = model.get("curves"), sizes = curves.sizes, n = curves.loss[0].length;
  const top = Math.max(...curves.val_loss.flat(), ...curves.loss.flat());
  const fig = frame(el, { width: 640, height: 290, label: "generalisation readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 280, h: 200, xlim: [0, n], ylim: [0, 1.05 * top], xlabel: "epoch",
                                ylabel: "loss", title: "Loss per epoch" });
  const right = panel(fig.svg, { x: 440, y: 30, w: 180, h: 200, xlim: [-0.5, sizes.length - 0.5], ylim: [0, 1.05 * top],
                                 xlabel: "model size", ylabel: "smoothed val. loss at E", title: "Every size at E",
                                 xticks: [] });
  sizes.forEach((s, i) => { const t = svgEl("text", { x: right.sx(i), y: right.box.y + right.box.h + 15, "text-anchor": "middle",
                                                      class: "nnx-tick" }, right.g); t.textContent = String(s); });
  const train = svgEl("path", { class: "nnx-curve" }, left.plot), val = svgEl("path", { class: "nnx-curve2" }, left.plot);
  const smoothLine = svgEl("path", { class: "nnx-curve3" }, left.plot);
  const endLine = svgEl("line", { class: "nnx-theta" }, left.plot);
  const stopDot = svgEl("circle", { r: 6, class: "nnx-point" }, left.plot);
  const legend = svgEl("text", { x: 70, y: 46, class: "nnx-legend" }, fig.svg);
  legend.textContent = "solid: training · dashed: validation · green: smoothed";
  const dots = sizes.map((_, i) => svgEl("circle", { r: 5, cx: right.sx(i), class: "nnx-input" }, right.plot));
  const bestLine = svgEl("line", { class: "nnx-grid", "stroke-dasharray": "4 3", stroke: C.green }, right.plot);

  function update() {
    const v = inputsOf(model, INPUTS), s = compute({ ...v, curves }), i = sizes.indexOf(v.size);
    const ep = curves.loss[i].map((_, t) => t + 1);
    train.setAttribute("d", pathD(ep, curves.loss[i], left.sx, left.sy));
    val.setAttribute("d", pathD(ep, curves.val_loss[i], left.sx, left.sy));
    smoothLine.setAttribute("d", pathD(ep, s.smoothed, left.sx, left.sy));
    endLine.setAttribute("x1", left.sx(v.epochs)); endLine.setAttribute("x2", left.sx(v.epochs));
    endLine.setAttribute("y1", left.box.y); endLine.setAttribute("y2", left.box.y + left.box.h);
    stopDot.setAttribute("cx", left.sx(s.stop_epoch)); stopDot.setAttribute("cy", left.sy(s.smoothed[s.stop_epoch - 1]));
    sizes.forEach((_, k) => {
      const sm = smooth(curves.val_loss[k], v.window)[v.epochs - 1];
      dots[k].setAttribute("cy", right.sy(sm));
      dots[k].classList.toggle("nnx-on", k === i);
    });
    bestLine.setAttribute("x1", right.box.x); bestLine.setAttribute("x2", right.box.x + right.box.w);
    bestLine.setAttribute("y1", right.sy(s.best)); bestLine.setAttribute("y2", right.sy(s.best));
    fig.readout([
      `size ${v.size}, trained for E = ${v.epochs} epochs: training loss ${num("loss", s.loss, 4)}, validation loss ` +
      `${num("val_loss", s.val_loss, 4)}`,
      `early stopping (validation loss smoothed over ${v.window} epochs): epoch ${num("stop_epoch", s.stop_epoch, 0)}, ` +
      `validation loss there ${num("stop_val_loss", s.stop_val_loss, 4)}`,
      `<b data-key="verdict" class="${s.verdict === "about right" ? "nnx-good" : "nnx-bad"}">${s.verdict}</b>: ${WORDS[s.verdict]}.`,
    ].join("<br>"), v);
    fig.describe(`Model of size ${v.size} after ${v.epochs} epochs: ${s.verdict}`,
      `Left: training loss (solid), validation loss (dashed) and validation loss smoothed over ${v.window} epochs ` +
      `(green) for each of ${n} epochs; a vertical line at epoch ${v.epochs}, a dot at the early-stopping epoch ` +
      `${s.stop_epoch}. Right: each model size's smoothed validation loss at epoch ${v.epochs}, sizes ` +
      `${sizes.join(", ")}, the chosen size filled.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
