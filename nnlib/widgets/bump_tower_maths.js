// The tower's maths, the twin of bump_tower in nnlib/widgets/bump_challenge.py (a 2-4-1 sigmoid network in
// nnlib): two bumps, B1 along x1 and B2 along x2, both on [LO, HI], added and passed through an output neuron of
// weight w that steps at s on the sum: o = sigmoid(w (B1(x1) + B2(x2)) + b), with the stored bias b = -w s.
// On a CELLS x CELLS grid of cell centres, the tower "stands" when o at the centre (0.5, 0.5) is at least 0.8
// and every cell centre more than 0.1 outside the square [LO, HI]^2 (in x1 or in x2) has o at most 0.2. The same
// rule is in Python.
const LO = 0.3, HI = 0.7, CELLS = 25;
const bump1 = (x, k) => sigmoid(k * (x - LO)) - sigmoid(k * (x - HI));
export const tower = (x1, x2, { steepness, w, s }) =>
  sigmoid(w * (bump1(x1, steepness) + bump1(x2, steepness)) + -w * s);

export function compute(inputs) {
  const grid = [], far = (v) => v < LO - 0.1 || v > HI + 0.1;
  let outside = 0;
  for (let i = 0; i < CELLS; i++) {
    const x2 = (i + 0.5) / CELLS, row = [];
    for (let j = 0; j < CELLS; j++) {
      const x1 = (j + 0.5) / CELLS, o = tower(x1, x2, inputs);
      row.push(o);
      if (far(x1) || far(x2)) outside = Math.max(outside, o);
    }
    grid.push(row);
  }
  const centre = tower(0.5, 0.5, inputs);
  return { grid, centre, outside, bias: -inputs.w * inputs.s, stands: centre >= 0.8 && outside <= 0.2 };
}
