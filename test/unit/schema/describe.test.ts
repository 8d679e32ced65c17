import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/paths.js';
import { configTypeName, taskHelpLines, taskJsonSchema, taskTypeScript } from '../../../src/schema/index.js';
import { repoOf, storeOf, writeTree } from './helpers.js';

const PROJECT = join(FIXTURES, 'schema', 'basic');
const repo = repoOf(join(PROJECT, 'config'));
const ref = { repo, task: 'train', configName: 'train', store: storeOf(repo, PROJECT) };

test('TypeScript: nullable, enums as literals, unions for groups whose options differ, types read from unschema\'d values', () => {
  const ts = taskTypeScript(ref);
  assert.match(ts, /export interface TrainConfig \{/);
  assert.match(ts, /patience: number \| null;/);
  assert.match(ts, /name: "net2" \| "net5";/);
  assert.match(ts, /optimizer:\n    \| \{[^|]*betas: Array<number>;[^|]*\}\n    \| \{[^|]*momentum: number;/);
  assert.match(ts, /dataset: \{\n    name: string;\n    \/\*\* Integer\. \*\/\n    size: number;\n  \};/);
  assert.match(ts, /\/\*\* Hidden layer width\. Integer >= 1\. \*\/\n    width: number;/);
  assert.doesNotMatch(ts, /\[key: string\]/, 'schema\'d objects are closed');
});

test('TypeScript: open objects get an index signature; odd keys are quoted; type names from task names', () => {
  const dir = writeTree({ 'my-task.yaml': 'a-b: 1\nfree: {x: 1}\n', 'my-task.schema.yaml': "properties:\n  a-b: {type: integer}\n  free: {type: object, additionalProperties: true}\n" });
  const r = repoOf(dir);
  const ts = taskTypeScript({ repo: r, task: 'my-task', configName: 'my-task', store: storeOf(r, dir) });
  assert.match(ts, /"a-b": number;/);
  assert.match(ts, /free: Record<string, unknown>;/);
  assert.equal(configTypeName('my-task'), 'MyTaskConfig');
  assert.equal(configTypeName('2d'), 'T2dConfig');
});

test('JSON Schema: closed objects written out, identical options merged, group files may hold a defaults list', () => {
  const job = taskJsonSchema(ref) as { properties: Record<string, any> };
  assert.equal(job.properties.model.additionalProperties, false, 'net2 and net5 share one schema: no anyOf');
  assert.deepEqual(job.properties.training.properties.patience.type, ['integer', 'null']);
  const optimizer = taskJsonSchema(ref, 'optimizer') as { anyOf: Array<{ properties: Record<string, unknown> }> };
  assert.equal(optimizer.anyOf.length, 2);
  assert.ok(optimizer.anyOf.every((v) => 'defaults' in v.properties));
});

test('help lines: options with the default starred, keys with default, type and description', () => {
  const lines = taskHelpLines(ref);
  assert.ok(lines.includes('model=*net2|net5'), lines.join('\n'));
  assert.ok(lines.some((l) => /^  training\.patience = None +integer or null >= 0 +Epochs without improvement/.test(l)), lines.join('\n'));
  assert.ok(lines.includes('dataset=*toy   (no schema: types read from the values)'));
});
