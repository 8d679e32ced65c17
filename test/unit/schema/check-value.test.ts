import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlConfig } from '../../../src/config/yaml-loader.js';
import { Float, type CfgValue } from '../../../src/value/value.js';
import { checkValue, parseSchema } from '../../../src/schema/index.js';

const schemaOf = (yaml: string) => parseSchema(parseYamlConfig(yaml, 's.yaml').content, 's.yaml');
const single = (propYaml: string, value: CfgValue) => {
  const schema = schemaOf(`properties:\n  k: ${propYaml}\n`);
  return checkValue(new Map([['k', value]]), schema).map((m) => `${m.kind} ${m.path}: ${m.expected}${m.got === undefined ? '' : ` / ${m.got}`}`);
};

const cases: Array<[name: string, schema: string, value: CfgValue, expected: string[]]> = [
  ['int ok', '{type: integer}', 5, []],
  ['string is not an int (no coercion)', '{type: integer}', 'ten', ["value k: integer / 'ten'"]],
  ['float 5.0 is not an int', '{type: integer}', new Float(5), ['value k: integer / 5.0']],
  ['bool is not an int', '{type: integer}', true, ['value k: integer / True']],
  ['int is a number (OmegaConf widens it)', '{type: number}', 3, []],
  ['int is not a string', '{type: string}', 5, ['value k: string / 5']],
  ['nullable accepts null', "{type: [integer, 'null']}", null, []],
  ['not nullable rejects null', '{type: integer}', null, ['value k: integer / None']],
  ['minimum', '{type: integer, minimum: 1}', 0, ['value k: integer >= 1 / 0']],
  ['exclusive range', '{type: number, exclusiveMinimum: 0, maximum: 1}', 0, ['value k: number (int or float) in (0, 1] / 0']],
  ['enum', '{enum: [adam, sgd]}', 'adamw', ["value k: one of: 'adam', 'sgd' / 'adamw'"]],
  ['pattern', "{type: string, pattern: '^[a-z]+$'}", 'A1', ["value k: a string matching /^[a-z]+$/ / 'A1'"]],
  ['list items, every bad one', '{type: array, items: {type: integer}}', [1, 'x', 2.5], ["value k[1]: integer / 'x'", 'value k[2]: integer / 2.5']],
  ['list length', '{type: array, minItems: 2}', [1], ['value k: a list of at least 2 items / [1]']],
  ['missing marker is left to the missing check', '{type: integer}', '???', []],
  ['nested object: unknown key with a guess', '{type: object, properties: {lr: {type: number}}}', new Map<string, CfgValue>([['lrr', 1]]), [
    "unknown k.lrr: one of the declared keys lr (Did you mean lr?) / 1",
  ]],
  ['open object', '{type: object, properties: {lr: {type: number}}, additionalProperties: true}', new Map<string, CfgValue>([['x', 1]]), []],
  ['typed extra keys', '{type: object, additionalProperties: {type: integer}}', new Map<string, CfgValue>([['x', 'a']]), ["value k.x: integer / 'a'"]],
  ['any type', '{description: anything}', new Map(), []],
];

for (const [name, schema, value, expected] of cases) {
  test(`checkValue: ${name}`, () => assert.deepEqual(single(schema, value), expected));
}

test('checkValue: required keys are reported as missing', () => {
  const schema = schemaOf('properties:\n  a: {type: integer}\n  b: {type: integer}\nrequired: [a, b]\n');
  assert.deepEqual(checkValue(new Map([['a', 1]]), schema).map((m) => `${m.kind} ${m.path}`), ['missing b']);
});

test('checkValue: exempt keys (nested groups) are not unknown', () => {
  const schema = schemaOf('properties:\n  a: {type: integer}\n');
  const value = new Map<string, CfgValue>([['a', 1], ['encoder', new Map()]]);
  assert.equal(checkValue(value, schema).length, 1);
  assert.equal(checkValue(value, schema, { exemptKeys: () => ['encoder'] }).length, 0);
});
