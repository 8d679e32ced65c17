import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, createWriteStream, openSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedJob } from '../../plan/types.js';
import { STDERR_FILE, STDOUT_FILE } from '../../store/types.js';
import type { AttemptHandle, AttemptOutcome } from './attempt.js';
import { signalGroup } from './process-tree.js';

/**
 * Starts a command job as its own process (never through a shell) in its own process group, with
 * stdout/stderr appended to the job's logs. Unless the output is also shown on the terminal, the
 * log files are the child's own file descriptors: no pipe, no copy through orch.
 */
export function spawnCommand(job: PlannedJob, interactive: boolean): AttemptHandle {
  const outPath = join(job.outputDir, STDOUT_FILE);
  const errPath = join(job.outputDir, STDERR_FILE);
  const env = { ...process.env, ...job.env };
  let child;
  if (interactive) {
    child = spawn(job.argv[0]!, job.argv.slice(1), { cwd: job.cwd, env, stdio: ['inherit', 'pipe', 'pipe'], detached: true });
    const out = createWriteStream(outPath, { flags: 'a' });
    const err = createWriteStream(errPath, { flags: 'a' });
    child.stdout!.on('data', (d: Buffer) => { out.write(d); process.stdout.write(d); });
    child.stderr!.on('data', (d: Buffer) => { err.write(d); process.stderr.write(d); });
    // A spawn that fails outright (EMFILE) emits 'error' and never 'close': the logs close either way.
    let logsOpen = true;
    const closeLogs = () => { if (logsOpen) { logsOpen = false; out.end(); err.end(); } };
    child.on('close', closeLogs);
    child.on('error', closeLogs);
  } else {
    const outFd = openSync(outPath, 'a');
    let errFd: number | undefined;
    try {
      errFd = openSync(errPath, 'a');
      child = spawn(job.argv[0]!, job.argv.slice(1), { cwd: job.cwd, env, stdio: ['ignore', outFd, errFd], detached: true });
    } finally {
      closeSync(outFd);
      if (errFd !== undefined) closeSync(errFd);
    }
  }
  const pid = child.pid;
  const done = new Promise<AttemptOutcome>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ENOENT' ? `cannot run '${job.argv[0]}': command not found` : `cannot run '${job.argv[0]}': ${err.message}`;
      try { appendFileSync(errPath, `orch: ${reason}\n`); } catch { /* the log dir is gone too */ }
      resolve({ ok: false, exitCode: null, signal: null, reason });
    });
    child.once('close', (code, signal) => {
      resolve({
        ok: code === 0,
        exitCode: code,
        signal,
        reason: code === 0 ? undefined : signal ? `killed by ${signal}` : `exit code ${code}`,
      });
    });
  });
  return {
    pid,
    done,
    signal(sig) {
      if (pid !== undefined) signalGroup(pid, sig);
    },
  };
}
