import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlConfig } from '../../../src/config/yaml-loader.js';
import { resolvePlainScalar } from '../../../src/config/yaml-scalars.js';
import { YamlSyntaxError, ConfigLoadError } from '../../../src/config/errors.js';
import { Float, toJson } from '../../../src/value/value.js';

const scalars: Array<[string, unknown]> = [
  ['yes', true], ['Off', false], ['y', 'y'], ['n', 'n'], ['TRUE', true], ['null', null], ['~', null], ['', null],
  ['0x10', 16], ['010', 8], ['09', '09'], ['1_000', 1000], ['-0', 0], ['0b101', 5], ['1:30', 90],
  ['1.5', 1.5], ['2024-01-01', '2024-01-01'], ['1.0.0', '1.0.0'], ['0o17', '0o17'],
];

for (const [text, want] of scalars) {
  test(`plain scalar '${text}' reads as PyYAML 1.1 does`, () => {
    assert.deepEqual(resolvePlainScalar(text), want);
  });
}

test('integral and exponent floats are Floats (1e3 is 1000.0, as OmegaConf reads it)', () => {
  for (const [text, n] of [['1e3', 1000], ['1.0', 1], ['-.inf', -Infinity], ['1.', 1]] as const) {
    const v = resolvePlainScalar(text);
    assert.ok(v instanceof Float, text);
    assert.equal(v.value, n);
  }
  const nan = resolvePlainScalar('.NaN');
  assert.ok(nan instanceof Float && Number.isNaN(nan.value));
});

test('mappings keep file order, non-string keys are stored as JSON writes them', () => {
  const { content } = parseYamlConfig('z: 1\n80: http\n0.5: half\ntrue: t\na: [1, "2"]\n', 'f.yaml');
  assert.equal(toJson(content), '{"z":1,"80":"http","0.5":"half","true":"t","a":[1,"2"]}');
});

test('quoted and tagged scalars stay strings', () => {
  const { content } = parseYamlConfig("a: 'yes'\nb: \"10\"\nc: !!str 3\nd: !!float 3\n", 'f.yaml');
  assert.equal(toJson(content), '{"a":"yes","b":"10","c":"3","d":3.0}');
});

test('anchors, aliases and merge keys', () => {
  const { content } = parseYamlConfig('base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n', 'f.yaml');
  assert.equal(toJson(content), '{"base":{"x":1,"y":2},"use":{"x":1,"y":3}}');
});

test('the package header is read from the leading comment lines only', () => {
  assert.equal(parseYamlConfig('# @package _global_\na: 1\n', 'f.yaml').packageHeader, '_global_');
  assert.equal(parseYamlConfig('\n#   @package db.x\n', 'f.yaml').packageHeader, 'db.x');
  assert.equal(parseYamlConfig('# a comment\n# @package x\na: 1\n', 'f.yaml').packageHeader, null);
  assert.equal(parseYamlConfig('a: 1\n# @package x\n', 'f.yaml').packageHeader, null);
});

test('an empty file is an empty config', () => {
  assert.equal(toJson(parseYamlConfig('# nothing\n', 'f.yaml').content), '{}');
});

test('syntax errors name file, line and column', () => {
  assert.throws(
    () => parseYamlConfig('driver: mysql\n  host: bad indent\n', 'db/mysql.yaml'),
    (e: unknown) => e instanceof YamlSyntaxError && e.file === 'db/mysql.yaml' && e.line >= 1 && /^db\/mysql\.yaml:\d+:\d+: /.test(e.message),
  );
});

test('duplicate string keys are an error that names the key and its line', () => {
  assert.throws(
    () => parseYamlConfig('alpha: 1\nbeta: 2\nalpha: 3\n', 'app.yaml'),
    (e: unknown) => e instanceof YamlSyntaxError && e.line === 3 && e.column === 1 && e.message.includes("'alpha'"),
  );
});

test('a null key is rejected', () => {
  assert.throws(() => parseYamlConfig('null: x\n', 'app.yaml'), (e: unknown) => e instanceof YamlSyntaxError && /key is null/.test(e.message));
});

test('a scalar document is not a config', () => {
  assert.throws(() => parseYamlConfig('hello\n', 'app.yaml'), ConfigLoadError);
});
