/** Shell completion on a typed tree: schema files are not tasks, options or keys; TOML/JSON options complete. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bashCompletion, copyFixture } from '../helpers/cli.js';

test('bash completion skips schema files and completes options in every format', () => {
  const project = copyFixture('schema/basic');
  process.on('exit', () => rmSync(project, { recursive: true, force: true }));
  const complete = bashCompletion(project);
  const tasks = complete('orch ');
  assert.ok(tasks.includes('train') && !tasks.includes('train.schema'), tasks.join(' '));
  assert.deepEqual(complete('orch train model='), ['model=net2', 'model=net5']);
  assert.deepEqual(complete('orch train optimizer='), ['optimizer=adam', 'optimizer=sgd']);
  const keys = complete('orch train ');
  assert.ok(keys.includes('training.epochs='), keys.join(' '));
  assert.ok(!keys.some((k) => k.includes('properties')), keys.join(' '));
});
