import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onJobSignals, type StopSignal } from '../../../src/task/job-signals.js';
import type { TaskContextHandle } from '../../../src/task/context.js';

/** A job's handle that counts checkpoints and says whether the task watches for a stop. */
function fakeHandle(watches: boolean): TaskContextHandle & { checkpoints: number; stopsAsked: number } {
  const h = {
    ctx: {} as TaskContextHandle['ctx'],
    checkpoints: 0,
    stopsAsked: 0,
    async runCheckpointHooks() { h.checkpoints++; },
    requestStop() { h.stopsAsked++; return watches; },
  };
  return h;
}

/** Resolves with the first `stop` call, after emitting `signal` (the listeners run; nothing is killed). */
function stopped(emit: () => void, install: (stop: (s: StopSignal, code: number) => void) => void): Promise<[StopSignal, number]> {
  return new Promise((resolve) => { install((s, code) => resolve([s, code])); emit(); });
}

test('TERM and INT run the checkpoint hooks, then stop with 143 / 130', async () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    const handle = fakeHandle(false);
    let signals;
    const got = await stopped(() => process.emit(signal), (stop) => { signals = onJobSignals({ handle: () => handle, stop }); });
    signals!.remove();
    assert.deepEqual(got, [signal, code]);
    assert.equal(handle.checkpoints, 1);
  }
});

test('USR1 runs the checkpoint hooks, then afterCheckpoint; no stop', async () => {
  const handle = fakeHandle(false);
  let stops = 0;
  await new Promise<void>((resolve) => {
    const signals = onJobSignals({ handle: () => handle, stop: () => stops++, afterCheckpoint: () => { signals.remove(); resolve(); } });
    process.emit('SIGUSR1');
  });
  assert.equal(handle.checkpoints, 1);
  assert.equal(stops, 0);
});

test('letTaskWindDown: a task watching for a stop is asked once; a second signal stops it at once', async () => {
  const handle = fakeHandle(true);
  let stop: ((s: StopSignal, code: number) => void) | undefined;
  const signals = onJobSignals({ handle: () => handle, stop: (s, c) => stop?.(s, c), letTaskWindDown: true });
  process.emit('SIGTERM');
  assert.equal(signals.stopping(), 143);
  assert.equal(handle.stopsAsked, 1);
  const got = await new Promise((resolve) => { stop = (s, c) => resolve([s, c]); process.emit('SIGINT'); });
  signals.remove();
  assert.deepEqual(got, ['SIGINT', 130]);
  assert.equal(handle.stopsAsked, 1);
  assert.equal(handle.checkpoints, 2);
});

test('a task that never looks is stopped from outside even with letTaskWindDown; remove() takes the listeners off', async () => {
  const before = process.listenerCount('SIGTERM');
  const handle = fakeHandle(false);
  let signals;
  const got = await stopped(() => process.emit('SIGTERM'), (stop) => { signals = onJobSignals({ handle: () => handle, stop, letTaskWindDown: true }); });
  assert.deepEqual(got, ['SIGTERM', 143]);
  assert.equal(signals!.stopping(), undefined);
  signals!.remove();
  assert.equal(process.listenerCount('SIGTERM'), before);
  assert.equal(process.listenerCount('SIGUSR1'), 0);
});
