/**
 * A long-lived worker process of the local launcher: imports one task module once and runs job
 * after job sent over IPC, so a sweep of many short TypeScript jobs pays Node's and tsx's start-up
 * once per worker, not once per job. A job that crashes the worker (uncaught exception,
 * process.exit) ends the worker; the launcher starts a fresh one for the next job.
 */
import type { TaskContextHandle } from './context.js';
import { onJobSignals } from './job-signals.js';
import { loadTaskFunction } from './load-task.js';
import { runModuleJob } from './run-module-job.js';
import type { TaskFunction } from './types.js';
import type { JobDoneMessage, RunJobMessage } from './worker-protocol.js';

const taskFile = process.argv[2];
if (!taskFile || !process.send) {
  process.stderr.write('orch worker: started without a task file or an IPC channel\n');
  process.exit(2);
}

let loaded: Promise<TaskFunction> | undefined;
const load = (): Promise<TaskFunction> => (loaded ??= loadTaskFunction(taskFile));
let current: { jobNum: number; handle?: TaskContextHandle } | undefined;

function send(msg: JobDoneMessage): Promise<void> {
  return new Promise((resolve) => process.send!(msg, undefined, {}, () => resolve()));
}

process.on('message', (msg: RunJobMessage) => {
  if (msg?.type !== 'run') return;
  Object.assign(process.env, msg.env);
  const job: { jobNum: number; handle?: TaskContextHandle } = { jobNum: msg.req.jobNum };
  current = job;
  void runModuleJob(load, msg.req, (h) => { job.handle = h; }).then(async (result) => {
    current = undefined;
    const stopping = signals.stopping();
    if (stopping !== undefined) process.exit(stopping);
    await send({ type: 'done', jobNum: msg.req.jobNum, result });
  });
});

// The launcher went away (orch exited or was killed): nothing may outlive it.
process.on('disconnect', () => process.exit(0));

// The worker's exit code tells the launcher how the job ended: no record is written here.
const signals = onJobSignals({ handle: () => current?.handle, stop: (_signal, code) => process.exit(code), letTaskWindDown: true });

async function crash(kind: string, err: unknown): Promise<void> {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`orch worker: ${kind} during the job: ${text}\n`);
  if (current) {
    const reason = `${kind}: ${err instanceof Error ? err.message : String(err)}`;
    await send({ type: 'done', jobNum: current.jobNum, result: { status: 'failed', reason }, exiting: true });
  }
  process.exit(70);
}
process.on('uncaughtException', (err) => void crash('uncaught exception', err));
process.on('unhandledRejection', (err) => void crash('unhandled promise rejection', err));
