import { didYouMean, sentences } from '../../errors.js';
import { slurmError } from './errors.js';
import { parseSacct, parseScontrolJobs, parseSqueue, type TaskReport } from './slurm-state.js';

/**
 * The Slurm commands orch uses, each a plain argv (never a shell). An interface so that the
 * launcher's logic can be tested without a cluster and so that error mapping lives in one place.
 */
export interface SlurmCommands {
  sbatch(scriptPath: string, cwd: string): Promise<string>;
  scancel(ids: string[]): Promise<void>;
  /** Sends `signal` to a job or array task, its batch shell and the shell's children (`scancel --full`). */
  signal(id: string, signal: 'TERM' | 'KILL'): Promise<void>;
  /** Tasks still queued or running; unknown (purged) ids give an empty list. */
  squeue(arrayJobIds: string[]): Promise<TaskReport[]>;
  /** Accounting records, or undefined when accounting is disabled on this cluster. */
  sacct(arrayJobIds: string[]): Promise<TaskReport[] | undefined>;
  /** Tasks the controller still remembers (MinJobAge), for clusters without accounting. */
  scontrolJobs(arrayJobIds: string[]): Promise<TaskReport[]>;
  config(): Promise<Map<string, string>>;
  partitions(): Promise<string[]>;
}

interface RunResult { stdout: string; stderr: string; exitCode: number }

async function run(cmd: string, args: string[], cwd?: string): Promise<RunResult> {
  try {
    // Loaded at the first Slurm command: execa's own start-up is ~8 ms that a local sweep, which
    // registers this launcher too, would pay for nothing.
    const { execa } = await import('execa');
    const r = await execa(cmd, args, { reject: false, cwd, stdin: 'ignore', timeout: 120_000 });
    if (r.failed && r.exitCode === undefined) throw r;
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? 1 };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw slurmError({
        code: 'SLURM_NOT_INSTALLED', message: `${cmd}: command not found, so the Slurm launcher cannot run here`,
        hint: 'Run orch on a Slurm login node, or pick another launcher (+launcher=local).',
        cause: err,
      });
    }
    throw slurmError({ code: 'SLURM_COMMAND_FAILED', message: `${cmd} ${args.join(' ')}: ${(err as Error).message}`, cause: err });
  }
}

function failure(cmd: string, args: string[], r: RunResult): never {
  const said = r.stderr.trim() || r.stdout.trim() || `exit code ${r.exitCode}`;
  if (/Unable to contact slurm controller|Connection refused|connect failure|Socket timed out/i.test(said)) {
    throw slurmError({
      code: 'SLURM_UNREACHABLE', message: `${cmd} could not reach the Slurm controller: ${said}`,
      hint: 'Check `scontrol ping` and SLURM_CONF; the controller may be down or this host outside the cluster.',
    });
  }
  throw slurmError({ code: cmd === 'sbatch' ? 'SLURM_REJECTED' : 'SLURM_COMMAND_FAILED', message: `${cmd} ${args.join(' ')} failed: ${said}` });
}

export function createSlurmCommands(): SlurmCommands {
  const self: SlurmCommands = {
    async sbatch(scriptPath, cwd) {
      const args = ['--parsable', scriptPath];
      const r = await run('sbatch', args, cwd);
      if (r.exitCode === 0) {
        const id = r.stdout.trim().split(';')[0] ?? '';
        if (/^\d+$/.test(id)) return id;
      }
      if (/invalid partition/i.test(r.stderr)) {
        const bad = /invalid partition specified: (\S+)/i.exec(r.stderr)?.[1];
        const known = await self.partitions().catch(() => []);
        throw slurmError({
          code: 'SLURM_UNKNOWN_PARTITION', message: `sbatch rejected the partition${bad ? ` '${bad}'` : ''}: ${r.stderr.trim()}`,
          hint: sentences(`Partitions on this cluster: ${known.join(', ') || '(none found)'}.`, bad ? didYouMean(bad, known) : undefined, 'Set orch.launcher.partition.'),
        });
      }
      return failure('sbatch', args, r);
    },
    async scancel(ids) {
      if (ids.length === 0) return;
      const r = await run('scancel', ids);
      if (r.exitCode !== 0 && !/Invalid job id|already completing or completed/i.test(r.stderr)) failure('scancel', ids, r);
    },
    async signal(id, sig) {
      const args = ['--full', `--signal=${sig}`, id];
      const r = await run('scancel', args);
      if (r.exitCode !== 0 && !/Invalid job id|already completing or completed|not running/i.test(r.stderr)) failure('scancel', args, r);
    },
    async squeue(ids) {
      if (ids.length === 0) return [];
      const args = ['-h', '-r', '-j', ids.join(','), '-o', '%i|%T|%r'];
      const r = await run('squeue', args);
      if (r.exitCode !== 0) {
        if (/Invalid job id/i.test(r.stderr)) return [];
        failure('squeue', args, r);
      }
      return parseSqueue(r.stdout);
    },
    async sacct(ids) {
      if (ids.length === 0) return [];
      const args = ['-X', '-n', '-P', '-j', ids.join(','), '-o', 'JobID,State,ExitCode,Reason'];
      const r = await run('sacct', args);
      if (r.exitCode !== 0) {
        if (/accounting storage is disabled/i.test(r.stderr)) return undefined;
        failure('sacct', args, r);
      }
      return parseSacct(r.stdout);
    },
    async scontrolJobs(ids) {
      const out: TaskReport[] = [];
      for (const id of ids) {
        const r = await run('scontrol', ['-o', 'show', 'job', id]);
        if (r.exitCode === 0) out.push(...parseScontrolJobs(r.stdout));
      }
      return out;
    },
    async config() {
      const args = ['show', 'config'];
      const r = await run('scontrol', args);
      if (r.exitCode !== 0) failure('scontrol', args, r);
      const map = new Map<string, string>();
      for (const line of r.stdout.split('\n')) {
        const m = /^(\S+)\s+=\s?(.*)$/.exec(line);
        if (m) map.set(m[1]!, m[2]!.trim());
      }
      return map;
    },
    async partitions() {
      const r = await run('sinfo', ['-h', '-o', '%R']);
      if (r.exitCode !== 0) failure('sinfo', ['-h', '-o', '%R'], r);
      return [...new Set(r.stdout.split('\n').map((s) => s.trim()).filter(Boolean))];
    },
  };
  return self;
}
