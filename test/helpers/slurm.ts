import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedJob } from '../../src/plan/types.js';
import type { JobHandle, JobState, Launcher } from '../../src/launchers/types.js';

/**
 * Finds the local test cluster (start-local-slurm.sh) or any Slurm reachable with SLURM_CONF, and
 * leaves SLURM_CONF set to its config file (some tests derive a broken config from it).
 * Returns the reason when there is none, for `test(..., { skip })`.
 */
export function detectSlurm(): { ok: true } | { ok: false; reason: string } {
  if (!process.env.SLURM_CONF) {
    const local = join(process.env.LOCAL_SLURM_DIR ?? '/tmp/local-slurm', 'etc', 'slurm.conf');
    if (existsSync(local)) process.env.SLURM_CONF = local;
  }
  const r = spawnSync('sinfo', ['-h', '-o', '%P'], { encoding: 'utf8', timeout: 30_000 });
  const start = 'start one with /work/shared/slurm/start-local-slurm.sh --gpus 2 --accounting';
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { ok: false, reason: `no Slurm here (sinfo not found); ${start}` };
  if (r.error) return { ok: false, reason: `Slurm not reachable (sinfo: ${r.error.message}; SLURM_CONF=${process.env.SLURM_CONF ?? '(unset)'}); ${start}` };
  if (r.status !== 0) return { ok: false, reason: `Slurm not reachable (sinfo: ${r.stderr.trim()}); SLURM_CONF=${process.env.SLURM_CONF ?? '(unset)'}` };
  if (!process.env.SLURM_CONF) {
    // A system Slurm answers through its default config; ask it which file that is.
    const conf = configInUse();
    if (!conf) return { ok: false, reason: 'Slurm answers but `scontrol show config` names no readable config file; set SLURM_CONF' };
    process.env.SLURM_CONF = conf;
  }
  return { ok: true };
}

function configInUse(): string | undefined {
  const r = spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8', timeout: 15_000 });
  const conf = /^SLURM_CONF\s*=\s*(\S+)/m.exec(r.stdout ?? '')?.[1];
  return conf !== undefined && existsSync(conf) ? conf : undefined;
}

export function slurmHasGpus(): boolean {
  const r = spawnSync('sinfo', ['-h', '-p', 'gpu', '-o', '%G'], { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 && /gpu:\d/.test(r.stdout);
}

export function slurmAccounting(): boolean {
  return spawnSync('sacct', ['-n', '-X', '-S', 'now'], { encoding: 'utf8', timeout: 15_000 }).status === 0;
}

const madeDirs: string[] = [];

export function tempSweepDir(prefix = 'orch-slurm-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes the sweep dirs this test file made (call from `after`, once its jobs are gone). */
export function removeTempDirs(): void {
  if (process.env.ORCH_KEEP_TEST_DIRS) return;
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Planned jobs whose argv is any command (tests only): job i runs `bash -c script` with ORCH_* set. */
export function bashJobs(sweepDir: string, n: number, script: (num: number) => string): PlannedJob[] {
  return Array.from({ length: n }, (_, num) => {
    const outputDir = join(sweepDir, String(num));
    mkdirSync(join(outputDir, '.orch'), { recursive: true });
    return {
      num, overrides: [`x=${num}`], overrideDirname: `x=${num}`, outputDir, cwd: sweepDir,
      argv: ['bash', '-c', script(num)],
      env: { ORCH_OUTPUT_DIR: outputDir, ORCH_JOB_NUM: String(num), ORCH_SWEEP_DIR: sweepDir },
    };
  });
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'timeout', 'pruned']);

/** Polls until every job is finished (or the deadline passes, which fails the test). */
export async function waitForJobs(launcher: Launcher, handles: JobHandle[], timeoutMs = 120_000, intervalMs = 500): Promise<JobState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await launcher.poll(handles);
    if (states.every((s) => TERMINAL.has(s.status))) return states;
    if (Date.now() > deadline) throw new Error(`jobs not finished after ${timeoutMs} ms: ${JSON.stringify(states.filter((s) => !TERMINAL.has(s.status)))}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Cancels arrays a test submitted (and only those), so no test leaves jobs in the queue. */
export function cancelArrays(ids: readonly string[]): void {
  if (ids.length > 0) spawnSync('scancel', [...ids], { timeout: 15_000 });
}

export function queuedTasks(ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const r = spawnSync('squeue', ['-h', '-r', '-j', ids.join(','), '-o', '%i %T'], { encoding: 'utf8', timeout: 15_000 });
  return r.stdout.split('\n').filter((l) => l.trim() !== '' && !/COMPLET|CANCEL|FAIL/.test(l));
}
