import { readJsonIfExists } from '../../store/json-file.js';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import { slurmError } from './errors.js';
import { SLURM_SUBDIR } from './render.js';

/** `<sweep dir>/slurm.json`: which Slurm arrays ran which job numbers. Resume appends to it. */
export interface SlurmSweepRecord {
  version: 1;
  launcher: string;
  cancelOnInterrupt: boolean;
  submissions: SlurmSubmission[];
  jobs: Record<string, { outputDir: string; argv: string[]; overrides: string[] }>;
}

export interface SlurmSubmission {
  arrayJobId: string;
  /** Job number = array task id + offset. */
  offset: number;
  nums: number[];
  array: string;
  script: string;
  submittedAt: string;
}

export const SLURM_RECORD_FILE = 'slurm.json';

export async function readSlurmRecord(sweepDir: string): Promise<SlurmSweepRecord | undefined> {
  return await readJsonIfExists(join(sweepDir, SLURM_RECORD_FILE), (path, detail, cause) =>
    slurmError({ code: 'SLURM_NO_SWEEP', message: `${path}: unreadable: ${detail}`, cause })) as SlurmSweepRecord | undefined;
}

export async function writeSlurmRecord(sweepDir: string, record: SlurmSweepRecord): Promise<void> {
  await writeFileAtomic(join(sweepDir, SLURM_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The Slurm id (`<array job>_<task>`) of a job's latest submission. */
export function latestTaskIds(record: SlurmSweepRecord): Map<number, string> {
  const ids = new Map<number, string>();
  for (const sub of record.submissions) for (const num of sub.nums) ids.set(num, `${sub.arrayJobId}_${num - sub.offset}`);
  return ids;
}

export function slurmDirOf(sweepDir: string): string {
  return join(sweepDir, SLURM_SUBDIR);
}
