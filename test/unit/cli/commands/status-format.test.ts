import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatus, type StatusReport } from '../../../../src/cli/commands/status.js';

test('formatStatus lays out a sweep of 200,000 jobs (a spread of one column into Math.max threw RangeError past ~130,000)', () => {
  const n = 200_000;
  const jobs: StatusReport['jobs'] = Array.from({ length: n }, (_, num) => ({
    num, dir: `/s/${num}`, overrides: [`a=${num}`], status: 'completed', attempt: 1, durationSec: 0.5, metric: num % 7 === 0 ? 0.25 : 0.125,
  }));
  const text = formatStatus({ sweepDir: '/s', task: 'noop', metric: 'loss', counts: { completed: n }, jobs });
  const lines = text.split('\n');
  assert.equal(lines.length, n + 3);
  assert.equal(lines[0], `Sweep /s (task noop): ${n} completed`);
  assert.equal(lines[1], 'job     status     attempt  duration  loss   overrides');
  assert.equal(lines[2], '0       completed  1        0.5s      0.25   a=0');
  assert.equal(lines[n + 1], '199999  completed  1        0.5s      0.125  a=199999');
});
