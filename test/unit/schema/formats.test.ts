import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTomlConfig } from '../../../src/config/toml-loader.js';
import { parseJsonConfig } from '../../../src/config/json-loader.js';
import { composeConfig, jobConfigOf, YamlSyntaxError, ConfigLoadError } from '../../../src/config/index.js';
import { Float, toJson } from '../../../src/value/value.js';
import { repoOf, writeTree, jobsOf } from './helpers.js';

test('TOML: ints and floats stay apart, tables are dicts, the @package header is read', () => {
  const parsed = parseTomlConfig('# @package _global_\n# a comment\nepochs = 5\nlr = 1.0\nrate = 0.5\nname = "x"\n[schedule]\nname = "cosine"\n', 'a.toml');
  assert.equal(parsed.packageHeader, '_global_');
  assert.equal(toJson(parsed.content), '{"epochs":5,"lr":1.0,"rate":0.5,"name":"x","schedule":{"name":"cosine"}}');
  assert.ok((parsed.content as Map<string, unknown>).get('lr') instanceof Float);
});

test('TOML: a syntax error names file, line and column', () => {
  assert.throws(() => parseTomlConfig('a = 1\nb = = 2\n', 'config/x.toml'), (err: unknown) => {
    assert.ok(err instanceof YamlSyntaxError);
    assert.match(err.message, /^config\/x\.toml:2:5: invalid TOML: invalid value/);
    return true;
  });
});

test('JSON: key order kept, 2.0 is a float, "@package" is the header, errors have a line', () => {
  const parsed = parseJsonConfig('{"@package": "db", "2": 1, "a": 2.0}', 'a.json');
  assert.equal(parsed.packageHeader, 'db');
  assert.equal(toJson(parsed.content), '{"2":1,"a":2.0}');
  assert.throws(() => parseJsonConfig('{\n  "a": 1,\n  "b" 2\n}', 'config/x.json'), /^YamlSyntaxError: config\/x\.json:3:\d+: invalid JSON: expected ':'/);
  assert.throws(() => parseJsonConfig('5', 'x.json'), ConfigLoadError);
});

test('mixed formats compose with the same semantics: defaults lists, packages, interpolation', () => {
  const dir = writeTree({
    'train.toml': 'defaults = [{ model = "net2" }, { optimizer = "sgd" }, "_self_"]\nseed = 3\nlabel = "${model.name}-${optimizer.name}"\n',
    'model/net2.yaml': 'name: net2\nwidth: 128\n',
    'model/net5.toml': 'name = "net5"\nwidth = 256\n',
    'optimizer/sgd.json': '{"name": "sgd", "lr": 0.05}',
    'extras/global.toml': '# @package _global_\nextra = true\n',
  });
  const repo = repoOf(dir);
  assert.deepEqual(repo.groupOptions('model'), ['net2', 'net5']);
  const [job] = jobsOf(repo, 'train', ['model=net5']);
  assert.equal(toJson(job!.config), '{"model":{"name":"net5","width":256},"optimizer":{"name":"sgd","lr":0.05},"seed":3,"label":"net5-sgd"}');
  const composed = composeConfig(repo, { configName: 'train', overrides: [], mode: 'run' });
  assert.equal(toJson(jobConfigOf(composed.config).get('model')!), '{"name":"net2","width":128}');
  const [global] = jobsOf(repo, 'train', ['+extras=global']);
  assert.equal(global!.config.get('extra'), true);
});

test('two files for one option in different formats is an error naming both', () => {
  const dir = writeTree({ 'train.yaml': 'defaults:\n  - model: net2\n', 'model/net2.yaml': 'a: 1\n', 'model/net2.toml': 'a = 1\n' });
  assert.throws(() => jobsOf(repoOf(dir), 'train', []), (err: unknown) => {
    assert.ok(err instanceof ConfigLoadError);
    assert.match(err.message, /Config 'model\/net2' exists in 2 formats: .*model\/net2\.yaml and .*model\/net2\.toml; keep one of them/);
    return true;
  });
});

test('schema files are not options of their group', () => {
  const dir = writeTree({ 'model/_schema.yaml': 'properties: {}\n', 'model/net2.yaml': 'a: 1\n', 'model/net2.schema.yaml': 'properties: {}\n' });
  const repo = repoOf(dir);
  assert.deepEqual(repo.groupOptions('model'), ['net2']);
  assert.equal(repo.configExists('model/_schema'), false);
  assert.equal(repo.configExists('model/net2.schema'), false);
});
