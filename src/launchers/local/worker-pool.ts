import { fork, type ChildProcess } from 'node:child_process';
import { appendFile } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModuleJobRequest } from '../../task/run-module-job.js';
import type { JobDoneMessage, RunJobMessage } from '../../task/worker-protocol.js';
import { STDERR_FILE, STDOUT_FILE } from '../../store/types.js';
import type { AttemptHandle, AttemptOutcome } from './attempt.js';
import { signalGroup, signalGroupOnly } from './process-tree.js';
import { ORCH_ROOT } from '../../orch-root.js';

/** The worker entry next to this module's tree, as .ts under tsx and .js once compiled. */
const OWN_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
// From the bundled CLI (dist/bundle) the worker is still the tsc-compiled file: it must be its own entry.
const WORKER_FILE = OWN_EXT === '.ts'
  ? fileURLToPath(new URL('../../task/worker-main.ts', import.meta.url))
  : join(ORCH_ROOT, 'dist', 'src', 'task', 'worker-main.js');

interface Worker {
  child: ChildProcess;
  /** The job it runs now, with the callback that ends that job's attempt. */
  busy?: { jobDir: string; echo: boolean; finish: (o: AttemptOutcome) => void };
}

export interface WorkerPool {
  run(req: ModuleJobRequest, env: Record<string, string>): AttemptHandle;
  /** Ends idle workers; busy ones are the launcher's to stop. */
  close(): void;
  /** Pids of all live workers, for a last-resort kill. */
  pids(): number[];
}

/**
 * Long-lived worker processes for one module task. A job takes an idle worker or starts one; a
 * worker that exits during a job fails that job and is not reused.
 */
export function createWorkerPool(taskFile: string, cwd: string): WorkerPool {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const execArgv = /\.[cm]?ts$/.test(taskFile) || OWN_EXT === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];

  function start(): Worker {
    const child = fork(WORKER_FILE, [taskFile], { cwd, detached: true, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const worker: Worker = { child };
    all.add(worker);
    // With echo, the worker copies the job's output here for the terminal (its logs are already
    // written). Otherwise only output below Node's streams (native code, crashes) comes through
    // the pipes, and it lands in the current job's logs.
    const route = (file: string, terminal: NodeJS.WriteStream) => (d: Buffer) => {
      if (worker.busy?.echo) terminal.write(d);
      else if (worker.busy) appendFile(join(worker.busy.jobDir, file), d, () => {});
    };
    child.stdout!.on('data', route(STDOUT_FILE, process.stdout));
    child.stderr!.on('data', route(STDERR_FILE, process.stderr));
    child.on('message', (msg: JobDoneMessage) => {
      if (msg?.type !== 'done' || !worker.busy) return;
      const { finish } = worker.busy;
      worker.busy = undefined;
      if (!msg.exiting) idle.push(worker);
      finish({ ok: msg.result.status === 'completed', exitCode: msg.result.status === 'completed' ? 0 : 1, signal: null, reason: msg.result.reason, warnings: msg.result.warnings });
    });
    child.on('exit', (code, signal) => {
      all.delete(worker);
      if (child.pid !== undefined) signalGroupOnly(child.pid, 'SIGKILL'); // whatever the task started
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      if (worker.busy) {
        const { finish } = worker.busy;
        worker.busy = undefined;
        finish({ ok: false, exitCode: code, signal, reason: signal ? `worker killed by ${signal}` : `worker exited with code ${code} during the job` });
      }
    });
    child.on('error', () => { /* 'exit' follows and fails the job */ });
    return worker;
  }

  return {
    run(req, env) {
      const worker = idle.pop() ?? start();
      const done = new Promise<AttemptOutcome>((resolve) => {
        worker.busy = { jobDir: req.jobDir, echo: req.echo, finish: resolve };
      });
      const msg: RunJobMessage = { type: 'run', req, env };
      try {
        worker.child.send(msg);
      } catch {
        // The worker died between jobs. If its 'exit' already fired, nobody else ends this job.
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
          worker.busy?.finish({ ok: false, exitCode: worker.child.exitCode, signal: worker.child.signalCode, reason: 'worker died before the job started' });
          worker.busy = undefined;
        }
      }
      return {
        pid: worker.child.pid,
        done,
        signal(sig) {
          if (worker.child.pid !== undefined) signalGroup(worker.child.pid, sig);
        },
      };
    },
    close() {
      for (const w of idle.splice(0)) w.child.disconnect();
    },
    pids() {
      return [...all].map((w) => w.child.pid).filter((p): p is number => p !== undefined);
    },
  };
}
