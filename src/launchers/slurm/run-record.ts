import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal as storeIsTerminal, newRunRecord, readRunRecord as storeRead, writeRunRecord } from '../../store/run-record.js';
import { ORCH_META_DIR, type RunRecord, type RunStatus } from '../../store/types.js';

export function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && storeIsTerminal(status);
}

/** A job's run.json, or undefined when it has none yet or is being replaced at this moment. */
export async function readRunRecord(outputDir: string): Promise<RunRecord | undefined> {
  return storeRead(outputDir).catch(() => undefined);
}

export interface RunRecordSeed { num: number; argv: string[]; overrides: string[]; task?: string }

/**
 * Merges `patch` into a job's run.json. With `unlessTerminal`, a record that already says how the
 * job ended is left alone: the job's own account beats what the scheduler tells us afterwards.
 * With `onlyIfPending`, a job that has started keeps its record. Re-reads just before writing, so
 * the window in which a job's own write could be lost is tiny.
 */
export async function updateRunRecord(
  outputDir: string, seed: RunRecordSeed, patch: Partial<RunRecord>, opts: { unlessTerminal?: boolean; onlyIfPending?: boolean } = {},
): Promise<boolean> {
  const current = await readRunRecord(outputDir);
  if (opts.unlessTerminal && isTerminal(current?.status)) return false;
  if (opts.onlyIfPending && current && current.status !== 'pending') return false;
  // A job Slurm ended before it dispatched itself has no directory yet: its record makes one.
  if (!current) await mkdir(join(outputDir, ORCH_META_DIR), { recursive: true });
  const base = current ?? newRunRecord({ jobNum: seed.num, overrides: seed.overrides, task: seed.task ?? '', argv: seed.argv });
  await writeRunRecord(outputDir, { ...base, ...patch, launcher: { ...base.launcher, ...patch.launcher } as RunRecord['launcher'] });
  return true;
}
