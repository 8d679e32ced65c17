import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalLauncher } from '../../../../src/launchers/local/local-launcher.js';
import type { AttemptHandle, AttemptOutcome } from '../../../../src/launchers/local/attempt.js';
import { sourceOfJobs } from '../../../../src/launchers/job-source.js';
import type { JobEvent } from '../../../../src/launchers/types.js';
import { bashJobs, removeTempDirs, tempSweepDir } from '../../../helpers/slurm.js';

after(removeTempDirs);

/** An attempt whose pid the test reveals when it likes; signals before that are kept, as the spawner's are. */
function heldAttempt() {
  const signals: NodeJS.Signals[] = [];
  let started!: () => void;
  let end!: (o: AttemptOutcome) => void;
  const handle: AttemptHandle = {
    pid: undefined,
    tidied: true,
    ready: new Promise<void>((r) => { started = () => { handle.pid = 4_000_000; r(); }; }),
    done: new Promise<AttemptOutcome>((r) => { end = r; }),
    signal(sig) {
      signals.push(sig);
      end({ ok: false, exitCode: null, signal: sig, reason: `killed by ${sig}` });
    },
  };
  return { handle, signals, start: () => started() };
}

test('local launcher: a stop that comes while a job is starting (pid not yet known) cancels it, not fails it', async () => {
  const dir = tempSweepDir('orch-local-stop-');
  const [job] = bashJobs(dir, 1, () => 'sleep 300');
  const held = heldAttempt();
  let spawned!: () => void;
  const spawnCalled = new Promise<void>((r) => { spawned = r; });
  const launcher = createLocalLauncher({ kill_grace_sec: 0.05 }, { spawn: () => { spawned(); return held.handle; } });
  const ended = new Promise<JobEvent>((resolve) => {
    void launcher.submit(sourceOfJobs([job!]), {
      sweepDir: dir, settings: {}, projectRoot: dir, task: 't', interactive: false,
      onJobEvent: (e) => { if (e.status !== 'running' && e.status !== 'pending') resolve(e); },
    });
  });
  await spawnCalled;
  launcher.stop('SIGTERM');
  held.start();
  const e = await ended;
  assert.equal(held.signals[0], 'SIGTERM', 'the stop reached the job that was starting');
  assert.equal(e.status, 'cancelled');
});
