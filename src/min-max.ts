/**
 * Math.min / Math.max over a collection of any size. `Math.max(...xs)` passes every value as an
 * argument and throws RangeError ("Maximum call stack size exceeded") somewhere past ~100,000 (a
 * sweep's jobs, a trial's steps, the array scripts of a big Slurm sweep). Same results otherwise:
 * ±Infinity when empty, NaN when a value is NaN.
 */

export function maxOf(xs: Iterable<number>): number {
  let m = -Infinity;
  for (const x of xs) {
    if (x > m) m = x;
    else if (Number.isNaN(x)) return NaN;
    else if (x === 0 && Object.is(m, -0)) m = x; // as Math.max, +0 is above -0
  }
  return m;
}

export function minOf(xs: Iterable<number>): number {
  let m = Infinity;
  for (const x of xs) {
    if (x < m) m = x;
    else if (Number.isNaN(x)) return NaN;
    else if (m === 0 && Object.is(x, -0)) m = x;
  }
  return m;
}
