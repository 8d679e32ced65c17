/** The example's typed config (issue 8): runs/train.config.d.ts is what `orch types train` generates now. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

test('the committed runs/train.config.d.ts matches the config tree and its schemas', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'orch-types-')), 'train.config.d.ts');
  const r = orch(REPO_ROOT, ['types', 'train', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(REPO_ROOT, 'runs', 'train.config.d.ts'), 'utf8'),
    'stale: run `orch types train` after changing config/ or its schemas');
});
