// The convolution explorer's view: the digit, the kernel and the feature map. Pointing at, or tabbing to, a
// feature-map pixel (arrow keys move between pixels) outlines the 3x3 patch it saw and lists the nine products.
const KERNEL_KEYS = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => `k${i}${j}`));
const INPUTS = ["preset", "digit", ...KERNEL_KEYS];
const CELL = 20, DIG = { x: 30, y: 40 }, KER = { x: 250, y: 70, cell: 36 }, MAP = { x: 430, y: 40 };

function shadeOf(v, top) {                     // diverging: blue for positive, orange for negative
  const t = top > 0 ? Math.min(1, Math.abs(v) / top) : 0;
  return { fill: v >= 0 ? C.blue : C.orange, opacity: (0.05 + 0.9 * t).toFixed(3) };
}

function setIf(node, name, value) {           // touch the DOM only on a change: less style and paint work
  const text = String(value);
  if (node.getAttribute(name) !== text) node.setAttribute(name, text);
}

function render({ model, el }) {
  const fig = frame(el, { width: 640, height: 230, label: "convolution readout", model });
  fig.svg.setAttribute("role", "group");        // not "img": its feature-map pixels are focusable, labelled images
  const title = (x, text) => { const t = svgEl("text", { x, y: 26, class: "nnx-title", "text-anchor": "middle" }, fig.svg);
                               t.textContent = text; return t; };
  const digitTitle = title(DIG.x + 4 * CELL, "Digit");
  title(KER.x + 1.5 * KER.cell, "Kernel (weights)");
  const mapTitle = title(MAP.x + 4 * CELL, "Feature map");
  const grid = (x0, y0, n, size, parent) => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) =>
    svgEl("rect", { x: x0 + c * size, y: y0 + r * size, width: size, height: size, stroke: "#ddd" }, parent)));
  const digitCells = grid(DIG.x, DIG.y, 8, CELL, fig.svg);
  const kerG = svgEl("g", {}, fig.svg), kerCells = grid(KER.x, KER.y, 3, KER.cell, kerG);
  const kerText = kerCells.map((row, i) => row.map((_, j) => svgEl("text", { x: KER.x + (j + 0.5) * KER.cell,
    y: KER.y + (i + 0.5) * KER.cell + 4, "text-anchor": "middle", class: "nnx-tick" }, kerG)));
  const mapG = svgEl("g", { role: "group", "aria-label": "feature map pixels" }, fig.svg);
  const mapCells = grid(MAP.x, MAP.y, 8, CELL, mapG);
  const patchBox = svgEl("rect", { width: 3 * CELL, height: 3 * CELL, fill: "none", stroke: C.vermillion,
                                   "stroke-width": 3, "stroke-dasharray": "6 3" }, fig.svg);
  const pixelBox = svgEl("rect", { width: CELL, height: CELL, fill: "none", stroke: C.vermillion, "stroke-width": 3 }, fig.svg);
  let sel = [3, 3];

  mapCells.forEach((row, r) => row.forEach((cell, c) => {
    cell.setAttribute("tabindex", "-1");
    cell.setAttribute("role", "img");
    cell.addEventListener("mouseenter", () => select(r, c));
    cell.addEventListener("focus", () => select(r, c));
    cell.addEventListener("keydown", (e) => {
      const move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
      if (!move) return;
      e.preventDefault();
      const rr = Math.max(0, Math.min(7, r + move[0])), cc = Math.max(0, Math.min(7, c + move[1]));
      mapCells[rr][cc].focus();
    });
  }));

  function select(r, c) { sel = [r, c]; update(); }

  function update() {
    const v = inputsOf(model, INPUTS), s = compute({ ...v, digits: model.get("digits") });
    const image = model.get("digits").images[v.digit];
    image.forEach((row, r) => row.forEach((x, c) => setIf(digitCells[r][c], "fill",
      `rgb(${Math.round(255 * (1 - x))},${Math.round(255 * (1 - x))},${Math.round(255 * (1 - x))})`)));
    const ktop = Math.max(...s.kernel.flat().map(Math.abs));
    s.kernel.forEach((row, i) => row.forEach((w, j) => {
      const sh = shadeOf(w, ktop);
      setIf(kerCells[i][j], "fill", sh.fill); setIf(kerCells[i][j], "fill-opacity", sh.opacity);
      if (kerText[i][j].textContent !== fmt(w)) kerText[i][j].textContent = fmt(w);
      setIf(kerText[i][j], "fill", Number(sh.opacity) > 0.6 ? "#fff" : "#222");
    }));
    const ftop = Math.max(...s.feature_map.flat().map(Math.abs));
    s.feature_map.forEach((row, r) => row.forEach((x, c) => {
      const sh = shadeOf(x, ftop), cell = mapCells[r][c];
      setIf(cell, "fill", sh.fill); setIf(cell, "fill-opacity", sh.opacity);
      setIf(cell, "tabindex", r === sel[0] && c === sel[1] ? "0" : "-1");
      setIf(cell, "aria-label", `feature map pixel row ${r}, column ${c}: ${fmt(x, 3)}`);
    }));
    const [r, c] = sel, { patch, prods } = products(image, s.kernel, r, c);
    setIf(patchBox, "x", DIG.x + (c - 1) * CELL); setIf(patchBox, "y", DIG.y + (r - 1) * CELL);
    setIf(pixelBox, "x", MAP.x + c * CELL); setIf(pixelBox, "y", MAP.y + r * CELL);
    digitTitle.textContent = `Digit (a ${s.label})`;
    mapTitle.textContent = `Feature map: ${fmt(s.feature_map[r][c], 3)} at (${r}, ${c})`;
    const cells = patch.map((row, i) => "<tr>" + row.map((x, j) =>
      `<td>${fmt(x, 3)}×${fmt(s.kernel[i][j])} = ${fmt(prods[i][j], 3)}</td>`).join("") + "</tr>").join("");
    fig.readout(
      `kernel: ${s.name}; digit: a ${s.label}; feature map from ${num("min", s.min, 3)} to ${num("max", s.max, 3)}<br>` +
      `pixel (row ${r}, column ${c}) = the sum of nine products, patch × weight (0 outside the digit):` +
      `<table>${cells}</table>sum = <b data-key="pixel" data-digits="3">${fmt(s.feature_map[r][c], 3)}</b>`,
      { ...v, row: r, col: c });
    fig.describe(`A 3 by 3 ${s.name} kernel slid over an 8 by 8 digit ${s.label}`,
      `Left: the digit, dark where the ink is. Middle: the kernel's nine weights, blue positive and orange ` +
      `negative. Right: the feature map, the kernel's weighted sum at every position, from ${fmt(s.min, 3)} to ` +
      `${fmt(s.max, 3)}. Selected: the pixel at row ${r}, column ${c}, value ${fmt(s.feature_map[r][c], 3)}, ` +
      `made from the outlined 3 by 3 patch of the digit.`);
  }

  model.on("change:preset", () => {              // a preset sets the nine kernel sliders (through their links)
    const k = PRESETS[inputsOf(model, ["preset"]).preset];
    KERNEL_KEYS.forEach((key, n) => model.set(key, k[Math.floor(n / 3)][n % 3]));
    model.save_changes();
  });
  onInputs(model, INPUTS, update);
  update();
}

export default { render };
