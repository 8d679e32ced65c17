/**
 * Reads what the run store holds about one job directory or one sweep directory into ledger form.
 * Only the files whose format is settled: `.orch/run.json`, `.orch/config.json`, `.orch/orch.yaml`,
 * `metrics.json`, and for a sweep `sweep.json` or `.orch/plan.json`. Synchronous on purpose: a scan
 * reads thousands of small files one after another, and the thread pool would only add queueing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { parseMetricsText } from '../task/metrics.js';
import { PLAN_HEADER_FILE } from '../store/plan-record-format.js';
import { METRICS_FILE, ORCH_META_DIR, RUN_FILE, SWEEP_FILE, type RunRecord } from '../store/types.js';
import { paramsOf, timeMs } from './fields.js';
import { readNotes } from './notes.js';
import type { LedgerRow, LedgerSweep, MetricValue } from './types.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `{test: {accuracy: 1}}` as `{'test.accuracy': 1}`; lists and nulls are no metric. */
export function flattenMetrics(obj: Record<string, unknown>, prefix = '', out: Record<string, MetricValue> = {}): Record<string, MetricValue> {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[prefix + k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenMetrics(v as Record<string, unknown>, `${prefix}${k}.`, out);
  }
  return out;
}

export function parseRunRecordText(text: string | undefined): RunRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const rec = JSON.parse(text) as RunRecord;
    return rec && typeof rec === 'object' && typeof rec.status === 'string' ? rec : undefined;
  } catch {
    return undefined;
  }
}

export interface Story { description?: string; hypothesis?: string }

/**
 * A run's or sweep's description and hypothesis: `orch.sweep.*` (or `orch.run.*` for a single run)
 * from the job's resolved `orch` node, else top-level `description` / `hypothesis` of its config.
 * The YAML is parsed only when it names one of them, so most jobs cost a substring search.
 */
export function readStory(jobDir: string, node: 'sweep' | 'run'): Story {
  const story: Story = {};
  const orchText = readText(join(jobDir, ORCH_META_DIR, 'orch.yaml'));
  if (orchText && /description|hypothesis/.test(orchText)) {
    try {
      const section = (YAML.parse(orchText) as Record<string, Record<string, unknown> | undefined> | null)?.[node];
      if (typeof section?.description === 'string') story.description = section.description;
      if (typeof section?.hypothesis === 'string') story.hypothesis = section.hypothesis;
    } catch { /* a snapshot orch did not write: no story */ }
  }
  if (story.description !== undefined && story.hypothesis !== undefined) return story;
  const configText = readText(join(jobDir, ORCH_META_DIR, 'config.json'));
  if (configText && /"(description|hypothesis)"/.test(configText)) {
    try {
      const cfg = JSON.parse(configText) as Record<string, unknown>;
      if (story.description === undefined && typeof cfg.description === 'string') story.description = cfg.description;
      if (story.hypothesis === undefined && typeof cfg.hypothesis === 'string') story.hypothesis = cfg.hypothesis;
    } catch { /* same */ }
  }
  return story;
}

/** The ledger row of `<root>/<id>`, or undefined when it holds no run record orch wrote. */
export function readRow(root: string, id: string, sweep: string | undefined): LedgerRow | undefined {
  const dir = join(root, id);
  const rec = parseRunRecordText(readText(join(dir, ORCH_META_DIR, RUN_FILE)));
  if (!rec) return undefined;
  const metricsText = readText(join(dir, METRICS_FILE));
  const parsed = metricsText === undefined ? undefined : parseMetricsText(metricsText).metrics;
  const overrides = Array.isArray(rec.overrides) ? rec.overrides.map(String) : [];
  const row: LedgerRow = {
    id, root, sweep, status: rec.status, task: String(rec.task ?? ''), num: Number(rec.jobNum ?? 0), attempt: Number(rec.attempt ?? 0),
    overrides, params: paramsOf(overrides), startedAt: rec.startedAt, startedMs: timeMs(rec.startedAt), endedAt: rec.endedAt, endedMs: timeMs(rec.endedAt), durationSec: rec.durationSec,
    commit: rec.git?.commit, dirty: rec.git?.dirty, host: rec.host, configHash: rec.configHash, codeState: rec.git?.codeState, reusedFrom: rec.reusedFrom,
    metrics: parsed ? flattenMetrics(parsed) : {}, notes: readNotes(dir),
  };
  if (sweep === undefined) Object.assign(row, readStory(dir, 'run'));
  return row;
}

/** Is `dir` a sweep (the old `sweep.json` or the plan record)? `names` is its listing. */
export function isSweepListing(dir: string, names: readonly string[]): boolean {
  if (names.includes(SWEEP_FILE)) return true;
  return names.includes(ORCH_META_DIR) && existsSync(join(dir, ORCH_META_DIR, PLAN_HEADER_FILE));
}

export function isSweepDir(dir: string): boolean {
  return existsSync(join(dir, SWEEP_FILE)) || existsSync(join(dir, ORCH_META_DIR, PLAN_HEADER_FILE));
}

/** A sweep's header: task and creation time, from the plan record or sweep.json; story from `firstJob`. */
export function readSweep(root: string, id: string, firstJob: string | undefined): LedgerSweep {
  const dir = join(root, id);
  let head: { task?: unknown; createdAt?: unknown } = {};
  const text = readText(join(dir, ORCH_META_DIR, PLAN_HEADER_FILE)) ?? readText(join(dir, SWEEP_FILE));
  try {
    if (text) head = JSON.parse(text) as typeof head;
  } catch { /* an unreadable header: the sweep is still listed by its jobs */ }
  return {
    id, root, task: typeof head.task === 'string' ? head.task : '', createdAt: typeof head.createdAt === 'string' ? head.createdAt : undefined,
    ...(firstJob ? readStory(join(root, firstJob), 'sweep') : {}), notes: readNotes(dir),
  };
}
