import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';

/**
 * Issue 13's RSS bound, tested structurally: the size V8 gives its young generation must not grow
 * with the sweep. A preload records the new space's size when orch exits; without the heap limits
 * V8 grows it from 2 MB to 32 MB while a few hundred jobs are composed and run.
 */
test('a sweep run by the real binary keeps V8\'s young generation at its initial size', () => {
  const project = mkdtempSync(join(tmpdir(), 'orch-heap-limits-'));
  mkdirSync(join(project, 'config'));
  writeFileSync(join(project, 'config', 'noop.yaml'), 'a: 0\nb: 0\norch:\n  task:\n    command: ["true"]\n');
  const out = join(project, 'new-space.json');
  const preload = join(project, 'new-space.cjs');
  writeFileSync(preload, `process.on('exit', () => {
    const v8 = require('node:v8');
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ size: space.space_size }));
  });\n`);
  const r = orch(project, ['noop', 'a=range(30)', 'b=range(20)', '-m', 'orch.launcher.n_jobs=2'], { NODE_OPTIONS: `--require ${preload}` });
  assert.equal(r.code, 0, r.stderr);
  const { size } = JSON.parse(readFileSync(out, 'utf8')) as { size: number };
  assert.ok(size <= 4 * 1024 * 1024, `new space grew to ${(size / 2 ** 20).toFixed(1)} MB`);
});
