/** Display strings and plots of a study (a search sweep). */
import { dirInSweep } from './job-path.js';
import { curveKeys, xKeyOf } from './curves.js';
import { fmtNum } from './format.js';
import { MAX_CURVE_TRIALS, type Study } from './study.js';
import { renderBestSoFar, renderObjectiveVsParam, renderTrialCurves } from './svg-study.js';

export function studyView(s: Study | undefined, wantedCurves: readonly string[] | undefined) {
  if (!s) return undefined;
  const b = s.best;
  const shown = s.trials.slice(0, MAX_CURVE_TRIALS);
  const jobs = shown.map((t) => t.job);
  const leaf = s.metric.split('.').pop()!;
  const keys = curveKeys(jobs);
  const key = wantedCurves?.[0] ?? keys.find((k) => k === leaf || k.endsWith(`_${leaf}`) || k.endsWith(`.${leaf}`)) ?? keys[0];
  const curves = key ? renderTrialCurves(s, shown, key, xKeyOf(jobs)) : undefined;
  return {
    sweeper: s.settings.sweeper,
    metric: s.metric,
    direction: s.settings.direction,
    counts: `${s.trials.length} trials: ${s.counts.completed} completed, ${s.counts.pruned} pruned, ${s.counts.failed} failed${s.counts.other ? `, ${s.counts.other} pending, running or cancelled` : ''}.`,
    best: b && {
      trial: b.trial, value: fmtNum(b.value), dir: dirInSweep(b.job) || '.',
      config: s.params.map((k) => ({ key: k, value: b.job.params.get(k) ?? '' })),
      overrides: b.job.overrides.join(' '),
    },
    bestSoFar: renderBestSoFar(s),
    paramPlots: s.params.map((k) => ({ key: k, svg: renderObjectiveVsParam(s, k), log: s.settings.logParams.includes(k) })),
    importance: s.importance.map((i) => ({ key: i.key, share: `${(i.share * 100).toFixed(0)} %`, width: Math.round(i.share * 100), rho: i.rho === undefined ? '–' : i.rho.toFixed(2) })),
    curves: curves && { key, svg: curves, note: s.trials.length > MAX_CURVE_TRIALS ? `The first ${MAX_CURVE_TRIALS} of ${s.trials.length} trials.` : undefined },
  };
}
