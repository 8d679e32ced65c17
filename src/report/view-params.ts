/** The parameter plots of the report: the main metric against each numeric swept parameter, and parallel coordinates. */
import { numericKeys, paramEffect, parallelData } from './param-effects.js';
import { renderParamPlot } from './svg-param.js';
import { renderParallelPlot } from './svg-parallel.js';
import { spansDecades } from './svg-scale.js';
import type { ReportModel } from './model.js';

export interface FigureView { id: string; caption: string; svg: string; note?: string }

/** At most this many per-parameter plots: a search over 30 parameters shows the first 12. */
const MAX_PARAM_PLOTS = 12;

export function paramFigures(model: ReportModel): FigureView[] {
  const metric = model.metric;
  const main = model.tables[0];
  if (!metric || !main) return [];
  const out: FigureView[] = [];
  for (const key of numericKeys(model.jobs, model.sweptKeys).slice(0, MAX_PARAM_PLOTS)) {
    const e = paramEffect(model.jobs, key, metric);
    if (!e) continue;
    const log = spansDecades(e.levels.map((l) => l.x));
    out.push({ id: `param-${key}`, caption: `${metric} against ${key}`, svg: renderParamPlot(e),
      note: `${e.points.length} runs at ${e.levels.length} values${log ? ', log axis (the values span ≥ 2 decades)' : ''}.` });
  }
  return out;
}

export function parallelFigure(model: ReportModel): FigureView | undefined {
  const metric = model.metric;
  const main = model.tables[0];
  if (!metric || !main || model.sweptKeys.length < 2) return undefined;
  const higher = main.higherIsBetter !== false;
  const d = parallelData(model.jobs, model.sweptKeys, metric, higher);
  if (!d) return undefined;
  return {
    id: 'parallel', caption: `Parallel coordinates, coloured by ${metric}`, svg: renderParallelPlot(d, higher),
    note: `One line per setting of ${model.sweptKeys.join(', ')}: ${metric} is its mean over repeats; darker is better.${d.dropped ? ` ${d.dropped} settings left out (a sample across the range of ${metric} is drawn, the best included).` : ''}`,
  };
}
