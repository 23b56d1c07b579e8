// The convolution explorer's maths, the twin of nnlib/widgets/conv.py (which runs nl.Conv2d(1, 1, 3,
// padding=1) with bias 0 on an 8x8 digit): cross-correlation as PyTorch, the kernel is not flipped, and output
// pixel (r, c) is the sum of the nine products of the kernel with the zero-padded 3x3 patch around (r, c).
export const PRESETS = {
  "vertical edge": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
  "horizontal edge": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
  "blur": [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]],
  "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
  "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
};
const KEYS = [0, 1, 2].map((i) => [0, 1, 2].map((j) => `k${i}${j}`));

export function kernelOf(inputs) {
  return KEYS.map((row) => row.map((k) => inputs[k]));
}

// The patch of the zero-padded image under the kernel for output pixel (r, c), and the nine products.
export function products(image, kernel, r, c) {
  const patch = [], prods = [];
  for (let i = 0; i < 3; i++) {
    patch.push([]); prods.push([]);
    for (let j = 0; j < 3; j++) {
      const rr = r + i - 1, cc = c + j - 1;
      const v = rr >= 0 && rr < 8 && cc >= 0 && cc < 8 ? image[rr][cc] : 0;
      patch[i].push(v); prods[i].push(v * kernel[i][j]);
    }
  }
  return { patch, prods };
}

export function convolve(image, kernel) {
  return image.map((row, r) => row.map((_, c) => {
    const { prods } = products(image, kernel, r, c);
    let s = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += prods[i][j];
    return s;
  }));
}

export function presetName(kernel) {
  const same = ([name, k]) => k.every((row, i) => row.every((v, j) => Math.abs(v - kernel[i][j]) < 1e-9));
  return (Object.entries(PRESETS).find(same) || ["custom"])[0];
}

// inputs: the nine kernel entries k00 .. k22, `digit` (which embedded digit) and `digits` (the embedded images).
export function compute(inputs) {
  const kernel = kernelOf(inputs), image = inputs.digits.images[inputs.digit];
  const feature_map = convolve(image, kernel), flat = feature_map.flat();
  return { feature_map, min: Math.min(...flat), max: Math.max(...flat), kernel, name: presetName(kernel),
           label: inputs.digits.labels[inputs.digit] };
}
