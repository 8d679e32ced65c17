import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// dist/test/unit -> repo root.
const ROOT = resolve(new URL('../../..', import.meta.url).pathname);

// Without the check, node --test discovered files itself and ran the whole suite, fixtures included.
test('a filter that matches no test file is refused, not taken for the whole suite', () => {
  const r = spawnSync(process.execPath, ['test/run-tests.mjs', 'integration/no-such-test-file'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stdout.slice(0, 500));
  assert.match(r.stderr, /no test file under dist\/test matches 'integration\/no-such-test-file'/);
  assert.doesNotMatch(r.stdout, /# Subtest/);
});
