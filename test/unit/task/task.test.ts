import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceFromEnv } from '../../../src/task/context.js';
import { jobArgv, parseModuleJobArgv } from '../../../src/task/job-argv.js';
import { checkMetricsFile, metricsWarnings } from '../../../src/task/metrics.js';
import { listTasks, resolveTask } from '../../../src/task/resolve-task.js';
import { TaskNotFoundError } from '../../../src/task/errors.js';
import { FIXTURES } from '../../helpers/paths.js';

const PROJECT = join(FIXTURES, 'local', 'basic');

test('resolveTask: .ts is a module task, .sh runs with bash, .py with python3', () => {
  assert.deepEqual(resolveTask(PROJECT, 'score'), { kind: 'module', name: 'score', file: join(PROJECT, 'runs', 'score.ts') });
  assert.deepEqual(resolveTask(PROJECT, 'fail'), { kind: 'command', name: 'fail', argv: ['bash', join(PROJECT, 'runs', 'fail.sh')], file: join(PROJECT, 'runs', 'fail.sh') });
  assert.deepEqual(resolveTask(PROJECT, 'env').kind === 'command' && resolveTask(PROJECT, 'env'), { kind: 'command', name: 'env', argv: ['python3', join(PROJECT, 'runs', 'env.py')], file: join(PROJECT, 'runs', 'env.py') });
});

test('resolveTask: orch.task.command wins over files and must be a list of strings', () => {
  assert.deepEqual(resolveTask(PROJECT, 'anything', ['python', 'train.py']), { kind: 'command', name: 'anything', argv: ['python', 'train.py'] });
  assert.throws(() => resolveTask(PROJECT, 'x', 'python train.py'), /orch\.task\.command: expected a non-empty list/);
  assert.throws(() => resolveTask(PROJECT, 'x', []), /non-empty list/);
});

test('resolveTask: a missing task lists the tasks that exist and suggests the closest', () => {
  assert.throws(() => resolveTask(PROJECT, 'scor'), (e: unknown) => {
    assert.ok(e instanceof TaskNotFoundError);
    assert.equal(e.code, 'TASK_NOT_FOUND');
    assert.match(e.message, /Task 'scor' not found/);
    assert.match(e.hint!, /Available tasks: .*count.*score/);
    assert.match(e.hint!, /Did you mean score\?/);
    return true;
  });
  const empty = mkdtempSync(join(tmpdir(), 'orch-task-'));
  assert.throws(() => resolveTask(empty, 'train'), (e: TaskNotFoundError) => /has no task files/.test(e.hint!));
});

test('resolveTask: a task name is a name under runs/, not a path out of it', () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-task-'));
  mkdirSync(join(root, 'project', 'runs', 'exp'), { recursive: true });
  writeFileSync(join(root, 'outside.sh'), 'echo outside\n');
  writeFileSync(join(root, 'project', 'runs', 'exp', 'train.py'), '');
  const project = join(root, 'project');
  for (const bad of ['../../outside', 'exp/../../../outside', join(root, 'outside')]) {
    assert.throws(() => resolveTask(project, bad), (e: unknown) => {
      assert.ok(e instanceof TaskNotFoundError);
      assert.equal(e.code, 'TASK_BAD_NAME');
      assert.match(e.message, /is not a task name: it (has a '\.\.' segment|starts with '\/')/);
      assert.match(e.hint!, /not paths .*Available tasks: exp\/train\./);
      return true;
    }, bad);
  }
  assert.equal(resolveTask(project, 'exp/train').file, join(project, 'runs', 'exp', 'train.py'));
});

test('listTasks finds tasks in subfolders and ignores .d.ts', () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-task-'));
  mkdirSync(join(root, 'runs', 'exp'), { recursive: true });
  writeFileSync(join(root, 'runs', 'a.ts'), '');
  writeFileSync(join(root, 'runs', 'types.d.ts'), '');
  writeFileSync(join(root, 'runs', 'exp', 'b.py'), '');
  assert.deepEqual(listTasks(root), ['a', 'exp/b']);
  assert.equal(resolveTask(root, 'exp/b').kind, 'command');
});

test('jobArgv: command tasks are their own command; module tasks go through _run-job and are recognised', () => {
  const cmd = resolveTask(PROJECT, 'fail');
  assert.deepEqual(jobArgv(cmd, '/out/0'), ['bash', join(PROJECT, 'runs', 'fail.sh')]);
  assert.equal(parseModuleJobArgv(jobArgv(cmd, '/out/0')), undefined);
  const mod = resolveTask(PROJECT, 'score');
  const argv = jobArgv(mod, '/out/0');
  assert.equal(argv[0], process.execPath);
  assert.match(argv[1]!, /dist\/src\/cli\/main\.js$/);
  assert.deepEqual(argv.slice(2), ['_run-job', '/out/0', join(PROJECT, 'runs', 'score.ts')]);
  assert.deepEqual(parseModuleJobArgv(argv), { jobDir: '/out/0', taskFile: join(PROJECT, 'runs', 'score.ts') });
});

test('metricsWarnings: numbers (non-finite too), booleans, strings and nested objects pass; anything else is named', () => {
  assert.deepEqual(metricsWarnings({ loss: NaN, up: Infinity, down: -Infinity, ok: true, name: 'a', nested: { acc: 1, deep: { x: false } } }), []);
  assert.match(metricsWarnings([1])[0]!, /must be an object.*got a list/);
  assert.match(metricsWarnings(3)[0]!, /got number 3/);
  assert.match(metricsWarnings({ loss: [1, 2] })[0]!, /metrics\.json\.loss is a list/);
  assert.match(metricsWarnings({ a: null })[0]!, /metrics\.json\.a is null/);
  assert.deepEqual(metricsWarnings({ a: [1], b: { c: null } }).length, 2, 'every problem, not just the first');
});

test('checkMetricsFile: absent or fine is no warning; bad JSON or shape is a warning naming the place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-task-'));
  assert.deepEqual(await checkMetricsFile(dir), []);
  writeFileSync(join(dir, 'metrics.json'), '{"a": 1, "acc": NaN, "best": -Infinity, "converged": true}');
  assert.deepEqual(await checkMetricsFile(dir), []);
  writeFileSync(join(dir, 'metrics.json'), '{"a": ');
  assert.match((await checkMetricsFile(dir))[0]!, /^metrics\.json:1:7: not valid JSON: expected a value \(at the end\)/);
  writeFileSync(join(dir, 'metrics.json'), '{"a": [1]}');
  assert.match((await checkMetricsFile(dir))[0]!, /metrics\.json\.a is a list/);
});

test('deviceFromEnv: ORCH_DEVICE, then visible CUDA devices, else cpu', () => {
  assert.equal(deviceFromEnv({ ORCH_DEVICE: 'cuda:1', CUDA_VISIBLE_DEVICES: '0' }), 'cuda:1');
  assert.equal(deviceFromEnv({ CUDA_VISIBLE_DEVICES: '3' }), 'cuda:0');
  assert.equal(deviceFromEnv({ CUDA_VISIBLE_DEVICES: '' }), 'cpu');
  assert.equal(deviceFromEnv({ CUDA_VISIBLE_DEVICES: '-1' }), 'cpu');
  assert.equal(deviceFromEnv({}), 'cpu');
});
