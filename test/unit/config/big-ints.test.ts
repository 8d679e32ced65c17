import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigInteger, isInt, numberOf, pyRepr, pyStr, toJson, toPlain, type CfgDict, type CfgValue } from '../../../src/value/value.js';
import { parseYamlConfig, parseYamlWithLibrary } from '../../../src/config/yaml-loader.js';
import { parseJsonConfig } from '../../../src/config/json-loader.js';
import { parseTomlConfig } from '../../../src/config/toml-loader.js';
import { parseOverride } from '../../../src/overrides/parser.js';
import { toCfgValue } from '../../../src/overrides/to-value.js';
import { renderValue } from '../../../src/overrides/render.js';
import { toYaml } from '../../../src/config/to-yaml.js';
import type { ParsedValue } from '../../../src/overrides/types.js';

const BIG = '12345678901234567891';

test('ints beyond 2^53 load exactly from YAML (both parsers), JSON and TOML; small ones stay numbers', () => {
  const yaml = `big: ${BIG}\nneg: -${BIG}\nhex: 0xFFFFFFFFFFFFFFFFFF\noct: 0777777777777777777777\nsep: 12_345_678_901_234_567_891\nsmall: 42\nedge: 9007199254740991\n`;
  for (const parse of [parseYamlConfig, parseYamlWithLibrary]) {
    const c = parse(yaml, 't.yaml').content as CfgDict;
    assert.equal(pyStr(c.get('big')!), BIG, parse.name);
    assert.equal(pyStr(c.get('neg')!), `-${BIG}`);
    assert.equal(pyStr(c.get('hex')!), (0xFFFFFFFFFFFFFFFFFFn).toString());
    assert.equal(pyStr(c.get('oct')!), (0o777777777777777777777n).toString());
    assert.equal(pyStr(c.get('sep')!), BIG);
    assert.equal(c.get('small'), 42);
    assert.equal(c.get('edge'), Number.MAX_SAFE_INTEGER, 'the largest exact double stays a number');
  }
  const json = parseJsonConfig(`{"big": ${BIG}, "f": 12345678901234567891.0}`, 't.json').content as CfgDict;
  assert.ok(json.get('big') instanceof BigInteger);
  assert.equal(pyStr(json.get('f')!), '1.2345678901234567e+19', 'a float stays a float');
  const toml = parseTomlConfig(`big = ${BIG}\n`, 't.toml').content as CfgDict;
  assert.equal(pyStr(toml.get('big')!), BIG);
});

test('a big int prints exactly everywhere it is written and is an int to the schema checks', () => {
  const v = new BigInteger(BigInt(BIG));
  const cfg: CfgDict = new Map<string, CfgValue>([['seed', v], ['ids', [v, 1]]]);
  assert.equal(toJson(cfg), `{"seed":${BIG},"ids":[${BIG},1]}`);
  assert.equal(toJson(cfg, 0, 'python'), `{"seed":${BIG},"ids":[${BIG},1]}`);
  assert.equal(toYaml(cfg), `seed: ${BIG}\nids:\n  - ${BIG}\n  - 1\n`);
  assert.equal(pyRepr([v]), `[${BIG}]`);
  assert.ok(isInt(v));
  assert.equal(numberOf(v), 12345678901234567000);
  // A task in JS gets the nearest double: JSON.stringify of its config must not throw.
  assert.equal(JSON.stringify(toPlain(cfg)), '{"seed":12345678901234567000,"ids":[12345678901234567000,1]}');
});

test('an override int beyond 2^53 keeps its digits in the config and in override_dirname', () => {
  const o = parseOverride(`seed=${BIG}`);
  const value = o.value as ParsedValue;
  assert.equal(pyStr(toCfgValue(value)), BIG);
  assert.equal(renderValue(value), BIG);
  assert.equal(renderValue(parseOverride('seed=-12_345_678_901_234_567_891').value as ParsedValue), `-${BIG}`);
  assert.equal(toCfgValue(parseOverride('seed=7').value as ParsedValue), 7);
});
