import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseYamlConfig } from '../../../src/config/yaml-loader.js';
import { mergeSchemas, parseSchema, SchemaDefinitionError } from '../../../src/schema/index.js';
import { writeTree } from './helpers.js';

/** Parses schema text from a real file so that messages carry its line. */
function parseFile(text: string) {
  const dir = writeTree({ 's.yaml': text });
  const file = join(dir, 's.yaml');
  return parseSchema(parseYamlConfig(text, file).content, file);
}

const bad: Array<[name: string, text: string, message: RegExp]> = [
  ['unknown keyword, with a guess', 'properties:\n  lr:\n    type: number\n    descripton: x\n', /s\.yaml:4: invalid schema at 'properties\.lr\.descripton': unknown keyword 'descripton' \(Did you mean description\?\)/],
  ['type names are JSON Schema names', 'properties:\n  epochs: {type: int}\n', /s\.yaml:2: invalid schema at 'properties\.epochs\.type': unknown type 'int' \(Did you mean integer\?\)/],
  ['required must name a property', 'properties:\n  a: {type: integer}\nrequired: [b]\n', /required key 'b' is not one of the properties \(a\)/],
  ['a default that breaks its own type', 'properties:\n  epochs: {type: integer, minimum: 1, default: 0}\n', /properties\.epochs\.default': the default 0 does not match its own schema: expected integer >= 1/],
  ['a default of the wrong type', "properties:\n  name: {type: string, default: 5}\n", /the default 5 does not match its own schema: expected string/],
  ['a bad regular expression', "properties:\n  n: {type: string, pattern: '(('}\n", /pattern is not a valid regular expression/],
  ['enum must be a list', 'properties:\n  n: {enum: adam}\n', /enum must be a non-empty list/],
  ['a property that is not a mapping', 'properties:\n  n: integer\n', /properties\.n': expected a mapping of schema keywords, got 'integer'/],
  ['top level must describe an object', 'type: integer\n', /its type must be object/],
];

for (const [name, text, message] of bad) {
  test(`parseSchema rejects ${name}`, () => {
    assert.throws(() => parseFile(text), (err: unknown) => {
      assert.ok(err instanceof SchemaDefinitionError, String(err));
      assert.equal(err.code, 'SCHEMA_INVALID');
      assert.match(err.message, message);
      return true;
    });
  });
}

test('parseSchema: properties close an object; additionalProperties opens it', () => {
  assert.equal(parseFile('properties: {a: {type: integer}}\n').additionalProperties, false);
  assert.equal(parseFile('properties: {a: {type: integer}}\nadditionalProperties: true\n').additionalProperties, true);
  assert.deepEqual(parseFile('description: free\n').types, ['object']);
});

test('mergeSchemas: an option schema adds keys to its group schema and keeps it closed', () => {
  const group = parseFile('properties:\n  name: {type: string}\n  lr: {type: number}\nrequired: [name]\n');
  const option = parseFile('properties:\n  momentum: {type: number}\n  lr: {maximum: 1}\nrequired: [momentum]\n');
  const merged = mergeSchemas(group, option);
  assert.deepEqual([...merged.properties!.keys()], ['name', 'lr', 'momentum']);
  assert.deepEqual(merged.required, ['name', 'momentum']);
  assert.deepEqual(merged.properties!.get('lr')!.types, ['number']);
  assert.equal(merged.properties!.get('lr')!.maximum, 1);
  assert.equal(merged.additionalProperties, false);
});
