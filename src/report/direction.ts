/**
 * Which way a metric is better. It comes from config (`report.metrics: {loss: min}`), else it is
 * guessed from a few well-known names (and the report says it was guessed); any other number (a
 * fitted weight `w`, `epochs`, `train_time_sec`) has no direction, so no group is called best on it.
 */
export type Direction = 'max' | 'min';

export interface MetricDirection {
  dir?: Direction;
  /** `assumed`: the main metric's name says nothing, so higher is taken as better (and the report says so). */
  source: 'config' | 'guessed' | 'assumed' | 'unknown';
}

/** Name parts (split on `_`, `-`, `.`) that mark a score. */
const MAX_WORDS = new Set(['acc', 'accuracy', 'top1', 'top5', 'f1', 'auc', 'auroc', 'roc', 'map', 'precision', 'recall', 'r2', 'bleu', 'rouge', 'iou', 'miou', 'dice', 'reward', 'return', 'score', 'psnr', 'ssim']);
/** Name parts that mark a loss or an error rate. */
const MIN_WORDS = new Set(['loss', 'err', 'error', 'mse', 'mae', 'rmse', 'nll', 'perplexity', 'ppl', 'wer', 'cer', 'fid', 'regret']);

export function guessDirection(metric: string): Direction | undefined {
  const words = (metric.split('.').pop() ?? metric).toLowerCase().split(/[_\-\s]+/);
  // `loss` wins over a score word: `accuracy_loss` is still a loss.
  if (words.some((w) => MIN_WORDS.has(w))) return 'min';
  if (words.some((w) => MAX_WORDS.has(w))) return 'max';
  return undefined;
}

/** The main metric always gets a direction: `report.higher_is_better`, else as any metric, else assumed higher. */
export function mainDirection(metric: string, configured: Readonly<Record<string, Direction>>, higherIsBetter: boolean | undefined): MetricDirection {
  if (higherIsBetter !== undefined) return { dir: higherIsBetter ? 'max' : 'min', source: 'config' };
  const d = directionOf(metric, configured);
  return d.dir ? d : { dir: 'max', source: 'assumed' };
}

export function directionOf(metric: string, configured: Readonly<Record<string, Direction>>): MetricDirection {
  const c = configured[metric];
  if (c) return { dir: c, source: 'config' };
  const g = guessDirection(metric);
  return g ? { dir: g, source: 'guessed' } : { source: 'unknown' };
}

/** `higher is better (guessed from the name; set report.metrics: {loss: min} to say)`. */
export function describeDirection(metric: string, d: MetricDirection): string {
  if (!d.dir) return `direction unknown: no group is called best (set report.metrics: {${metric}: max} or min)`;
  const what = d.dir === 'max' ? 'higher is better' : 'lower is better';
  if (d.source === 'guessed') return `${what}, guessed from the name (set report.metrics: {${metric}: ${d.dir}} to say so)`;
  if (d.source === 'assumed') return `${what}, assumed: the name says nothing (set report.metrics: {${metric}: min} if lower is better)`;
  return what;
}
