import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, createWriteStream, openSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedJob } from '../../plan/types.js';
import { STDERR_FILE, STDOUT_FILE } from '../../store/types.js';
import type { AttemptHandle, AttemptOutcome } from './attempt.js';
import { signalGroup } from './process-tree.js';
import { spawnAfterViaHelper, spawnViaHelper, type SpawnedJob, type SpawnRequest } from './spawner.js';

/**
 * Starts a command job as its own process (never through a shell) in its own process group, with
 * stdout/stderr appended to the job's logs. Unless the output is also shown on the terminal, the
 * log files are the child's own file descriptors: no pipe, no copy through orch.
 */
export function spawnCommand(job: PlannedJob, interactive: boolean, resolve: (name: string) => string = (n) => n, graceMs?: number): AttemptHandle {
  const outPath = join(job.outputDir, STDOUT_FILE);
  const errPath = join(job.outputDir, STDERR_FILE);
  // Only for Node's own spawn: a copy of process.env costs ~0.3 ms, per job (the helper has its own).
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, ...job.env });
  // The resolved file is executed; the job still sees the name it was given as its argv[0].
  const file = resolve(job.argv[0]!);
  const argv0 = job.argv[0]!;
  let child;
  if (interactive) {
    child = spawn(file, job.argv.slice(1), { argv0, cwd: job.cwd, env: env(), stdio: ['inherit', 'pipe', 'pipe'], detached: true });
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
    const viaHelper = spawnViaHelper(spawnRequest(job, file, graceMs), resolve);
    if (viaHelper) return helperAttempt(viaHelper, job.argv[0]!, file, errPath);
    const outFd = openSync(outPath, 'a');
    let errFd: number | undefined;
    try {
      errFd = openSync(errPath, 'a');
      child = spawn(file, job.argv.slice(1), { argv0, cwd: job.cwd, env: env(), stdio: ['ignore', outFd, errFd], detached: true });
    } finally {
      closeSync(outFd);
      if (errFd !== undefined) closeSync(errFd);
    }
  }
  const pid = child.pid;
  const done = new Promise<AttemptOutcome>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => resolve(notRun(job.argv[0]!, errPath, err.code, err.message)));
    child.once('close', (code, signal) => resolve(ended(code, signal)));
  });
  return {
    pid,
    done,
    signal(sig) {
      if (pid !== undefined) signalGroup(pid, sig);
    },
  };
}

/**
 * A command job (not interactive) the spawner helper starts by itself the moment `after` ends with
 * exit code 0, so a lane's next job starts with no round trip to orch; `ready` says whether it ran
 * (`dropped` if `after` ended otherwise). Undefined when `after` was not started by the helper.
 */
export function spawnCommandAfter(job: PlannedJob, after: AttemptHandle, resolve: (name: string) => string, graceMs?: number): AttemptHandle | undefined {
  if (!after.spawned) return undefined;
  const file = resolve(job.argv[0]!);
  const queued = spawnAfterViaHelper(spawnRequest(job, file, graceMs), after.spawned);
  return queued && helperAttempt(queued, job.argv[0]!, file, join(job.outputDir, STDERR_FILE));
}

function spawnRequest(job: PlannedJob, file: string, grace: number | undefined): SpawnRequest {
  const req: SpawnRequest = { file, argv: job.argv, cwd: job.cwd, env: job.env, out: join(job.outputDir, STDOUT_FILE), err: join(job.outputDir, STDERR_FILE) };
  if (grace !== undefined) req.grace = grace;
  return req;
}

/** A job the helper starts: its pid is known once `ready`; a signal sent before that waits for it. */
function helperAttempt(spawned: SpawnedJob, name: string, file: string, errPath: string): AttemptHandle {
  let early: NodeJS.Signals | undefined;
  const handle: AttemptHandle = {
    pid: undefined,
    tidied: true,
    spawned,
    done: spawned.started.then((r) => 'errno' in r
      ? notRun(name, errPath, r.errno, r.why ?? `spawn ${file} ${r.errno}`)
      : 'dropped' in r ? { ok: false, exitCode: null, signal: null, reason: 'not started' } : spawned.exited.then((x) => ended(x.code, x.signal))),
    ready: spawned.started.then((r) => {
      if ('pid' in r) handle.pid = r.pid;
      if ('dropped' in r) handle.dropped = true;
      if (early && handle.pid !== undefined) signalGroup(handle.pid, early);
    }),
    signal(sig) {
      if (handle.pid !== undefined) signalGroup(handle.pid, sig);
      else early = sig === 'SIGKILL' || !early ? sig : early;
    },
  };
  return handle;
}

function notRun(name: string, errPath: string, code: string | undefined, message: string): AttemptOutcome {
  const reason = code === 'ENOENT' ? `cannot run '${name}': command not found` : `cannot run '${name}': ${message}`;
  try { appendFileSync(errPath, `orch: ${reason}\n`); } catch { /* the log dir is gone too */ }
  return { ok: false, exitCode: null, signal: null, reason };
}

function ended(code: number | null, signal: NodeJS.Signals | null): AttemptOutcome {
  return { ok: code === 0, exitCode: code, signal, reason: code === 0 ? undefined : signal ? `killed by ${signal}` : `exit code ${code}` };
}
