import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPruneWatch } from '../../../../src/run/pruning/prune-watch.js';
import type { PruneReport } from '../../../../src/run/pruning/types.js';

test('prune watch: a job that ended without being seen running (a polled launcher) still tells the decider its history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-prune-watch-'));
  try {
    writeFileSync(join(dir, 'history.jsonl'), '{"step":0,"loss":0.5}\n{"step":1,"loss":0.25}\n');
    const told: Array<{ num: number; status: string; late: readonly PruneReport[] }> = [];
    const watch = createPruneWatch({
      pruning: { decide: () => 'continue', ended: (num, status, late) => told.push({ num, status, late }) },
      stopJob: async () => {},
    });
    watch.ended(0, 'completed', dir);
    watch.close();
    assert.deepEqual(told.map((t) => [t.num, t.status, t.late.map((r) => r.step)]), [[0, 'completed', [0, 1]]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
