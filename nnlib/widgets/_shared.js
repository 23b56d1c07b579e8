// Shared by every explorer's ES module (nnlib/widgets/_base.py puts this file first, then <name>_maths.js,
// then <name>.js, into one module string). Only fmt is exported (for the parity tests); the rest are plain
// top-level functions the explorer modules call.
// Colours: Okabe-Ito (nnlib.plot.COLORS), safe for colour-blind readers; lines also differ by dash pattern.
const C = { blue: "#0072B2", vermillion: "#D55E00", green: "#009E73", orange: "#E69F00", sky: "#56B4E9",
            purple: "#CC79A7", yellow: "#F0E442", black: "#000000", fires: "#B9DEF4", grey: "#777777" };
const SVG_NS = "http://www.w3.org/2000/svg";

// fmt: the twin of nnlib.widgets._base.fmt. toFixed rounds the exact binary value, halves away from zero,
// like Python's Decimal ROUND_HALF_UP; never "-0.00"; non-finite as "inf", "-inf", "nan".
export function fmt(x, digits = 2) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const text = Math.abs(x).toFixed(digits);
  return x < 0 && Number(text) !== 0 ? "-" + text : text;
}

// A number in the readout: tests find it by data-key and compare it with nnlib's value in fmt(value, digits).
function num(key, x, digits = 2) {
  return `<b data-key="${key}" data-digits="${digits}">${fmt(x, digits)}</b>`;
}

function signed(x, digits = 2) {          // "+ 1.50" or "− 1.50": a term added to a sum
  return x < 0 && fmt(-x, digits) !== fmt(0, digits) ? `− ${fmt(-x, digits)}` : `+ ${fmt(Math.abs(x), digits)}`;
}

function svgEl(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function htmlEl(tag, attrs = {}, parent = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function linspace(a, b, n) {
  return Array.from({ length: n }, (_, i) => a + (b - a) * i / (n - 1));
}

// scale(d0, d1, r0, r1): the linear map from data [d0, d1] to pixels [r0, r1].
function scale(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0);
  const s = (v) => r0 + (v - d0) * k;
  s.domain = [d0, d1];
  return s;
}

// The explorer's frame: root div, an SVG (role img, <title> and <desc> kept up to date), an aria-live readout.
// Returns { root, svg, readout(html, inputs), describe(title, desc) }; they touch the DOM only on change.
// With `model`, the root carries data-view (the Python view class) and readout() records the scalar inputs
// in data-inputs: the site tests read both to recompute the readout with nnlib.
function frame(el, { width, height, label, model }) {
  const root = htmlEl("div", { class: "nnx" }, el);
  nameControls(el);
  if (model) root.dataset.view = String(model.get("_anywidget_id")).split(".").pop();
  const id = "nnx-" + Math.random().toString(36).slice(2, 10);
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
                             "aria-labelledby": `${id}-t ${id}-d`, class: "nnx-svg" }, root);
  const title = svgEl("title", { id: `${id}-t` }, svg);
  const desc = svgEl("desc", { id: `${id}-d` }, svg);
  const out = htmlEl("div", { class: "nnx-readout", "aria-live": "polite", "aria-label": label || "readout" }, root);
  let last = null;
  return {
    root, svg,
    readout(html, inputs) {
      if (html !== last) { out.innerHTML = html; last = html; }
      if (inputs) {
        const scalars = Object.fromEntries(Object.entries(inputs).filter(([, x]) => typeof x !== "object"));
        root.dataset.inputs = JSON.stringify(scalars);
      }
    },
    describe(t, d) {
      if (title.textContent !== t) title.textContent = t;
      if (desc.textContent !== d) desc.textContent = d;
    },
  };
}

// A plotting panel at (x, y) of size w x h with axes, ticks, labels and a clip path. Returns
// { g, plot, sx, sy, setTitle(text), setLimits(xlim, ylim) }: draw data into `plot` (clipped) with sx, sy.
function panel(svg, { x, y, w, h, xlim, ylim, xlabel = "", ylabel = "", title = "", xticks, yticks }) {
  const g = svgEl("g", { class: "nnx-panel" }, svg);
  const clipId = "nnx-clip-" + Math.random().toString(36).slice(2, 10);
  const clip = svgEl("clipPath", { id: clipId }, g);
  svgEl("rect", { x, y, width: w, height: h }, clip);
  svgEl("rect", { x, y, width: w, height: h, class: "nnx-bg" }, g);
  const axes = svgEl("g", { class: "nnx-axes" }, g);
  const plot = svgEl("g", { "clip-path": `url(#${clipId})` }, g);
  const heading = svgEl("text", { x: x + w / 2, y: y - 8, class: "nnx-title", "text-anchor": "middle" }, g);
  heading.textContent = title;
  svgEl("text", { x: x + w / 2, y: y + h + 34, class: "nnx-label", "text-anchor": "middle" }, g).textContent = xlabel;
  svgEl("text", { x: x - 38, y: y + h / 2, class: "nnx-label", "text-anchor": "middle",
                  transform: `rotate(-90 ${x - 38} ${y + h / 2})` }, g).textContent = ylabel;
  const p = { g, plot, sx: null, sy: null, box: { x, y, w, h } };
  function drawTicks(lim, ticks, horizontal) {
    const s = horizontal ? p.sx : p.sy;
    for (const t of ticks || niceTicks(lim[0], lim[1])) {
      const v = s(t);
      if (horizontal) {
        svgEl("line", { x1: v, x2: v, y1: y, y2: y + h, class: t === 0 ? "nnx-zero" : "nnx-grid" }, axes);
        svgEl("text", { x: v, y: y + h + 15, "text-anchor": "middle", class: "nnx-tick" }, axes).textContent = tickText(t);
      } else {
        svgEl("line", { x1: x, x2: x + w, y1: v, y2: v, class: t === 0 ? "nnx-zero" : "nnx-grid" }, axes);
        svgEl("text", { x: x - 5, y: v + 4, "text-anchor": "end", class: "nnx-tick" }, axes).textContent = tickText(t);
      }
    }
  }
  let key = null;
  // setLimits(xlim, ylim): new scales; the axes are redrawn only when a range changes. Returns true if it did.
  p.setLimits = (xl, yl) => {
    const k = `${xl[0]},${xl[1]},${yl[0]},${yl[1]}`;
    if (k === key) return false;
    key = k;
    p.sx = scale(xl[0], xl[1], x, x + w);
    p.sy = scale(yl[0], yl[1], y + h, y);
    axes.replaceChildren();
    drawTicks(xl, k === `${xlim[0]},${xlim[1]},${yl[0]},${yl[1]}` ? xticks : null, true);
    drawTicks(yl, k === `${xl[0]},${xl[1]},${ylim[0]},${ylim[1]}` ? yticks : null, false);
    svgEl("rect", { x, y, width: w, height: h, class: "nnx-frame" }, axes);
    return true;
  };
  p.setTitle = (text) => { if (heading.textContent !== text) heading.textContent = text; };
  p.setLimits(xlim, ylim);
  return p;
}

function niceTicks(lo, hi, count = 5) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) ticks.push(Math.abs(t) < 1e-12 ? 0 : t);
  return ticks;
}

function tickText(t) {
  return Number.isInteger(t) ? String(t).replace("-", "−") : String(Number(t.toPrecision(3))).replace("-", "−");
}

// An SVG path "d" through (xs[i], ys[i]); non-finite points break the line; y is clamped to ±1e4 pixels.
function pathD(xs, ys, sx, sy) {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) { pen = false; continue; }
    const py = Math.max(-1e4, Math.min(1e4, sy(ys[i])));
    d += `${pen ? "L" : "M"}${sx(xs[i]).toFixed(1)},${py.toFixed(1)}`;
    pen = true;
  }
  return d;
}

// The part of the square [lo, hi]^2 where w1 x1 + w2 x2 >= c: polygon corners (maybe none).
function halfPlane(w1, w2, c, lo, hi) {
  const sq = [[lo, lo], [hi, lo], [hi, hi], [lo, hi]];
  const side = sq.map(([a, b]) => w1 * a + w2 * b - c);
  const pts = [];
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    if (side[i] >= 0) pts.push(sq[i]);
    if (side[i] * side[j] < 0) {
      const t = side[i] / (side[i] - side[j]);
      pts.push([sq[i][0] + (sq[j][0] - sq[i][0]) * t, sq[i][1] + (sq[j][1] - sq[i][1]) * t]);
    }
  }
  return pts;
}

// End points of the line w1 x1 + w2 x2 = c across the square [lo, hi]^2 (null if w = 0).
function lineInBox(w1, w2, c, lo, hi) {
  if (Math.abs(w1) < 1e-12 && Math.abs(w2) < 1e-12) return null;
  const clamp = (v) => Math.max(-1e4, Math.min(1e4, v));
  if (Math.abs(w2) >= Math.abs(w1)) return [[lo, clamp((c - w1 * lo) / w2)], [hi, clamp((c - w1 * hi) / w2)]];
  return [[clamp((c - w2 * lo) / w1), lo], [clamp((c - w2 * hi) / w1), hi]];
}

function polyPoints(pts, sx, sy) {
  return pts.map(([a, b]) => `${sx(a).toFixed(1)},${sy(b).toFixed(1)}`).join(" ");
}

// The model's current inputs as an object (a dropdown's index turned into its value through the synced
// `options` trait), and a callback on any change of them.
function inputsOf(model, names) {
  const opts = model.get("options") || {};
  const v = {};
  for (const n of names) v[n] = n in opts ? opts[n][model.get(n)] : model.get(n);
  return v;
}

function onInputs(model, names, update) {
  for (const n of names) model.on(`change:${n}`, update);
}

// A grid of colours drawn as one SVG <image> (a small canvas, scaled up without smoothing): one element to
// repaint instead of one rectangle per cell. paint(colour) with colour(i, j) -> [r, g, b], row i from the top.
function gridImage(parent, { x, y, w, h, n }) {
  const canvas = document.createElement("canvas");
  canvas.width = n; canvas.height = n;
  const ctx = canvas.getContext("2d"), pixels = ctx.createImageData(n, n);
  const node = svgEl("image", { x, y, width: w, height: h, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, parent);
  return function paint(colour) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const k = 4 * (i * n + j), [r, g, b] = colour(i, j);
      pixels.data[k] = r; pixels.data[k + 1] = g; pixels.data[k + 2] = b; pixels.data[k + 3] = 255;
    }
    ctx.putImageData(pixels, 0, 0);
    node.setAttribute("href", canvas.toDataURL());
  };
}

// ------------------------------------------------------------------------------- the controls, for every reader
// Jupyter draws a slider (ipywidgets' FloatSlider, IntSlider, FloatLogSlider) with noUiSlider: its focusable
// handle (role "slider") is not tied to the visible label ("w1", "b", "θ"), so a screen reader says only "slider",
// and its aria-valuetext is the raw number (10.000000000000002). nameControls finds the explorer box this view
// sits in (the VBox of class nnlib-explorer, see _base.py) and, for every slider in it, names the handle after
// its visible label (the name starts with the label, so speech input "click w1" works), sets aria-valuetext to
// the number the slider shows with its unit, and makes toggle buttons a named group whose buttons say whether
// they are pressed. It runs again when Jupyter redraws a control; the view's own drawing does not trigger it.
const CONTROL_WORDS = {
  w: "weight", w1: "weight of input 1", w2: "weight of input 2", b: "bias", "θ": "threshold",
  x1: "input 1", x2: "input 2", s: "step point", f: "activation function", z: "logit", lr: "learning rate",
  w_hh: "recurrent weight", w_in: "input weight", h1: "height of bump 1", h2: "height of bump 2",
  h3: "height of bump 3", h4: "height of bump 4", h5: "height of bump 5", "τ": "time constant",
  I: "input current", t_ref: "refractory period", loss: "loss surface", size: "network size",
  hidden: "size of the hidden layer", target: "target class",
};
const CONTROL_UNITS = { hidden: "hidden units", epochs: "epochs", steps: "steps", window: "epochs", digit: "",
                        I: "nA", "τ": "ms", t_ref: "ms" };      // θ (mV in lif_explorer) is unitless in neuron_explorer

function controlName(label) {
  const k = /^k([0-2])([0-2])$/.exec(label);          // the convolution kernel's weights k00 ... k22
  const words = k ? `kernel weight in row ${k[1]}, column ${k[2]}` : CONTROL_WORDS[label];
  return words && words !== label ? `${label}, ${words}` : label;
}

function nameSlider(slider) {
  const label = slider.querySelector(".widget-label"), handle = slider.querySelector(".noUi-handle");
  if (!label || !handle) return;
  const text = label.textContent.trim();
  if (label.getAttribute("title") === "null") label.removeAttribute("title");   // ipywidgets' empty tooltip
  const name = controlName(text);
  if (handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
  const shown = slider.querySelector(".widget-readout");
  const value = shown ? shown.textContent.trim() : "";
  const unit = CONTROL_UNITS[text];
  const valueText = value && unit ? `${value} ${unit}` : value;
  if (valueText && handle.getAttribute("aria-valuetext") !== valueText) handle.setAttribute("aria-valuetext", valueText);
}

function nameToggles(toggles) {          // ToggleButtons ("target" 0 | 1): a named group of pressed/unpressed buttons
  const label = toggles.querySelector(".widget-label"), group = label && label.nextElementSibling;
  if (!group || !label.textContent.trim()) return;
  if (label.getAttribute("title") === "null") label.removeAttribute("title");
  if (group.getAttribute("role") !== "group") group.setAttribute("role", "group");
  const name = controlName(label.textContent.trim());
  if (group.getAttribute("aria-label") !== name) group.setAttribute("aria-label", name);
  group.querySelectorAll("button").forEach((b) => {
    const pressed = String(b.classList.contains("mod-active"));
    if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
  });
}

function nameControls(el) {
  let tries = 0;
  function attach() {
    const box = el.isConnected ? el.closest(".nnlib-explorer") : null;
    if (!box) {                           // Jupyter attaches the view to its box after render: wait for it
      if (tries++ < 300) requestAnimationFrame(attach);
      return;
    }
    const apply = () => {
      box.querySelectorAll(".widget-slider").forEach(nameSlider);
      box.querySelectorAll(".widget-toggle-buttons").forEach(nameToggles);
    };
    apply();
    const mine = (node) => node && node.closest && node.closest(".nnx");
    new MutationObserver((records) => {
      if (records.some((r) => !mine(r.target.nodeType === 1 ? r.target : r.target.parentElement))) apply();
    }).observe(box, { subtree: true, childList: true, characterData: true, attributes: true,
                      attributeFilter: ["aria-valuetext", "class"] });
  }
  attach();
}
