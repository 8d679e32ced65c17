import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomic.js';
import { StoreError } from './errors.js';
import { readJsonIfExists, readJsonIfExistsSync } from './json-file.js';
import { orchVersion } from './orch-info.js';
import { ORCH_META_DIR, RUN_FILE, type RunRecord, type RunStatus } from './types.js';

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout', 'pruned'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function runRecordPath(jobDir: string): string {
  return join(jobDir, ORCH_META_DIR, RUN_FILE);
}

// Asked once per process, not once per job record (a uname(2) each).
let host: string | undefined;
const thisHost = (): string => (host ??= hostname());

/** A fresh `pending` record with the facts that do not change between attempts; no attempt started yet. */
export function newRunRecord(fields: Pick<RunRecord, 'jobNum' | 'overrides' | 'task' | 'argv'> & Partial<RunRecord>): RunRecord {
  return {
    status: 'pending',
    attempt: 0,
    host: thisHost(),
    orchVersion: orchVersion(),
    nodeVersion: process.version,
    ...fields,
  };
}

/** The job's run record, or undefined when the job never got one. */
export async function readRunRecord(jobDir: string): Promise<RunRecord | undefined> {
  const path = runRecordPath(jobDir);
  return asRunRecord(path, await readJsonIfExists(path, notARunRecord));
}

export function readRunRecordSync(jobDir: string): RunRecord | undefined {
  const path = runRecordPath(jobDir);
  return asRunRecord(path, readJsonIfExistsSync(path, notARunRecord));
}

const notARunRecord = (path: string): StoreError => new StoreError({ code: 'STORE_BAD_RUN_RECORD', message: `${path}: not a run record written by orch` });

function asRunRecord(path: string, v: unknown): RunRecord | undefined {
  if (v === undefined) return undefined;
  const rec = v as RunRecord;
  if (rec && typeof rec === 'object' && typeof rec.status === 'string') return rec;
  throw notARunRecord(path);
}

/**
 * Only a finished job's record is fsynced: `pending` and `running` are rewritten within seconds,
 * and a machine crash loses the job anyway, while a lost `completed` would run it twice. A sweep
 * whose journal records the end (`journaled`, group-committed) needs no fsync per record: after a
 * machine crash the journal says which jobs completed, whatever the record then holds.
 */
export async function writeRunRecord(jobDir: string, rec: RunRecord, opts: { journaled?: boolean } = {}): Promise<void> {
  const text = JSON.stringify(rec, null, 2) + '\n';
  // Unsynced, the write is a few syscalls: done on this thread (see writeFileAtomicSync).
  if (!isTerminal(rec.status) || opts.journaled) writeFileAtomicSync(runRecordPath(jobDir), text, { fsync: false });
  else await writeFileAtomic(runRecordPath(jobDir), text);
}

export function writeRunRecordSync(jobDir: string, rec: RunRecord): void {
  writeFileAtomicSync(runRecordPath(jobDir), JSON.stringify(rec, null, 2) + '\n');
}

/** Read-modify-write of a job's record; the write is atomic. Returns the new record. */
export async function updateRunRecord(jobDir: string, patch: Partial<RunRecord>, opts: { journaled?: boolean } = {}): Promise<RunRecord> {
  const current = await readRunRecord(jobDir);
  if (!current && (patch.jobNum === undefined || !patch.argv)) {
    throw new StoreError({ code: 'STORE_NO_RUN_RECORD', message: `${runRecordPath(jobDir)}: no run record to update` });
  }
  const next = { ...(current ?? newRunRecord(patch as RunRecord)), ...patch } as RunRecord;
  await writeRunRecord(jobDir, next, opts);
  return next;
}

/** Start/end fields of a finished attempt. */
export function endFields(startedAt: string | undefined, end = new Date()): Pick<RunRecord, 'endedAt' | 'durationSec'> {
  const started = startedAt ? Date.parse(startedAt) : end.getTime();
  return { endedAt: end.toISOString(), durationSec: Math.round((end.getTime() - started) / 10) / 100 };
}

/**
 * The job's run record, or undefined when it has none or the file is not orch's. A failure to read
 * it (EMFILE, EACCES) is thrown: it must never pass for "this job has not run".
 */
export async function readRunRecordIfValid(jobDir: string): Promise<RunRecord | undefined> {
  return readRunRecord(jobDir).catch((err: unknown) => {
    if (err instanceof StoreError) return undefined;
    throw new StoreError({
      code: 'STORE_RUN_RECORD_UNREADABLE', message: `${runRecordPath(jobDir)}: cannot be read: ${(err as Error).message}`,
      hint: 'Check the permissions of the sweep directory; for "too many open files", raise the limit (ulimit -n 4096).',
      cause: err,
    });
  });
}
