import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import { ORCH_META_DIR, RUN_FILE, type RunRecord, type RunStatus } from '../../store/types.js';

const TERMINAL: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

export function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL.includes(status);
}

export async function readRunRecord(outputDir: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(outputDir, ORCH_META_DIR, RUN_FILE), 'utf8')) as RunRecord;
  } catch {
    // Missing, or being replaced right now: the next poll reads it.
    return undefined;
  }
}

export interface RunRecordSeed { num: number; argv: string[]; overrides: string[]; task?: string }

/**
 * Merges `patch` into a job's run.json. With `unlessTerminal`, a record that already says how the
 * job ended is left alone: the job's own account beats what the scheduler tells us afterwards.
 * Re-reads just before writing, so the window in which a job's own write can be lost is tiny.
 */
export async function updateRunRecord(
  outputDir: string, seed: RunRecordSeed, patch: Partial<RunRecord>, opts: { unlessTerminal?: boolean; onlyIfPending?: boolean } = {},
): Promise<boolean> {
  const current = await readRunRecord(outputDir);
  if (opts.unlessTerminal && isTerminal(current?.status)) return false;
  if (opts.onlyIfPending && current && current.status !== 'pending') return false;
  const base: RunRecord = current ?? {
    status: 'pending', jobNum: seed.num, attempt: 1, overrides: seed.overrides, task: seed.task ?? '',
    argv: seed.argv, host: hostname(), orchVersion: '0.1.0', nodeVersion: process.version,
  };
  const next: RunRecord = { ...base, ...patch, launcher: { ...base.launcher, ...patch.launcher } as RunRecord['launcher'] };
  await mkdir(join(outputDir, ORCH_META_DIR), { recursive: true });
  await writeFileAtomic(join(outputDir, ORCH_META_DIR, RUN_FILE), `${JSON.stringify(next, null, 2)}\n`);
  return true;
}
