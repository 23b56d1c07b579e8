// The training explorer's view: decision regions over the moons, redrawn as the network learns, and the loss
// curve. A change of any control (or "Train again") starts a new run, animated over about FRAMES frames, or
// drawn at once in its end state when the reader's system asks for reduced motion.
const INPUTS = ["hidden", "lr", "epochs", "activation"];
const G = 40, FRAMES = 60;

function render({ model, el }) {
  const data = model.get("data"), { X, y } = data;
  const xs = X.map((p) => p[0]), ys = X.map((p) => p[1]);
  const xl = [Math.min(...xs) - 0.4, Math.max(...xs) + 0.4], yl = [Math.min(...ys) - 0.4, Math.max(...ys) + 0.4];
  const fig = frame(el, { width: 640, height: 290, label: "training readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 240, h: 200, xlim: xl, ylim: yl, xlabel: "x1", ylabel: "x2",
                                title: "Decision regions" });
  const right = panel(fig.svg, { x: 400, y: 30, w: 220, h: 200, xlim: [0, 100], ylim: [0, 1.05], xlabel: "epoch",
                                 ylabel: "loss / accuracy", title: "Training history" });
  const grid = [], dx = (xl[1] - xl[0]) / G, dy = (yl[1] - yl[0]) / G;
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) grid.push([xl[0] + (j + 0.5) * dx, yl[0] + (i + 0.5) * dy]);
  const paint = gridImage(left.plot, { x: left.sx(xl[0]), y: left.sy(yl[1]), w: left.sx(xl[1]) - left.sx(xl[0]),
                                       h: left.sy(yl[0]) - left.sy(yl[1]), n: G });
  // class 0: sky blue, class 1: orange, both at 35% over white; white when training diverged
  const fills = [[86, 180, 233], [230, 159, 0], [255, 255, 255]].map((c) => c.map((v) => Math.round(255 + 0.35 * (v - 255))));
  X.forEach(([a, b], n) => {
    if (y[n]) svgEl("rect", { x: left.sx(a) - 3, y: left.sy(b) - 3, width: 6, height: 6, fill: C.vermillion, stroke: "#fff",
                              "stroke-width": 0.6 }, left.plot);
    else svgEl("circle", { cx: left.sx(a), cy: left.sy(b), r: 3.2, fill: C.blue, stroke: "#fff", "stroke-width": 0.6 }, left.plot);
  });
  const lossLine = svgEl("path", { class: "nnx-curve" }, right.plot);
  const accLine = svgEl("path", { class: "nnx-curve2" }, right.plot);
  const legend = svgEl("text", { x: 410, y: 222, class: "nnx-legend" }, fig.svg);
  legend.textContent = "solid: loss   dashed: accuracy";
  const button = htmlEl("button", { type: "button", class: "nnx-button" }, fig.root);
  button.textContent = "Train again";
  let job = 0;

  function draw(v, s, hist) {
    const pred = predict(s.params, grid, v.activation);
    paint((i, j) => fills[s.diverged ? 2 : pred[(G - 1 - i) * G + j]]);          // grid row 0 is the bottom
    const finite = hist.loss.filter(Number.isFinite);
    right.setLimits([0, v.epochs], [0, Math.max(1.05, Math.min(3, 1.05 * Math.max(...finite, 0)))]);
    const ep = hist.loss.map((_, i) => i + 1);
    lossLine.setAttribute("d", pathD(ep, hist.loss, right.sx, right.sy));
    accLine.setAttribute("d", pathD(ep, hist.accuracy, right.sx, right.sy));
    const done = s.diverged || s.epoch === v.epochs;
    const lines = [`${v.hidden} hidden units (${v.activation}), lr = ${fmt(v.lr, 3)}, mini-batches of 20 of the ` +
                   `${X.length} points; ${done ? "trained for" : "training:"} epoch ${s.epoch} of ${v.epochs}`];
    if (s.diverged) {
      lines.push(`<b data-key="verdict" class="nnx-bad">diverged</b>: the loss became infinite; lower the learning rate.`);
    } else {
      lines.push(`loss = ${done ? num("loss", s.loss, 4) : fmt(s.loss, 4)}, accuracy = ` +
                 `${done ? num("accuracy", s.accuracy, 3) : fmt(s.accuracy, 3)} (${Math.round(100 * s.accuracy)}% of the points)`);
    }
    fig.readout(lines.join("<br>"), v);
    fig.describe(`A network with ${v.hidden} hidden units learning the two moons, epoch ${s.epoch} of ${v.epochs}`,
      `Left: the ${X.length} points of the two moons, class 0 as blue circles and class 1 as orange squares, on ` +
      `the regions where the network picks each class. Right: the loss (solid) and the accuracy (dashed) after ` +
      `each epoch; now loss ${fmt(s.loss, 4)} and accuracy ${fmt(s.accuracy, 3)}.`);
    return done;
  }

  function start() {
    const id = ++job, v = inputsOf(model, INPUTS), run = train({ ...v, data });
    const per = Math.max(1, Math.ceil(v.epochs / FRAMES)), hist = { loss: [], accuracy: [] }, times = [];
    fig.root.dataset.training = "running";
    function step(first) {
      if (id !== job) return;
      times.push(performance.now());
      let s = null;
      for (let k = 0; k < (first === true ? 1 : per); k++) {      // one epoch in the key's own frame, then `per`
        const r = run.next();
        if (r.done) break;
        s = r.value; hist.loss.push(s.loss); hist.accuracy.push(s.accuracy);
      }
      if (!draw(v, s, hist)) { requestAnimationFrame(step); return; }
      fig.root.dataset.training = "done";
      fig.root.dataset.frames = times.length;
      if (times.length > 1) fig.root.dataset.fps = ((times.length - 1) * 1000 / (times[times.length - 1] - times[0])).toFixed(1);
    }
    if (still()) {                                // a reader who asked for less motion sees the end state only
      let s = null;
      for (const r of run) { s = r; hist.loss.push(s.loss); hist.accuracy.push(s.accuracy); }
      times.push(performance.now());
      draw(v, s, hist);
      Object.assign(fig.root.dataset, { training: "done", frames: "1" });
      delete fig.root.dataset.fps;
      return;
    }
    step(true);                                   // the first epoch is drawn at once, in the same frame
  }
  // prefers-reduced-motion: reduce (a setting of the reader's system) turns the animation off
  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  const still = () => Boolean(motion && motion.matches);
  button.addEventListener("click", start);
  onInputs(model, INPUTS, start);
  start();
}

export default { render };
