/** The CLI a person uses (issue 3), through the real binary on a real config tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

test('a single run composes, writes the job directory with its snapshot, and runs the task', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['hello', 'model=large', 'seed=3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /hello large seed=3/, 'a single run shows the task output');
  const days = readdirSync(join(dir, 'outputs'));
  assert.equal(days.length, 1);
  assert.match(days[0]!, /^\d{4}-\d{2}-\d{2}$/);
  const [time] = readdirSync(join(dir, 'outputs', days[0]!));
  const job = join(dir, 'outputs', days[0]!, time!);
  for (const f of ['config.yaml', 'config.json', 'overrides.yaml', 'orch.yaml', 'run.json']) assert.ok(existsSync(join(job, '.orch', f)), f);
  assert.match(readFileSync(join(job, '.orch', 'config.yaml'), 'utf8'), /greeting: hello large/);
  assert.match(readFileSync(join(job, '.orch', 'overrides.yaml'), 'utf8'), /model=large/);
  const run = JSON.parse(readFileSync(join(job, '.orch', 'run.json'), 'utf8'));
  assert.equal(run.status, 'completed');
  assert.equal(run.exitCode, 0);
  for (const k of ['host', 'pid', 'orchVersion', 'nodeVersion', 'startedAt', 'endedAt']) assert.ok(run[k] !== undefined, k);
  assert.deepEqual(JSON.parse(readFileSync(join(job, 'metrics.json'), 'utf8')), { score: 67, name: 'ok' });
});

test('an existing output directory is never reused', () => {
  const dir = copyFixture('cli/basic');
  assert.equal(orch(dir, ['hello', 'orch.run.dir=outputs/fixed']).code, 0);
  const second = orch(dir, ['hello', 'seed=1', 'orch.run.dir=outputs/fixed']);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs')).sort(), ['fixed', 'fixed_1']);
  assert.equal(JSON.parse(readFileSync(join(dir, 'outputs/fixed/metrics.json'), 'utf8')).score, 8);
  assert.equal(JSON.parse(readFileSync(join(dir, 'outputs/fixed_1/metrics.json'), 'utf8')).score, 9);
});

test('a multirun writes its plan (a line per job, a frozen config tree) before running, in Hydra order', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['shell', 'model=small,large', 'seed=0,1', '-m', 'orch.sweep.dir=outputs/sweep']);
  assert.equal(r.code, 0, r.stderr);
  const header = JSON.parse(readFileSync(join(dir, 'outputs/sweep/.orch/plan.json'), 'utf8'));
  assert.deepEqual([header.complete, header.jobCount, header.task], [true, 4, 'shell']);
  assert.ok(existsSync(join(dir, 'outputs/sweep/.orch/config')), 'the frozen config tree');
  const sweep = { jobs: readFileSync(join(dir, 'outputs/sweep/.orch/jobs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) };
  assert.equal(existsSync(join(dir, 'outputs/sweep/sweep.json')), false);
  assert.deepEqual(sweep.jobs.map((j: { overrides: string[] }) => j.overrides.join(' ')), [
    'model=small seed=0', 'model=small seed=1', 'model=large seed=0', 'model=large seed=1',
  ]);
  assert.deepEqual(sweep.jobs.map((j: { dir: string }) => j.dir), ['0', '1', '2', '3']);
  for (let i = 0; i < 4; i++) assert.deepEqual(JSON.parse(readFileSync(join(dir, 'outputs/sweep', String(i), 'metrics.json'), 'utf8')), { value: i });
  // A sweep job holds no file that says what another says, and no empty log: its overrides are in
  // run.json and the plan, config.yaml would repeat config.json (a single run keeps all five).
  const files = listFiles(join(dir, 'outputs/sweep/0')).map((f) => f.slice(join(dir, 'outputs/sweep/0').length + 1)).sort();
  assert.deepEqual(files, ['.orch/config.json', '.orch/orch.yaml', '.orch/run.json', 'metrics.json', 'stdout.log']);
});

test('--dry-run prints the plan and writes nothing', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['shell', 'seed=0,1,2', '-m', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 job\(s\)/);
  assert.match(r.stdout, /seed=2/);
  assert.equal(existsSync(join(dir, 'outputs')), false);
});

test('--cfg job / --resolve / orch / --info / --help show the composition without running', () => {
  const dir = copyFixture('cli/basic');
  const job = orch(dir, ['hello', 'model=large', '--cfg', 'job']);
  assert.equal(job.code, 0, job.stderr);
  assert.match(job.stdout, /greeting: hello \$\{model.name\}/);
  assert.doesNotMatch(job.stdout, /^orch:/m);
  const resolved = orch(dir, ['hello', 'model=large', '--cfg', 'job', '--resolve']);
  assert.match(resolved.stdout, /greeting: hello large/);
  const orchNode = orch(dir, ['hello', '--cfg', 'orch']);
  assert.match(orchNode.stdout, /^orch:\n/);
  assert.match(orchNode.stdout, /sweep:/);
  const info = orch(dir, ['hello', '--info']);
  assert.match(info.stdout, /Defaults tree:/);
  assert.match(info.stdout, /model\s+small/);
  const help = orch(dir, ['hello', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /model: large, small/);
  assert.match(help.stdout, /training\.epochs = 2/);
  assert.equal(existsSync(join(dir, 'outputs')), false);
  const version = orch(dir, ['--version']);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

const errorCases: Array<{ name: string; args: string[]; mentions: RegExp[] }> = [
  { name: 'YAML syntax error names file, line and column', args: ['broken'], mentions: [/broken\.yaml:\d+:\d+/] },
  { name: 'unknown group option lists the options and suggests the closest', args: ['hello', 'model=lage'], mentions: [/Available options in 'model'/, /large/, /Did you mean large/] },
  { name: 'an override that does not parse shows a caret', args: ['hello', 'seed=[1,2'], mentions: [/seed=\[1,2\n\s+\^/] },
  { name: 'a missing key suggests +key', args: ['hello', 'nope=1'], mentions: [/\+nope=1/] },
  // Lazy resolution keeps an unread `???` as written; strict mode refuses it before running.
  { name: 'a missing mandatory value names its full key (orch.job.strict)', args: ['needs', 'orch.job.strict=true'], mentions: [/model_dir/] },
  { name: 'a sweep without --multirun suggests it', args: ['hello', 'seed=1,2'], mentions: [/--multirun/] },
  { name: 'an unknown task lists the tasks', args: ['helo'], mentions: [/hello/, /shell/] },
  { name: 'an unknown flag', args: ['hello', '--bogus'], mentions: [/bogus/] },
];

for (const c of errorCases) {
  test(`error: ${c.name}`, () => {
    const dir = copyFixture('cli/basic');
    const r = orch(dir, c.args);
    assert.equal(r.code, 2, `exit code 2 expected, got ${r.code}\n${r.stderr}`);
    for (const m of c.mentions) assert.match(r.stderr, m);
    assert.doesNotMatch(r.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace without --debug');
    assert.equal(existsSync(join(dir, 'outputs')), false, 'nothing written to outputs/ when composition fails');
  });
}

test('orch compose prints nothing on stdout when it fails', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['compose', '-c', 'hello', 'model=nope']);
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /nope/);
  const ok = orch(dir, ['compose', '-c', 'hello', '-m', 'seed=0,1']);
  assert.equal(ok.code, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout);
  assert.deepEqual(doc.jobs.map((j: { overrides: string[] }) => j.overrides), [['seed=0'], ['seed=1']]);
  assert.deepEqual(Object.keys(doc.jobs[0]), ['overrides', 'override_dirname', 'config', 'config_unresolved']);
  assert.equal(existsSync(join(dir, 'outputs')), false);
});

test('orch completion prints a bash script that completes groups and options', () => {
  const dir = copyFixture('cli/basic');
  const r = orch(dir, ['completion', 'bash']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /complete -F _orch orch/);
  assert.equal(orch(dir, ['completion', 'fish']).code, 2);
});
