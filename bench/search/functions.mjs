// The benchmark's test functions and their search spaces in orch's override grammar (the same
// functions as functions.py, which the Optuna side runs; the benchmark checks they agree).
const BRANIN_B = 5.1 / (4 * Math.PI ** 2);
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const OFFSET = { a: 1.0, b: 0.0, c: 0.5, d: 2.0 };
const SHIFT = { a: -3.0, b: -2.0, c: -4.0, d: -1.0 };
const range = (n) => [...Array(n).keys()];

export const FUNCTIONS = {
  branin: {
    space: ['x1=interval(-5, 10)', 'x2=interval(0, 15)'],
    f: ({ x1, x2 }) => (x2 - BRANIN_B * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10,
  },
  hartmann6: {
    space: range(6).map((j) => `x${j}=interval(0, 1)`),
    f: (p) => -H_ALPHA.reduce((s, a, i) => s + a * Math.exp(-range(6).reduce((t, j) => t + H_A[i][j] * (p[`x${j}`] - H_P[i][j] * 1e-4) ** 2, 0)), 0),
  },
  log_rosenbrock: {
    space: range(10).map((j) => `x${j}=interval(-2, 2)`),
    f: (p) => Math.log1p(range(9).reduce((s, i) => s + 100 * (p[`x${i + 1}`] - p[`x${i}`] ** 2) ** 2 + (1 - p[`x${i}`]) ** 2, 0)),
  },
  mixed: {
    space: ['opt=choice(a,b,c,d)', 'lr=tag(log, interval(1e-5, 1))', 'width=int(interval(1, 64))'],
    f: ({ opt, lr, width }) => OFFSET[opt] + 0.5 * (Math.log10(lr) - SHIFT[opt]) ** 2 + ((width - 40) / 24) ** 2,
  },
};

/** A proposal's params (override texts) as the function's arguments. */
export function argsOf(params) {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, /^[a-z]$/.test(v) ? v : Number(v)]));
}
