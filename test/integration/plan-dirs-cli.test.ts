/** What a sweep runs and where its results go: each job its own argv, no dir escapes or clashes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

/** Every file under `dir` with its content and mtime, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

/** The plan's lines (one per job) and, for jobs that ran, the command line their run record says they ran. */
const sweepJobs = (sweepDir: string) => readFileSync(join(sweepDir, '.orch', 'jobs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir: string })
  .map((j) => ({ ...j, argv: (JSON.parse(readFileSync(join(sweepDir, j.dir, '.orch', 'run.json'), 'utf8')) as { argv: string[] }).argv }));

test('every job of a sweep runs its own command line, as its run record and orch.yaml say (Python task)', () => {
  const dir = copyFixture('cli/dirs');
  const r = orch(dir, ['argv', 'seed=1,2,3', '-m', 'orch.sweep.dir=outputs/A']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = join(dir, 'outputs/A');
  for (const [num, seed] of [[0, 1], [1, 2], [2, 3]] as const) {
    assert.equal(readFileSync(join(sweep, String(num), 'stdout.log'), 'utf8').trim(), `['--seed=${seed}']`, `job ${num} printed its own argv`);
    assert.equal(sweepJobs(sweep)[num]!.argv.at(-1), `--seed=${seed}`, `recorded argv of job ${num}`);
    assert.match(readFileSync(join(sweep, String(num), '.orch', 'orch.yaml'), 'utf8'), new RegExp(`- --seed=${seed}\\n`));
  }
});

test('a config value in orch.sweep.subdir is one path segment: it cannot reach another sweep or leave the sweep', () => {
  const dir = copyFixture('cli/dirs');
  assert.equal(orch(dir, ['dir', 'name=a,b', '-m', 'orch.sweep.dir=outputs/A']).code, 0);
  const a = join(dir, 'outputs/A');
  const before = snapshot(a);
  const attack = orch(dir, ['dir', 'name="../A/0"', '-m', 'orch.sweep.subdir=${name}', 'orch.sweep.dir=outputs/B']);
  assert.equal(attack.code, 0, attack.stderr);
  assert.deepEqual(snapshot(a), before, "sweep A's files are untouched");
  assert.equal(readFileSync(join(dir, 'outputs/B/.._A_0/result.txt'), 'utf8'), '../A/0');
  assert.equal(sweepJobs(join(dir, 'outputs/B'))[0]!.dir, '.._A_0');
  const status = orch(dir, ['status', a, '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(JSON.parse(status.stdout).counts, { completed: 2 });

  const far = orch(dir, ['dir', 'name="../../../../../elsewhere/x"', '-m', 'orch.sweep.subdir=${name}', 'orch.sweep.dir=outputs/C']);
  assert.equal(far.code, 0, far.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs/C')).sort(), ['.._.._.._.._.._elsewhere_x', '.orch'].sort());
  assert.deepEqual(readdirSync(dir).sort(), ['config', 'outputs'], 'nothing was written outside outputs/');
});

test('a template that leads out of the sweep, or through a symlink, is an error before anything is written', () => {
  const dir = copyFixture('cli/dirs');
  const out = orch(dir, ['dir', 'name=a,b', '-m', 'orch.sweep.subdir=../${name}', 'orch.sweep.dir=outputs/D']);
  assert.equal(out.code, 2, out.stderr);
  assert.match(out.stderr, /orch\.sweep\.subdir is '\.\.\/a' in job 0 \(name=a\): that puts the output dir outside .*outputs\/D/);
  assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(existsSync(join(dir, 'outputs')), false, 'nothing written');

  mkdirSync(join(dir, 'outputs'));
  const elsewhere = copyFixture('cli/dirs');
  symlinkSync(elsewhere, join(dir, 'outputs/link'));
  const link = orch(dir, ['dir', 'name=link', '-m', 'orch.sweep.dir=outputs/${name}/s']);
  assert.equal(link.code, 2, link.stderr);
  assert.match(link.stderr, /orch\.sweep\.dir is 'outputs\/link\/s' in job 0 \(name=link\): that leads through a symlink/);
  assert.deepEqual(readdirSync(elsewhere).sort(), ['config']);
});

test("a run's dir stays under the root of orch.run.dir; a too-long segment is shortened with a hash", () => {
  const dir = copyFixture('cli/dirs');
  const run = orch(dir, ['dir', 'name="../../../x"', 'orch.run.dir=outputs/${name}']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(join(dir, 'outputs/.._.._.._x/result.txt'), 'utf8'), '../../../x');

  const long = 'é'.repeat(200);
  const r = orch(dir, ['dir', `name='${long}',short`, '-m', 'orch.sweep.subdir=${name}', 'orch.sweep.dir=outputs/L']);
  assert.equal(r.code, 0, r.stderr);
  const [shortened] = readdirSync(join(dir, 'outputs/L')).filter((n) => n.startsWith('é'));
  assert.match(shortened!, /^é+-[0-9a-f]{12}$/);
  assert.ok(Buffer.byteLength(shortened!) <= 255);
  assert.equal(readFileSync(join(dir, 'outputs/L', shortened!, 'result.txt'), 'utf8'), long);
});

test('two jobs in one dir, or a sweep-wide setting that differs between jobs, is an error naming both jobs', () => {
  const dir = copyFixture('cli/dirs');
  const same = orch(dir, ['dir', 'name=a,b', '-m', 'orch.sweep.subdir=x', 'orch.sweep.dir=outputs/E']);
  assert.equal(same.code, 2, same.stderr);
  assert.match(same.stderr, /job 1 \(name=b\) and job 0 \(name=a\) get the same dir/);
  const nested = orch(dir, ['dir', 'name=a,a/b', '-m', 'orch.sweep.subdir=${name}', 'orch.sweep.dir=outputs/E']);
  assert.equal(nested.code, 0, `a '/' in a value is no separator: ${nested.stderr}`);
  const launcher = orch(dir, ['dir', 'name=1,2', '-m', 'orch.launcher.n_jobs=${name}', 'orch.sweep.dir=outputs/F']);
  assert.equal(launcher.code, 2, launcher.stderr);
  assert.match(launcher.stderr, /orch\.launcher\.n_jobs is one setting for the whole sweep, but job 1 \(name=2\) has 2 where job 0 \(name=1\) has 1/);
  assert.deepEqual(readdirSync(join(dir, 'outputs')), ['E'], 'the failed plans left nothing behind');
});

test("orch.sweep.dir is resolved once, from the sweep's config without its swept values (Hydra's multirun config)", () => {
  const dir = copyFixture('cli/dirs');
  // `name` is swept: the sweep dir reads the config's own `name: x`, as Hydra's launcher does.
  const r = orch(dir, ['dir', 'name=a,b', '-m', 'orch.sweep.dir=outputs/G/${name}']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs/G')), ['x']);
  assert.deepEqual(readdirSync(join(dir, 'outputs/G/x')).sort(), ['.orch', '0', '1']);
  assert.equal(readFileSync(join(dir, 'outputs/G/x/1/result.txt'), 'utf8'), 'b');
  // A job's own ${orch:sweep.dir} is its own resolution (Hydra: the job's hydra.sweep.dir).
  assert.match(readFileSync(join(dir, 'outputs/G/x/1/.orch/orch.yaml'), 'utf8'), /dir: outputs\/G\/b\n/);
  // A value given once on the command line is in the sweep's config.
  const fixed = orch(dir, ['dir', 'name=c', '-m', 'orch.sweep.dir=outputs/H/${name}']);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs/H')), ['c']);
});

test("a path the config files hold keeps its '/' in the dirs (Hydra's layout); a typed or swept value is one segment", () => {
  const dir = copyFixture('cli/dirs');
  writeFileSync(join(dir, 'config/held.yaml'), 'defaults: [dir, _self_]\nroot: outputs/held\norch:\n  sweep:\n    dir: ${root}/sweep\n    subdir: ${name}\n');
  const held = orch(dir, ['held', '-m', 'name=a,b/c']);
  assert.equal(held.code, 0, held.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs/held/sweep')).sort(), ['.orch', 'a', 'b_c'], 'the swept b/c is one segment');
  const typed = orch(dir, ['held', '-m', 'name=a', 'root=outputs/typed']);
  assert.equal(typed.code, 0, typed.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs_typed/sweep')).sort(), ['.orch', 'a'], 'a typed root is one segment');
  const run = orch(dir, ['held', 'name=../../x', 'orch.run.dir=${root}/${name}']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(join(dir, 'outputs/held/.._.._x/result.txt'), 'utf8'), '../../x');
});
