/**
 * Zipped dimensions through the real CLI (issue 14): `dim=zip(a=choice(...), b=choice(...))` is one
 * dimension of a grid (members advance together) and one categorical of a search.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';

const ZIP = 'mo=zip(model=choice(small,large), +extra=choice(a,b))';
const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const jobDirs = (dir: string): string[] => readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b));

test('zip: compose -m and --dry-run list 2 x 3 jobs whose members advance together', () => {
  const dir = copyFixture('cli/basic');
  const c = orch(dir, ['compose', '-c', 'hello', '-m', ZIP, 'seed=1,2,3']);
  assert.equal(c.code, 0, c.stderr);
  const jobs = JSON.parse(c.stdout).jobs;
  assert.deepEqual(jobs.map((j: any) => j.overrides.join(' ')), [
    'model=small +extra=a seed=1', 'model=small +extra=a seed=2', 'model=small +extra=a seed=3',
    'model=large +extra=b seed=1', 'model=large +extra=b seed=2', 'model=large +extra=b seed=3',
  ]);
  assert.deepEqual(jobs.map((j: any) => [j.config.model.name, j.config.extra]).slice(2, 4), [['small', 'a'], ['large', 'b']]);
  assert.equal(jobs[3].override_dirname, '+extra=b,model=large,seed=1');
  const d = orch(dir, ['hello', '-m', ZIP, 'seed=1,2,3', '--dry-run']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout + d.stderr, /6 job\(s\)/);
  assert.match(d.stdout, /^5\t.*\tmodel=large \+extra=b seed=3$/m);
});

test('zip: a real run gives each job its members; override_dirname lists them', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['hello', '-m', ZIP, 'seed=1,2']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = /Sweep directory: (\S+)/.exec(r.stdout + r.stderr)![1]!;
  const dirs = jobDirs(sweep);
  assert.deepEqual(dirs.map((j) => json(join(sweep, j, '.orch', 'run.json')).overrides.join(' ')),
    ['model=small +extra=a seed=1', 'model=small +extra=a seed=2', 'model=large +extra=b seed=1', 'model=large +extra=b seed=2']);
  assert.match(readFileSync(join(sweep, '3', '.orch', 'orch.yaml'), 'utf8'), /override_dirname: \+extra=b,model=large,seed=2/);
  assert.equal(json(join(sweep, '3', 'metrics.json')).score, 64 + 2, 'job 3 ran with model=large');
});

test('zip: unequal lengths, a zip without -m and a malformed zip exit 2 with a message, no stack', () => {
  const dir = copyFixture('cli/basic');
  const bad = orch(dir, ['hello', '-m', 'mo=zip(model=choice(small,large), +extra=choice(a,b,c))']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /zip 'mo' .*member 'model' has 2 values but '\+extra' has 3/);
  const single = orch(dir, ['hello', ZIP]);
  assert.equal(single.code, 2);
  assert.match(single.stderr, /requires --multirun/);
  const parse = orch(dir, ['hello', '-m', 'mo=zip(model=small)']);
  assert.equal(parse.code, 2);
  assert.match(parse.stderr, /member 'model=small' must be a choice\(\.\.\.\) or range\(\.\.\.\) sweep/);
  for (const r of [bad, single, parse]) assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('zip in a search: one categorical over the tuples, each trial runs one tuple (Python task)', () => {
  const dir = copyFixture('cli/search');
  const r = orch(dir, ['quad', '-m', '+sweeper=random', 'orch.sweeper.n_trials=6', 'orch.sweeper.metric=loss', 'orch.sweeper.seed=3',
    'xy=zip(x=choice(0.5,2.0,-1.0), y=choice(0.0,1.0,2.0))']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = /search of up to \d+ trial\(s\) in (\S+)/.exec(r.stderr)![1]!;
  const tuples = new Map([['x=0.5 y=0.0', 0], ['x=2.0 y=1.0', 3.25], ['x=-1.0 y=2.0', 4.25]]);
  for (const j of jobDirs(sweep)) {
    const overrides = json(join(sweep, j, '.orch', 'run.json')).overrides.join(' ');
    assert.ok(tuples.has(overrides), `job ${j} runs a tuple of the zip: ${overrides}`);
    assert.equal(json(join(sweep, j, 'metrics.json')).loss, tuples.get(overrides));
  }
  const trials = readFileSync(join(sweep, '.orch', 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.ev === 'trial');
  assert.equal(trials.length, 6);
  for (const t of trials) assert.ok(['x=0.5,y=0.0', 'x=2.0,y=1.0', 'x=-1.0,y=2.0'].includes(t.params.xy), JSON.stringify(t.params));
});
