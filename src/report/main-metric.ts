/**
 * The one rule for a sweep's main metric, used by `orch report` and `orch status` alike:
 * `report.metric` if set, else the first score-like metric (accuracy, f1, ...), else the first
 * loss-like one, else the first numeric metric, in the order the metrics first appear.
 */
import { guessDirection } from './direction.js';
import { flattenMetrics } from './metrics.js';
import { decodeFloat } from '../store/metric-values.js';

export function chooseMainMetric(names: readonly string[], configured?: string): { metric?: string; chosen: boolean } {
  if (configured) return { metric: configured, chosen: false };
  const metric = names.find((n) => guessDirection(n) === 'max') ?? names.find((n) => guessDirection(n) === 'min') ?? names[0];
  return { metric, chosen: true };
}

/** Numeric metric names (dotted) across several metrics.json objects, in first-seen order. */
export function numericMetricNames(objects: ReadonlyArray<Record<string, unknown> | undefined>): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    // Flat objects (what the journal carries) are read as they are: a Map per job of 100,000 was
    // garbage `orch status` spent its time collecting. Only a nested value is flattened.
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === 'number' || typeof decodeFloat(v) === 'number') names.add(k);
      else if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [n, x] of flattenMetrics(v, k)) if (typeof x === 'number') names.add(n);
    }
  }
  return [...names];
}

/**
 * The main metric of jobs (their metrics.json objects) with the `report.metric` the report would use
 * (the project's, or the sweep's own `orch.report` read from the jobs' dirs), as `orch report` picks it.
 */
export async function mainMetricOf(
  projectRoot: string, jobs: ReadonlyArray<{ readonly metrics?: Record<string, unknown>; readonly dir: string; readonly status: string }>,
): Promise<string | undefined> {
  const [{ loadReportConfig }, { sweepReportSettings }] = await Promise.all([import('./config.js'), import('./sweep-settings.js')]);
  const cfg = await loadReportConfig(projectRoot, [], await sweepReportSettings(jobs));
  return chooseMainMetric(numericMetricNames(jobs.map((j) => j.metrics)), cfg.metric).metric;
}
