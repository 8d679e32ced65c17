/**
 * What a search's study is told when a trial's job ends, read from the job's directory: a completed
 * job's objective is `orch.sweeper.metric` in its metrics.json (what a command wrote, or what a
 * TypeScript task returned); a completed job without it is a failed trial, said in its run record
 * (a warning: the job itself did complete) rather than a silent NaN; a job stopped by a prune is
 * pruned with the step and value its `.orch/prune.json` names; anything else failed.
 */
import { readPruneMarker } from '../../store/prune-marker.js';
import { readTextIfExists } from '../../store/json-file.js';
import { join } from 'node:path';
import { flattenMetrics, numberAt } from '../../report/metrics.js';
import { parseTaskJson } from '../../store/task-json.js';
import { readRunRecordIfValid, updateRunRecord } from '../../store/run-record.js';
import { METRICS_FILE } from '../../store/types.js';
import type { TrialResult } from '../../sweep/search/index.js';

/** Job ends a study hears of; `cancelled` is not one (the trial runs again on resume). */
export const TOLD_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'timeout', 'pruned']);

export async function trialResultOf(trial: number, outputDir: string, status: string, metric: string, reason?: string): Promise<TrialResult> {
  if (status === 'pruned') return prunedResult(trial, outputDir);
  if (status !== 'completed') return { trial, state: 'failed', error: reason ?? `the job ${status === 'timeout' ? 'timed out' : 'failed'}` };
  const value = await objectiveOf(outputDir, metric);
  if (typeof value === 'number') return { trial, state: 'completed', value };
  await noteInRecord(outputDir, `trial failed: ${value}`);
  return { trial, state: 'failed', error: value };
}

/** The metric's value, or why there is none (a sentence naming the metric and the file). */
export async function objectiveOf(outputDir: string, metric: string): Promise<number | string> {
  const path = join(outputDir, METRICS_FILE);
  let text: string | undefined;
  try {
    text = await readTextIfExists(path);
  } catch (err) {
    return `orch.sweeper.metric '${metric}': cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (text === undefined) {
    return `orch.sweeper.metric '${metric}': the job wrote no ${METRICS_FILE} (a command writes it into its output dir; a TypeScript task returns an object)`;
  }
  let flat;
  try {
    flat = flattenMetrics(parseTaskJson(text, METRICS_FILE));
  } catch (err) {
    return `orch.sweeper.metric '${metric}': ${path} is not valid JSON (${(err as Error).message})`;
  }
  const value = numberAt(flat, metric);
  if (value !== undefined) return value;
  const numeric = [...flat].filter(([, v]) => typeof v === 'number').map(([k]) => k);
  const found = flat.get(metric);
  return found !== undefined
    ? `orch.sweeper.metric '${metric}' is ${JSON.stringify(found)} in ${METRICS_FILE}, not a number`
    : `orch.sweeper.metric '${metric}' is not in ${METRICS_FILE} (its numeric metrics: ${numeric.join(', ') || 'none'})`;
}

async function prunedResult(trial: number, outputDir: string): Promise<TrialResult> {
  // Without a readable marker the study falls back on the last value the trial reported.
  const facts = await readPruneMarker(outputDir);
  if (!facts) return { trial, state: 'pruned' };
  return { trial, state: 'pruned', step: facts.step, value: Number.isNaN(facts.value) ? undefined : facts.value };
}

async function noteInRecord(outputDir: string, problem: string): Promise<void> {
  const rec = await readRunRecordIfValid(outputDir);
  if (!rec || rec.warnings?.includes(problem)) return;
  await updateRunRecord(outputDir, { warnings: [...(rec.warnings ?? []), problem] }).catch(() => undefined);
}
