import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/paths.js';
import { SchemaDefinitionError, SchemaValidationError, validateJobs, assertJobsValid } from '../../../src/schema/index.js';
import { jobsOf, repoOf, storeOf, writeTree } from './helpers.js';

const PROJECT = join(FIXTURES, 'schema', 'basic');
const repo = repoOf(join(PROJECT, 'config'));
const store = storeOf(repo, PROJECT);
const check = (overrides: string[], multirun = false) => validateJobs(repo, jobsOf(repo, 'train', overrides, multirun), { store });
const lines = (overrides: string[], multirun = false) => check(overrides, multirun).map((v) => `${v.job} ${v.kind} ${v.key}: ${v.expected} / ${v.got} / ${v.source}`);

test('the default job and a valid sweep have no violations', () => {
  assert.deepEqual(check([]), []);
  assert.deepEqual(check(['model=net2,net5', 'optimizer=adam,sgd', 'training.epochs=1,10'], true), []);
});

test('a wrong type from the command line names key, expected type and the override', () => {
  assert.deepEqual(lines(['training.epochs=ten']), ["0 value training.epochs: integer / 'ten' / override 'training.epochs=ten'"]);
});

test('values are not coerced: 5 is not a string, 2.0 is not an int; 5 is an int as Hydra types it', () => {
  assert.deepEqual(lines(['training.run_name=5', 'training.batch_size=2.0']), [
    "0 value training.batch_size: integer / 2.0 / override 'training.batch_size=2.0'",
    "0 value training.run_name: string / 5 / override 'training.run_name=5'",
  ]);
  assert.deepEqual(lines(['training.epochs=5']), []);
});

test('a value from a file names the file and line; TOML and JSON options too', () => {
  const dir = writeTree({
    'train.yaml': 'defaults:\n  - model: net5\n  - _self_\nseed: -1\n',
    'train.schema.yaml': 'properties:\n  seed: {type: integer, minimum: 0}\n',
    'model/_schema.yaml': 'properties:\n  width: {type: integer, minimum: 1}\n',
    'model/net5.toml': '# wide\nwidth = 0\n',
  });
  const r = repoOf(dir);
  const got = validateJobs(r, jobsOf(r, 'train', []), { store: storeOf(r, dir) }).map((v) => `${v.key} <- ${v.source} [${v.schemaFile}]`);
  assert.deepEqual(got, ['model.width <- model/net5.toml:2 [model/_schema.yaml]', 'seed <- train.yaml:4 [train.schema.yaml]']);
});

test('unknown keys are errors in a schema\'d node, with a guess; nested groups are not unknown', () => {
  assert.deepEqual(lines(['+training.epocs=3']), [
    "0 unknown training.epocs: one of the declared keys epochs, batch_size, schedule, tags, run_name, patience (Did you mean epochs?) / 3 / override '+training.epocs=3'",
  ]);
  const dir = writeTree({
    'train.yaml': 'defaults:\n  - model: net2\n  - model/encoder: small\n',
    'model/_schema.yaml': 'properties:\n  width: {type: integer}\n',
    'model/net2.yaml': 'width: 3\n',
    'model/encoder/small.yaml': 'depth: 2\n',
  });
  const r = repoOf(dir);
  assert.deepEqual(validateJobs(r, jobsOf(r, 'train', []), { store: storeOf(r, dir) }), []);
});

test('option schemas add keys to the group schema; each job gets the schema of its own option', () => {
  assert.deepEqual(lines(['optimizer=sgd', 'optimizer.momentum=1.5']), ["0 value optimizer.momentum: number (int or float) in [0, 1] / 1.5 / override 'optimizer.momentum=1.5'"]);
  assert.deepEqual(lines(['+optimizer.momentum=0.5']).map((l) => l.split(':')[0]), ['0 unknown optimizer.momentum']);
});

test('all violations of all jobs of a sweep are reported at once', () => {
  const got = check(['training.batch_size=0,8', 'model.width=-1,4'], true);
  assert.deepEqual(got.map((v) => `${v.job}:${v.key}`), ['0:model.width', '0:training.batch_size', '1:training.batch_size', '2:model.width']);
  const err = new SchemaValidationError({ violations: got, jobCount: 4 });
  assert.equal(err.code, 'SCHEMA_VIOLATION');
  assert.match(err.message, /^Config does not match its schema \(4 problems in 3 of 4 jobs\):\n  job 0 \(training\.batch_size=0 model\.width=-1\):\n    model\.width: expected integer >= 1, got -1 \(from override 'model\.width=-1'\) \[schema: config\/model\/_schema\.yaml\]/);
});

test('assertJobsValid throws SchemaValidationError and passes valid jobs', () => {
  assert.throws(() => assertJobsValid(repo, jobsOf(repo, 'train', ['training.epochs=ten']), { store }), SchemaValidationError);
  assertJobsValid(repo, jobsOf(repo, 'train', []), { store });
});

test('a tree without schemas validates to nothing', () => {
  const dir = writeTree({ 'train.yaml': 'defaults:\n  - model: a\nx: 1\n', 'model/a.yaml': 'w: 1\n' });
  const r = repoOf(dir);
  assert.deepEqual(validateJobs(r, jobsOf(r, 'train', ['+model.z=1'])), []);
});

test('bad schemas: invalid file, a key no config has', () => {
  const badFile = writeTree({ 'train.yaml': 'defaults:\n  - model: a\n', 'model/a.yaml': 'w: 1\n', 'model/_schema.yaml': 'properties:\n  w: {type: int}\n' });
  const r1 = repoOf(badFile);
  assert.throws(() => validateJobs(r1, jobsOf(r1, 'train', []), { store: storeOf(r1, badFile) }), /^SchemaDefinitionError: model\/_schema\.yaml:2: invalid schema at 'properties\.w\.type': unknown type 'int'/);
  const orphan = writeTree({
    'train.yaml': 'defaults:\n  - model: a\n', 'model/a.yaml': 'w: 1\nnested: {x: 1}\n', 'model/b.yaml': 'w: 2\nnested: {x: 2}\n',
    'model/_schema.yaml': 'properties:\n  w: {type: integer}\n  nested:\n    type: object\n    properties:\n      x: {type: integer}\n      y: {type: integer}\n',
  });
  const r2 = repoOf(orphan);
  assert.throws(() => validateJobs(r2, jobsOf(r2, 'train', []), { store: storeOf(r2, orphan) }), (err: unknown) => {
    assert.ok(err instanceof SchemaDefinitionError);
    assert.match(err.message, /^model\/_schema\.yaml:7: invalid schema at 'properties\.nested\.properties\.y': key 'nested\.y' is not in any config of its group \(model\/a, model\/b\)/);
    return true;
  });
});
