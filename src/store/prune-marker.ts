/**
 * `<job dir>/.orch/prune.json`: the pruner's decision, written (atomically) before the job is
 * signalled. Whoever writes the job's final record reads it: a job that ends after it was written
 * was pruned, whatever its exit status says (SIGTERM's 143, a Python task's clean exit).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { notJson, readJsonIfExists, readJsonIfExistsSync } from './json-file.js';
import { writeFileAtomic } from './atomic.js';
import { ORCH_META_DIR, PRUNE_FILE, type PruneFacts, type RunRecord } from './types.js';

export const pruneMarkerPath = (jobDir: string): string => join(jobDir, ORCH_META_DIR, PRUNE_FILE);

export async function writePruneMarker(jobDir: string, facts: PruneFacts): Promise<void> {
  // NaN (a diverged report) is written null: the marker is plain JSON for any reader (Slurm's job side).
  await writeFileAtomic(pruneMarkerPath(jobDir), JSON.stringify(facts) + '\n');
}

/** The decision, or undefined when the job was not pruned (or the file is not a marker). */
export async function readPruneMarker(jobDir: string): Promise<PruneFacts | undefined> {
  // Asked at every job's end, and almost no job has one: a stat first, not a failed async open.
  const path = pruneMarkerPath(jobDir);
  if (!existsSync(path)) return undefined;
  return asPruneMarker(await readJsonIfExists(path, notJson).catch(() => undefined));
}

/** For an exit handler (a task that calls process.exit() after the decision), where nothing async runs. */
export function readPruneMarkerSync(jobDir: string): PruneFacts | undefined {
  try {
    return asPruneMarker(readJsonIfExistsSync(pruneMarkerPath(jobDir), notJson));
  } catch {
    return undefined;
  }
}

function asPruneMarker(v: unknown): PruneFacts | undefined {
  const m = v as Partial<PruneFacts> | undefined;
  if (!m || typeof m !== 'object' || typeof m.step !== 'number' || typeof m.metric !== 'string') return undefined;
  return { step: m.step, metric: m.metric, value: typeof m.value === 'number' ? m.value : NaN, steps: typeof m.steps === 'number' ? m.steps : m.step + 1 };
}

/** A new attempt (retry, resume, rerun) is not pruned by an earlier attempt's decision. */
export async function clearPruneMarker(jobDir: string): Promise<void> {
  await rm(pruneMarkerPath(jobDir), { force: true });
}

/** The final record of an attempt that ended after the decision: `pruned`, with the decision's facts. */
export function prunedRecordFields(facts: PruneFacts): Pick<RunRecord, 'status' | 'pruned' | 'reason'> {
  const value = Number.isFinite(facts.value) ? String(Number(facts.value.toPrecision(6))) : String(facts.value);
  return { status: 'pruned', pruned: facts, reason: `pruned at step ${facts.step} (${facts.metric}=${value})` };
}
