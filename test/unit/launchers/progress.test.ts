import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressDisplay, formatDuration, formatOverrides, useColor } from '../../../src/launchers/progress.js';
import { createEtaEstimator } from '../../../src/launchers/eta.js';
import { formatFailedJob, formatSummary } from '../../../src/launchers/summary.js';

function sink() {
  let text = '';
  return { write: (s: string) => { text += s; return true; }, text: () => text };
}

test('not on a TTY: one plain line per event, retries do not count twice', () => {
  const out = sink();
  let t = 0;
  const p = createProgressDisplay({ total: 2, stream: out, tty: false, color: false, now: () => t });
  p.onEvent({ num: 0, status: 'running', attempt: 1, outputDir: '/s/0' });
  t = 1500;
  p.onEvent({ num: 0, status: 'pending', attempt: 2, outputDir: '/s/0', reason: 'retrying after: exit code 1' });
  p.onEvent({ num: 0, status: 'completed', attempt: 2, outputDir: '/s/0' });
  p.onEvent({ num: 1, status: 'failed', attempt: 1, outputDir: '/s/1', reason: 'exit code 3' });
  p.stop();
  assert.equal(out.text(), [
    '[0:00] job 0 running [0/2]',
    '[0:02] job 0 pending (attempt 2): retrying after: exit code 1 [0/2]',
    '[0:02] job 0 completed (attempt 2) [1/2]',
    '[0:02] job 1 failed: exit code 3 [2/2]',
    '',
  ].join('\n'));
  assert.deepEqual(p.counts(), { done: 1, failed: 1, cancelled: 0, running: 0, queued: 0, pruned: 0 });
  assert.doesNotMatch(out.text(), /\x1b/);
});

test('on a TTY: one updating line with counts, elapsed time and ETA, colored unless NO_COLOR', () => {
  const out = sink();
  let t = 0;
  const p = createProgressDisplay({ total: 4, stream: out, tty: true, color: true, now: () => t });
  p.onEvent({ num: 0, status: 'running', attempt: 1, outputDir: '' });
  p.onEvent({ num: 1, status: 'running', attempt: 1, outputDir: '' });
  t = 10_000;
  p.onEvent({ num: 0, status: 'completed', attempt: 1, outputDir: '' });
  p.note('orch: SIGINT received');
  p.stop();
  const lines = out.text().split('\r\x1b[2K').filter(Boolean);
  assert.match(lines.at(-1)!, /^\x1b\[32m1 done\x1b\[0m, 0 failed, 1 running, 2 queued of 4 \| 0:10 ETA 0:30\n$/);
  assert.ok(lines.some((l) => l === 'orch: SIGINT received\n'));
  assert.equal(useColor(true, {}), true);
  assert.equal(useColor(true, { NO_COLOR: '1' }), false);
  assert.equal(useColor(false, {}), false);
  assert.equal(formatDuration(3_725_000), '1:02:05');
});

test('summary: counts, every failed job in one shape, the sweep dir and the resume command', () => {
  const job = { num: 3, outputDir: '/s/3', overrides: ['lr=0.1'], argv: ['python3', 'train.py'] };
  const problem = {
    job, stderrTail: ['Traceback', 'ValueError: bad'],
    record: { status: 'failed' as const, jobNum: 3, attempt: 2, overrides: [], task: 't', argv: [], host: 'h', orchVersion: '', nodeVersion: '', exitCode: 1, reason: 'exit code 1', durationSec: 2.5 },
  };
  assert.equal(formatFailedJob(problem), [
    'Job 3 failed (lr=0.1): exit code 1',
    '  command: python3 train.py',
    '  exit code 1, after 2.5s, attempt 2',
    '  stderr (last lines):',
    '    Traceback',
    '    ValueError: bad',
    '  log: /s/3/stderr.log',
  ].join('\n'));
  const text = formatSummary({ sweepDir: '/s', counts: { completed: 5, failed: 1, timeout: 0, cancelled: 0, pending: 0, running: 0, pruned: 0 }, problems: [problem], failedTotal: 1, warned: 0 });
  assert.match(text, /^Sweep finished: 5 completed, 1 failed\.\n\nJob 3 failed/);
  assert.match(text, /Sweep directory: \/s\nRun the jobs that did not complete again with: orch resume \/s\n$/);
});

test('job lines name the job by its overrides, cut to a readable length', () => {
  const out = sink();
  const p = createProgressDisplay({ total: 2, stream: out, tty: false, color: false, now: () => 0, heartbeatMs: 0 });
  p.onEvent({ num: 0, status: 'running', attempt: 1, outputDir: '/s/0' }, ['model=net5', 'seed=2']);
  p.onEvent({ num: 1, status: 'running', attempt: 1, outputDir: '/s/1' }, [`name=${'x'.repeat(200)}`]);
  p.stop();
  const [first, second] = out.text().split('\n');
  assert.equal(first, '[0:00] job 0 (model=net5 seed=2) running [0/2]');
  assert.match(second!, /^\[0:00\] job 1 \(name=x+…\) running \[0\/2\]$/);
  assert.ok(second!.length < 140);
  assert.equal(formatOverrides([]), '');
});

test('on a TTY a failed job is announced the moment it fails, above the counts line', () => {
  const out = sink();
  const p = createProgressDisplay({ total: 3, stream: out, tty: true, color: false, now: () => 0 });
  p.onEvent({ num: 0, status: 'running', attempt: 1, outputDir: '/s/0' }, ['lr=0.1']);
  p.onEvent({ num: 0, status: 'completed', attempt: 1, outputDir: '/s/0' }, ['lr=0.1']);
  assert.doesNotMatch(out.text(), /job 0/, 'a completed job has no line of its own on a TTY');
  p.onEvent({ num: 1, status: 'failed', attempt: 1, outputDir: '/s/1', reason: 'exit code 3' }, ['lr=10']);
  const shown = out.text().split('\r\x1b[2K').filter(Boolean);
  assert.equal(shown.at(-2), 'job 1 (lr=10) failed: exit code 3 (log: /s/1/stderr.log)\n');
  assert.match(shown.at(-1)!, /^1 done, 1 failed, 0 running, 1 queued of 3/);
  p.stop();
});

test('off a TTY a heartbeat line with the counts follows a quiet minute, and only then', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const out = sink();
  let clock = 0;
  const p = createProgressDisplay({ total: 2, stream: out, tty: false, color: false, now: () => clock, heartbeatMs: 60_000 });
  p.onEvent({ num: 0, status: 'running', attempt: 1, outputDir: '/s/0' });
  for (let s = 1; s <= 59; s++) { clock = s * 1000; t.mock.timers.tick(1000); }
  assert.equal(out.text().split('\n').filter(Boolean).length, 1, 'no heartbeat within the minute');
  clock = 60_000;
  t.mock.timers.tick(1000);
  const lines = out.text().split('\n').filter(Boolean);
  assert.equal(lines.length, 2);
  assert.equal(lines[1], '[1:00] 0 done, 0 failed, 1 running, 1 queued of 2 | 1:00');
  for (let s = 61; s <= 119; s++) { clock = s * 1000; t.mock.timers.tick(1000); }
  assert.equal(out.text().split('\n').filter(Boolean).length, 2, 'the next heartbeat waits another minute');
  p.stop();
});

test('the ETA is smoothed: one slow job does not make it jump, and it counts down between finishes', () => {
  // 20 jobs, one every second, except a slow one: the raw estimate would jump from 0:10 to 0:18.
  const eta = createEtaEstimator(20, 0);
  for (let n = 1; n <= 10; n++) eta.finished(n, n * 1000);
  const before = eta.remainingMs(10_000)!;
  assert.equal(Math.round(before / 1000), 10);
  eta.finished(11, 20_000); // raw: 20/11 s per job × 9 = 16.4 s left
  const after = eta.remainingMs(20_000)!;
  assert.ok(after < 16_000 && after > 2_000, `smoothed, not raw: ${after}`);
  assert.equal(eta.remainingMs(21_000), Math.max(0, after - 1000), 'counts down between finishes');
  eta.finished(20, 30_000);
  assert.equal(eta.remainingMs(30_000), undefined, 'no ETA once all are done');
  assert.equal(createEtaEstimator(3, 0).remainingMs(5), undefined, 'no ETA before the first finish');
});
