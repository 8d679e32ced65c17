/** Number and time formatting shared by the HTML and Markdown renderers. */

/** Four significant digits, exponent only for very large or small magnitudes. */
export function fmtNum(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** One job's metric value: unlike a mean, a NaN here is a result (the run diverged), so it shows. */
export function fmtValue(v: number | string | boolean | undefined): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : fmtNum(v);
  return v === undefined ? '–' : String(v);
}

export function fmtP(p: number | undefined): string {
  if (p === undefined || Number.isNaN(p)) return '–';
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

export function fmtDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '–';
  if (sec < 60) return `${sec.toFixed(1)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min ${Math.round(sec - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Decimal places for a value quoted with uncertainty `u` (negative: round to tens, hundreds...):
 * two significant digits of `u`, one when its leading three digits are 355–949 (the Particle Data
 * Group rule, so 0.0005595 reads 0.0006, not 0.00056); undefined when u is not a positive number.
 */
export function uncertaintyDecimals(u: number): number | undefined {
  if (!(u > 0) || !Number.isFinite(u)) return undefined;
  let e = Math.floor(Math.log10(u));
  // The leading three digits; log10 can land a hair below an exact power of ten.
  let lead = Math.round(u / 10 ** (e - 2));
  if (lead >= 1000) { e += 1; lead = Math.round(lead / 10); }
  if (lead >= 950) return 1 - (e + 1);
  return lead <= 354 ? 1 - e : -e;
}

/** `x` at `decimals` places (negative: rounded to 10^-decimals), never in exponent form. */
export function fmtFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return fmtNum(x);
  if (decimals >= 0) return x.toFixed(Math.min(decimals, 100));
  const step = 10 ** -decimals;
  return String(Math.round(x / step) * step);
}

/** Mean ± uncertainty, the uncertainty to two significant digits and the mean to the same place: `0.9811 ± 0.0006`. */
export function fmtMeanStd(mean: number | undefined, std: number | undefined): string {
  if (mean === undefined || Number.isNaN(mean)) return '–';
  if (std === 0) return `${fmtNum(mean)} ± 0`;
  const d = std === undefined ? undefined : uncertaintyDecimals(std);
  return d === undefined ? fmtNum(mean) : `${fmtFixed(mean, d)} ± ${fmtFixed(std!, d)}`;
}

/** A confidence interval `[lo, hi]` at the places the uncertainty `u` asks for. */
export function fmtInterval(ci: readonly [number, number] | undefined, u: number | undefined): string {
  if (!ci || Number.isNaN(ci[0]) || Number.isNaN(ci[1])) return '–';
  const d = u === undefined ? undefined : uncertaintyDecimals(u);
  const f = (x: number): string => (d === undefined ? fmtNum(x) : fmtFixed(x, d));
  return `[${f(ci[0])}, ${f(ci[1])}]`;
}

/** `a, b, c and 1,234 more`: a list of group labels in a sentence, where it may be every group of a huge sweep. */
export function namedFew(labels: readonly string[], sep = ', ', max = 10): string {
  if (labels.length <= max) return labels.join(sep);
  return `${labels.slice(0, max).join(sep)} and ${(labels.length - max).toLocaleString('en-US')} more`;
}
