import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressDisplay, formatDuration, useColor } from '../../../src/launchers/progress.js';
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
