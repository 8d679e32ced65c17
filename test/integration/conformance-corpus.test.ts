/**
 * The conformance corpus the suites read is the repository's own copy (test/fixtures/conformance):
 * it must be whole, a missing or partial copy must fail the suites rather than leave them nothing to
 * check, and scripts/sync-conformance.mjs must refresh it from ../shared and tell when it is stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformanceCases, loadCorpus } from '../helpers/conformance.js';
import { CONFORMANCE_DIR, REPO_ROOT } from '../helpers/paths.js';

const SYNC = join(REPO_ROOT, 'scripts', 'sync-conformance.mjs');

function sync(...args: string[]) {
  const r = spawnSync(process.execPath, [SYNC, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A corpus folder with `n` minimal cases and a manifest listing `listed` of them (all by default). */
function fakeCorpus(n: number, listed = n): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-corpus-'));
  const names = Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')}-case`);
  for (const name of names) {
    mkdirSync(join(dir, 'cases', name, 'config'), { recursive: true });
    writeFileSync(join(dir, 'cases', name, 'case.json'), '{"config_name": null, "overrides": [], "multirun": false}');
    writeFileSync(join(dir, 'cases', name, 'expected.json'), '{"ok": true}');
  }
  writeFileSync(join(dir, 'README.md'), '# corpus\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ cases: names.slice(0, listed) }));
  return dir;
}

test('the repository holds the whole corpus: every case its manifest lists, more than 100', () => {
  const manifest = JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'manifest.json'), 'utf8')) as { cases: string[] };
  const cases = conformanceCases();
  assert.ok(cases.length > 100, `${cases.length} cases`);
  assert.deepEqual(cases.map((c) => c.name), manifest.cases);
  for (const c of cases) assert.ok(existsSync(c.configDir) && Array.isArray(c.input.overrides), c.name);
});

test('a missing, partial or truncated corpus is an error, never zero cases', () => {
  const missing = join(tmpdir(), 'orch-no-corpus-here');
  assert.throws(() => loadCorpus(missing), /conformance corpus missing: no .*manifest\.json/);
  const whole = fakeCorpus(101);
  assert.equal(loadCorpus(whole).length, 101);
  rmSync(join(whole, 'cases', '042-case'), { recursive: true });
  assert.throws(() => loadCorpus(whole), /does not match its manifest: missing \[042-case\]/);
  const unlisted = fakeCorpus(102, 101);
  assert.throws(() => loadCorpus(unlisted), /unlisted \[101-case\]/);
  const truncated = fakeCorpus(5);
  assert.throws(() => loadCorpus(truncated), /manifest lists only 5 cases \(at least 100 expected\)/);
  for (const d of [whole, unlisted, truncated]) rmSync(d, { recursive: true, force: true });
});

test('sync-conformance copies README and cases, writes the manifest, and --check reports a stale copy', () => {
  const shared = fakeCorpus(3);
  rmSync(join(shared, 'manifest.json'));
  const copy = join(mkdtempSync(join(tmpdir(), 'orch-copy-')), 'conformance');
  assert.equal(sync('--from', shared, '--to', copy).code, 0);
  assert.deepEqual(JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')).cases, ['000-case', '001-case', '002-case']);
  assert.equal(readFileSync(join(copy, 'README.md'), 'utf8'), '# corpus\n');
  const same = sync('--check', '--from', shared, '--to', copy);
  assert.equal(same.code, 0, same.out);
  assert.match(same.out, /is the same as .* \(3 cases\)/);

  writeFileSync(join(shared, 'cases', '001-case', 'expected.json'), '{"ok": false}');
  rmSync(join(shared, 'cases', '002-case'), { recursive: true });
  mkdirSync(join(shared, 'cases', '003-new'));
  writeFileSync(join(shared, 'cases', '003-new', 'case.json'), '{}');
  const stale = sync('--check', '--from', shared, '--to', copy);
  assert.equal(stale.code, 1, stale.out);
  assert.match(stale.out, /only in \.\.\/shared \(1\):\n {4}cases\/003-new\/case\.json/);
  assert.match(stale.out, /only in the copy \(2\):\n {4}cases\/002-case\/case\.json\n {4}cases\/002-case\/expected\.json/);
  assert.match(stale.out, /changed \(1\):\n {4}cases\/001-case\/expected\.json/);
  assert.match(stale.out, /Refresh it with: node scripts\/sync-conformance\.mjs/);

  assert.equal(sync('--from', shared, '--to', copy).code, 0);
  assert.equal(sync('--check', '--from', shared, '--to', copy).code, 0);
  assert.equal(existsSync(join(copy, 'cases', '002-case')), false, 'a case gone from ../shared is gone from the copy');
  rmSync(shared, { recursive: true, force: true });
  rmSync(join(copy, '..'), { recursive: true, force: true });
});

test('sync-conformance without ../shared: --check has nothing to compare (exit 0), a sync is an error', () => {
  const nowhere = join(tmpdir(), 'orch-no-shared-here');
  const check = sync('--check', '--from', nowhere);
  assert.equal(check.code, 0);
  assert.match(check.out, /no corpus at .*; nothing to compare the copy with/);
  const copy = sync('--from', nowhere, '--to', join(tmpdir(), 'orch-never-written'));
  assert.equal(copy.code, 2);
  assert.match(copy.out, /no corpus at .* \(expected README\.md and cases\/ there\)/);
  assert.equal(existsSync(join(tmpdir(), 'orch-never-written')), false);
});
