// The LIF explorer's view: the membrane potential over time with the threshold and the spikes (left), and the
// firing rate against the input current, the f-I curve, with the current operating point (right).
const INPUTS = ["I", "tau", "theta", "t_ref", "window", "dt", "v_rest", "resistance", "currents"];
const RATE_TOPS = [50, 100, 200, 500, 1000, 2000, 5000, 10000];

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 290, label: "spiking neuron readout", model });
  const left = panel(fig.svg, { x: 60, y: 30, w: 260, h: 200, xlim: [0, 200], ylim: [-70, -30],
                                xlabel: "time (ms)", ylabel: "membrane potential v (mV)",
                                title: "Membrane potential and spikes" });
  const right = panel(fig.svg, { x: 420, y: 30, w: 200, h: 200, xlim: [0, 5], ylim: [0, 100],
                                 xlabel: "input current I (nA)", ylabel: "firing rate (Hz)",
                                 title: "Firing rate against current" });
  const settle = svgEl("line", { class: "nnx-target" }, left.plot);
  const thetaLine = svgEl("line", { class: "nnx-theta" }, left.plot);
  const trace = svgEl("path", { class: "nnx-curve" }, left.plot);
  const marks = svgEl("g", { stroke: C.black, "stroke-width": 2 }, left.plot);
  const thetaText = svgEl("text", { class: "nnx-legend", "text-anchor": "start" }, left.g);
  const settleText = svgEl("text", { class: "nnx-legend", "text-anchor": "start" }, left.g);
  const ceiling = svgEl("line", { class: "nnx-target" }, right.plot);
  const curve = svgEl("path", { class: "nnx-curve" }, right.plot);
  const ceilingText = svgEl("text", { class: "nnx-legend" }, right.plot);
  const point = svgEl("circle", { r: 6, class: "nnx-point" }, right.plot);

  function hline(node, p, y) {
    node.setAttribute("x1", p.box.x); node.setAttribute("x2", p.box.x + p.box.w);
    node.setAttribute("y1", p.sy(y)); node.setAttribute("y2", p.sy(y));
  }

  function update() {
    const v = inputsOf(model, INPUTS), s = compute(v);
    const t = s.v.map((_, i) => i * v.dt);
    // left: v from v_rest up to a little above the threshold and v_inf (spike marks rise to the top)
    const top = Math.max(-30, 10 * Math.ceil((Math.max(v.theta, s.v_inf) + 8) / 10));
    left.setLimits([0, v.window], [-70, top]);
    hline(thetaLine, left, v.theta);
    hline(settle, left, s.v_inf);
    trace.setAttribute("d", pathD(t, s.v, left.sx, left.sy));
    while (marks.childNodes.length < s.spikes.length) svgEl("line", {}, marks);
    marks.childNodes.forEach((m, i) => {
      m.style.display = i < s.spikes.length ? "" : "none";
      if (i < s.spikes.length) {
        const x = left.sx(s.spikes[i]);
        m.setAttribute("x1", x); m.setAttribute("x2", x);
        m.setAttribute("y1", left.sy(v.theta)); m.setAttribute("y2", left.box.y);
      }
    });
    // labels just right of the panel, pushed apart when the two lines are close
    const yTheta = left.sy(v.theta), ySettle = left.sy(s.v_inf), gap = 12;
    const overlap = Math.max(0, gap - Math.abs(yTheta - ySettle)) / 2;
    const apart = ySettle < yTheta ? -overlap : overlap;
    thetaText.setAttribute("x", left.box.x + left.box.w + 4); thetaText.setAttribute("y", yTheta + 4 - apart);
    thetaText.textContent = "θ";
    settleText.setAttribute("x", left.box.x + left.box.w + 4); settleText.setAttribute("y", ySettle + 4 + apart);
    settleText.textContent = "v∞";
    // right: the exact rate over the current grid, with the corner at the threshold current drawn sharp
    const xs = [], ys = [];
    v.currents.forEach((c, i) => {
      const prev = i > 0 ? v.currents[i - 1] : -Infinity;
      if (prev < s.threshold_current && s.threshold_current < c) { xs.push(s.threshold_current); ys.push(0); }
      xs.push(c); ys.push(s.curve[i]);
    });
    const peak = Math.max(...s.curve, s.rate);
    right.setLimits([0, 5], [0, RATE_TOPS.find((r) => r >= 1.05 * peak) || 20000]);
    curve.setAttribute("d", pathD(xs, ys, right.sx, right.sy));
    hline(ceiling, right, 1000 / v.t_ref);             // t_ref >= 1 ms: the rate stays below 1000 / t_ref
    ceilingText.setAttribute("x", right.box.x + 4); ceilingText.setAttribute("y", right.sy(1000 / v.t_ref) + 13);
    ceilingText.textContent = "ceiling 1000 / t_ref";
    point.setAttribute("cx", right.sx(v.I)); point.setAttribute("cy", right.sy(s.rate));
    const above = s.v_inf > v.theta;
    const lines = [
      `v∞ = v_rest + R·I = ${fmt(v.v_rest, 0)} + ${fmt(v.resistance, 0)}·${fmt(v.I)} = ` +
      `${num("v_inf", s.v_inf)} mV (where v would settle without a threshold) is ` +
      `${above ? "above" : "not above"} θ = ${fmt(v.theta, 1)} mV`,
      `threshold current (θ − v_rest) / R = ${num("threshold_current", s.threshold_current)} nA`,
      `${num("count", s.count, 0)} spikes in the ${fmt(v.window, 0)} ms shown; steady rate ` +
      (above ? "1000 / (t_ref + τ·ln((v∞ − v_reset) / (v∞ − θ))) = " : "= ") +
      `${num("rate", s.rate, 1)} Hz`,
      `The neuron <b data-key="verdict" class="${s.fires ? "nnx-good" : "nnx-bad"}">${s.verdict}</b>.` +
      (s.fires && s.count === 0 ? ` Its first spike comes after the ${fmt(v.window, 0)} ms shown.` : ""),
    ];
    fig.readout(lines.join("<br>"), v);
    fig.describe(`A leaky integrate-and-fire neuron that ${s.verdict}`,
      `Left: the membrane potential v in mV over ${fmt(v.window, 0)} ms for a constant input current of ` +
      `${fmt(v.I)} nA, time constant ${fmt(v.tau, 1)} ms and refractory period ${fmt(v.t_ref, 1)} ms. v starts ` +
      `at ${fmt(v.v_rest, 0)} mV and rises towards ${fmt(s.v_inf)} mV (dotted line); the threshold ` +
      `${fmt(v.theta, 1)} mV is a dashed line, and each of the ${s.count} spikes is a vertical mark. Right: the ` +
      `firing rate in Hz against the input current from 0 to 5 nA: zero up to the threshold current ` +
      `${fmt(s.threshold_current)} nA, then rising to ${fmt(s.curve[s.curve.length - 1], 0)} Hz at 5 nA; the dot ` +
      `is the current setting, ${fmt(s.rate, 1)} Hz at ${fmt(v.I)} nA.`);
  }
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
