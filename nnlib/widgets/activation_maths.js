// The activation explorer's maths: f(w z + b) and its slope d/dz = w f'(w z + b) over the grid zs (embedded by
// Python), and both at z = 0; the twin of nl.activation(name) and its .derivative (nnlib/activations.py).
export function compute({ name, w, b, zs }) {
  const a = act(name);
  const us = zs.map((z) => w * z + b);
  return { f0: a.f(b), d0: w * a.df(b), f: us.map(a.f), df: us.map((u) => w * a.df(u)) };
}
