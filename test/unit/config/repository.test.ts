import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySource } from '../../../src/config/config-source.js';
import { createRepositoryFromSources, createConfigRepository } from '../../../src/config/repository.js';
import { ConfigLoadError } from '../../../src/config/errors.js';
import { toJson } from '../../../src/value/value.js';
import { conformanceCase } from '../../helpers/conformance.js';

test('the first source that has a config wins; options are the sorted union', () => {
  const project = createMemorySource('mem://project', { 'launcher/local': 'name: mine\n', 'launcher/zz': 'name: zz\n' });
  const builtin = createMemorySource('mem://builtin', { 'launcher/local': 'name: builtin\n', 'launcher/slurm': 'name: slurm\n' });
  const repo = createRepositoryFromSources([project, builtin]);
  assert.equal(toJson(repo.loadConfig('launcher/local')!.content), '{"name":"mine"}');
  assert.deepEqual(repo.groupOptions('launcher'), ['local', 'slurm', 'zz']);
  assert.ok(repo.groupExists('launcher'));
  assert.ok(!repo.groupExists('nope'));
  assert.equal(repo.loadConfig('launcher/none'), null);
});

test('the defaults list is taken out of the config and parsed', () => {
  const repo = createRepositoryFromSources([
    createMemorySource('mem://p', { app: 'defaults:\n  - db@src: mysql\n  - optional override /x: ???\n  - base@_here_\n  - _self_\na: 1\n' }),
  ]);
  const loaded = repo.loadConfig('app')!;
  assert.equal(toJson(loaded.content), '{"a":1}');
  assert.deepEqual(loaded.defaults, [
    { kind: 'group', group: 'db', value: 'mysql', pkg: 'src', optional: false, override: false },
    { kind: 'group', group: '/x', value: '???', pkg: null, optional: true, override: true },
    { kind: 'config', path: 'base', pkg: '_here_' },
    { kind: 'config', path: '_self_', pkg: null },
  ]);
});

test('a defaults mapping instead of a list is rejected', () => {
  const repo = createRepositoryFromSources([createMemorySource('mem://p', { app: 'defaults:\n  db: mysql\n' })]);
  assert.throws(() => repo.loadConfig('app'), (e: unknown) => e instanceof ConfigLoadError && /defaults must be a list \(got mapping\)/.test(e.message));
});

test('a config directory lists nested groups and options from files', () => {
  const repo = createConfigRepository({ configDir: conformanceCase('106-groups-option-in-subfolder').configDir });
  assert.deepEqual(repo.groupOptions('db'), ['mysql', 'postgres', 'sqlite']);
  assert.deepEqual(repo.groupOptions('db', 'group'), ['cloud']);
  assert.ok(repo.configExists('db/cloud/aws'));
  assert.ok(repo.configExists('orch/config'), 'built-in configs come after the project directory');
});
