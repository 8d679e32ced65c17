/**
 * Sweeps larger than the process's file-descriptor limit: open files are bounded by n_jobs, never
 * by the number of jobs, for running a sweep and for the commands that read every job (status, resume).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, type CliResult } from '../helpers/cli.js';
import { ORCH_BIN } from '../helpers/paths.js';

/** The real binary under `ulimit -n <limit>` (the soft limit, as a user's shell sets it). */
function orchLimited(cwd: string, limit: number, args: string[]): CliResult {
  const r = spawnSync('bash', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, ORCH_BIN, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const N = 1500;

test(`a sweep of ${N} jobs runs to the end under ulimit -n 256; status and resume under ulimit -n 96 see every job completed`, () => {
  const dir = copyFixture('cli/io');
  const sweep = join(dir, 'outputs/big');
  const r = orchLimited(dir, 256, ['noop', `a=range(${N})`, '-m', 'orch.sweep.dir=outputs/big', 'orch.launcher.n_jobs=2']);
  const tail = r.stderr.split('\n').filter((l) => !l.startsWith('[')).join('\n');
  assert.equal(r.code, 0, tail);
  assert.doesNotMatch(tail, /EMFILE|\n\s+at /);
  assert.match(r.stderr, new RegExp(`Sweep finished: ${N} completed, 0 failed`));
  const statuses = Array.from({ length: N }, (_, i) => JSON.parse(readFileSync(join(sweep, String(i), '.orch/run.json'), 'utf8')).status as string);
  assert.deepEqual(statuses.filter((s) => s !== 'completed'), []);

  // Reading every job's record at once used to fail with EMFILE, silently, and the job passed for
  // one that never ran: status showed it pending, and resume ran completed jobs again.
  // 96, not 64: start-up opens the bundle's lazily imported chunks at once (resume loads ~70 of 95),
  // a fixed cost; what this guards is reading 1,500 jobs' records within the limit.
  const st = orchLimited(dir, 96, ['status', 'outputs/big', '--json']);
  assert.equal(st.code, 0, st.stderr);
  assert.deepEqual(JSON.parse(st.stdout).counts, { completed: N });
  const rs = orchLimited(dir, 96, ['resume', 'outputs/big']);
  assert.equal(rs.code, 0, rs.stderr);
  assert.match(rs.stdout + rs.stderr, new RegExp(`Nothing to resume .*all ${N} jobs completed`));
  rmSync(dir, { recursive: true, force: true });
});

test('planning opens a few files whatever the sweep size: 200 jobs plan and run under ulimit -n 64', () => {
  // (Writing every job's snapshot up front used to run out of descriptors here.) The limit leaves
  // room for start-up: Node's module loader reads the bundle's lazily imported chunks (about 40 for
  // a sweep) at the same time, a fixed cost that 48 already covered when this was measured.
  const dir = copyFixture('cli/io');
  const r = orchLimited(dir, 64, ['noop', 'a=range(200)', '-m', 'orch.sweep.dir=outputs/low']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Sweep finished: 200 completed, 0 failed/);
  assert.doesNotMatch(r.stderr, /EMFILE|\n\s+at |internal error/);
  rmSync(dir, { recursive: true, force: true });
});

test('a run record that cannot be read is an error naming it, never a job that passes for not run', () => {
  const dir = copyFixture('cli/io');
  const r = orchLimited(dir, 1024, ['noop', 'a=range(3)', '-m', 'orch.sweep.dir=outputs/u']);
  assert.equal(r.code, 0, r.stderr);
  const record = join(dir, 'outputs/u/1/.orch/run.json');
  rmSync(record);
  mkdirSync(record); // reading it fails with EISDIR, as an unreadable file fails with EACCES
  // The journal's finished event carries what status shows: the record is not read, the job is what the journal says.
  const told = orchLimited(dir, 1024, ['status', 'outputs/u']);
  assert.equal(told.code, 0, told.stderr);
  assert.match(told.stdout, /3 completed/);
  // A journal of an earlier orch (no facts) sends status to the record, whose read error is named.
  const journal = join(dir, 'outputs/u/.orch/journal.jsonl');
  writeFileSync(journal, readFileSync(journal, 'utf8').replace(/,"metrics":\{.*?\},"warnings":\d+\}$/gm, '}'));
  const res = orchLimited(dir, 1024, ['status', 'outputs/u']);
  assert.equal(res.code, 2, `orch status: ${res.stdout}${res.stderr}`);
  assert.match(res.stderr, /^Error: .*outputs\/u\/1\/\.orch\/run\.json: cannot be read: EISDIR/m);
  assert.doesNotMatch(res.stderr, /\n\s+at /);
  // resume trusts the journal, which says job 1 completed: it neither reads the record nor runs the job again.
  const again = orchLimited(dir, 1024, ['resume', 'outputs/u']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout + again.stderr, /all 3 jobs completed/);
  rmSync(dir, { recursive: true, force: true });
});
