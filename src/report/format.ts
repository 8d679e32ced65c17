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

export function fmtMeanStd(mean: number | undefined, std: number | undefined): string {
  if (mean === undefined) return '–';
  return std === undefined || Number.isNaN(std) ? fmtNum(mean) : `${fmtNum(mean)} ± ${fmtNum(std)}`;
}
