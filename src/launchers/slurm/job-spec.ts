import { join } from 'node:path';
import { mkdirs, writeFileAtomic } from '../../store/atomic.js';
import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import type { PlannedJob } from '../../plan/types.js';
import { slurmError } from './errors.js';

/**
 * A job's spec file, read by the array task runner with `mapfile -d ''`: NUL-separated
 * cwd, output dir, the number of environment entries, the `KEY=VALUE` entries, then argv.
 * NUL is the one byte that cannot occur in a path, an argument or an environment value, so the
 * file carries any value unchanged and bash never parses it as code.
 */
export function encodeJobSpec(job: PlannedJob, dropEnv: readonly string[] = []): string {
  const env = Object.entries(job.env).filter(([k]) => !dropEnv.includes(k));
  for (const [k] of env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
      throw slurmError({ code: 'SLURM_SETTING', message: `job ${job.num}: environment variable name ${JSON.stringify(k)} is not valid in a shell` });
    }
  }
  if (job.argv.length === 0) throw slurmError({ code: 'SLURM_SETTING', message: `job ${job.num}: empty command line` });
  const fields = [job.cwd, job.outputDir, String(env.length), ...env.map(([k, v]) => `${k}=${v}`), ...job.argv];
  for (const f of fields) {
    if (f.includes('\0')) throw slurmError({ code: 'SLURM_SETTING', message: `job ${job.num}: a value contains a NUL character: ${JSON.stringify(f)}` });
  }
  return fields.map((f) => `${f}\0`).join('');
}

export async function writeJobSpecs(slurmDir: string, jobs: PlannedJob[], dropEnv: readonly string[] = []): Promise<void> {
  const dir = join(slurmDir, 'jobs');
  await mkdirs(dir);
  // Written before sbatch, so a task never sees a spec being written: no fsync needed; the atomic
  // writer is used so that a full disk leaves no truncated spec or temp file behind.
  await mapLimit(jobs, IO_CONCURRENCY, (job) => writeFileAtomic(join(dir, `${job.num}.job`), encodeJobSpec(job, dropEnv), { fsync: false }));
}
