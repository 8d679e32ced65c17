/**
 * Hydra's FloatRange: start, stop and step are converted to Python `Decimal`s (exactly, from the
 * binary floats), `start += step` is Decimal addition rounded to 28 significant digits (half-even),
 * and each value is `float(start)`. Repeated float addition would drift (0.1+0.2 != 0.3); this
 * reproduces the reference's values digit for digit (`range(0,1,0.1)` yields 0.3, not 0.30000000000000004).
 */

/** value = c * 10^e */
interface Dec {
  c: bigint;
  e: number;
}

const PRECISION = 28;

function decOf(x: number): Dec {
  if (Number.isInteger(x)) return { c: BigInt(x), e: 0 };
  let y = x;
  let k = 0;
  while (!Number.isInteger(y)) {
    y *= 2;
    k++;
  }
  // y / 2^k == y * 5^k / 10^k
  return { c: BigInt(y) * 5n ** BigInt(k), e: -k };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.c * 10n ** BigInt(a.e - e), b.c * 10n ** BigInt(b.e - e), e];
}

function addRounded(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b);
  return round({ c: x + y, e });
}

function round(d: Dec): Dec {
  const neg = d.c < 0n;
  let c = neg ? -d.c : d.c;
  let e = d.e;
  const digits = c.toString().length;
  if (digits <= PRECISION) return d;
  const drop = digits - PRECISION;
  const div = 10n ** BigInt(drop);
  let q = c / div;
  const r = c % div;
  const twice = r * 2n;
  if (twice > div || (twice === div && q % 2n === 1n)) q += 1n;
  c = q;
  e += drop;
  return { c: neg ? -c : c, e };
}

function compare(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function toNumber(d: Dec): number {
  // JS parses decimal strings with correct rounding, as Python's float(Decimal) does.
  const n = Number(`${d.c}e${d.e}`);
  return n === 0 ? 0 : n;
}

export function* floatRange(start: number, stop: number, step: number): Generator<number> {
  if (step === 0 || !Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step)) {
    throw new Error(`Invalid range values (start:${start}, stop:${stop}, step:${step})`);
  }
  let cur = decOf(start);
  const end = decOf(stop);
  const inc = decOf(step);
  const ascending = step > 0;
  while (ascending ? compare(cur, end) < 0 : compare(cur, end) > 0) {
    yield toNumber(cur);
    cur = addRounded(cur, inc);
  }
}

/** Number of values and the last value of a range, without materializing an int range. */
export function rangeExtent(start: number, stop: number, step: number, isFloat: boolean): { count: number; last?: number } {
  if (!isFloat) {
    const count = Math.max(0, Math.ceil((stop - start) / step));
    return { count, last: count > 0 ? start + (count - 1) * step : undefined };
  }
  let count = 0;
  let last: number | undefined;
  for (const v of floatRange(start, stop, step)) {
    count++;
    last = v;
  }
  return { count, last };
}
