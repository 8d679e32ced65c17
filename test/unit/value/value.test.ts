import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { fromPlain, toPlain, toTaskConfig, type CfgValue } from '../../../src/value/value.js';

const TRICKY = (): CfgValue => fromPlain(JSON.parse('{"lr":0.1,"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"model":{"layers":[{"width":8}]}}'));

test('toPlain keeps __proto__ as an own key instead of making it the prototype', () => {
  const o = toPlain(TRICKY()) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.deepEqual(Object.keys(o), ['lr', '__proto__', 'constructor', 'model']);
  assert.equal((o as { polluted?: unknown }).polluted, undefined);
  assert.equal(JSON.stringify(o), '{"lr":0.1,"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"model":{"layers":[{"width":8}]}}');
});

test('toTaskConfig: objects without inherited keys that still print and serialise as plain objects', () => {
  const cfg = toTaskConfig(TRICKY()) as Record<string, any>;
  for (const o of [cfg, cfg.model, cfg.model.layers[0], cfg.__proto__]) {
    for (const k of ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) assert.equal(k in o, false, k);
  }
  assert.equal('polluted' in cfg, false);
  assert.deepEqual(Object.keys(cfg), ['lr', '__proto__', 'constructor', 'model']);
  assert.equal(Object.keys(cfg.__proto__)[0], 'polluted');
  assert.ok(Array.isArray(cfg.model.layers), 'lists stay arrays, with their methods');
  assert.equal(cfg.model.layers.map((l: { width: number }) => l.width)[0], 8);
  assert.equal(JSON.stringify(cfg), JSON.stringify(toPlain(TRICKY())));
  assert.equal(inspect(cfg), inspect(toPlain(TRICKY())));
  assert.equal(inspect({ cfg }, { depth: 0 }), '{ cfg: [Object] }');
  assert.equal(`${cfg.model}`, '{"layers":[{"width":8}]}');
});
