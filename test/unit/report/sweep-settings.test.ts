import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepReportSettings } from '../../../src/report/sweep-settings.js';

test("a sweep's orch.report comes from its first dispatched job; pending jobs are skipped and only a few dirs are tried", async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-sweep-settings-'));
  try {
    const real = join(root, 'job');
    await mkdir(join(real, '.orch'), { recursive: true });
    await writeFile(join(real, '.orch', 'orch.yaml'), 'report:\n  metric: val_loss\n');
    const missing = (n: number, status: string) => Array.from({ length: n }, (_, i) => ({ dir: join(root, `none-${i}`), status }));
    const found = await sweepReportSettings([...missing(100, 'pending'), ...missing(7, 'cancelled'), { dir: real, status: 'completed' }]);
    assert.deepEqual(found?.settings, { metric: 'val_loss' });
    assert.equal(found?.where, join(real, '.orch', 'orch.yaml'));
    assert.equal(await sweepReportSettings([...missing(8, 'cancelled'), { dir: real, status: 'completed' }]), undefined);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
