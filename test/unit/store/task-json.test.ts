import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTaskJson, parseTaskJsonLines, stringifyTaskJson } from '../../../src/store/task-json.js';

const parse = (text: string): unknown => parseTaskJson(text, 'm.json');

test('parseTaskJson: Python\'s NaN, Infinity and -Infinity become real numbers, nested anywhere', () => {
  const v = parse('{"acc": NaN, "loss": Infinity, "nested": {"best": -Infinity, "list": [1, NaN, -Infinity, -2.5e-3]}}') as {
    acc: number; loss: number; nested: { best: number; list: number[] };
  };
  assert.ok(Number.isNaN(v.acc));
  assert.equal(v.loss, Infinity);
  assert.equal(v.nested.best, -Infinity);
  assert.ok(Number.isNaN(v.nested.list[1]));
  assert.deepEqual([v.nested.list[0], v.nested.list[2], v.nested.list[3]], [1, -Infinity, -0.0025]);
  assert.ok(Number.isNaN(parse('NaN')));
  assert.equal(parse(' -Infinity\n'), -Infinity);
});

test('parseTaskJson: the tokens inside strings are text, escapes and all', () => {
  const v = parse('{"note": "NaN, Infinity and -Infinity", "q": "say \\"NaN\\"", "NaN": NaN, "u": "\\u00e9\\n"}') as Record<string, unknown>;
  assert.equal(v.note, 'NaN, Infinity and -Infinity');
  assert.equal(v.q, 'say "NaN"');
  assert.ok(Number.isNaN(v.NaN));
  assert.equal(v.u, 'é\n');
});

test('parseTaskJson: what JSON.parse accepts reads the same; __proto__ stays an own key', () => {
  const texts = ['{"a": [true, false, null, 0, -1.5e+3, "x"], "b": {}}', '[]', '"s"', '{"a": 1, "a": 2}',
    // "NaN" in a string sends the text to orch's parser: it must still read it as JSON.parse does.
    '{"s": "NaN \\u00e9 \\"q\\" \\\\", "n": [-0, 1E+2, 0.5e-3, 12345678901234567890], "deep": [[{"x": "Infinity"}]], "e": ""}'];
  for (const text of texts) {
    assert.deepEqual(parse(text), JSON.parse(text));
  }
  const v = parse('{"__proto__": {"polluted": 1}, "x": NaN}') as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ['__proto__', 'x']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
});

test('parseTaskJson: bad input is a StoreError naming file, line and column', () => {
  const bad: Array<[string, RegExp]> = [
    ['{"acc": nan}', /^m\.json:1:9: not valid JSON: expected a value \(at 'n'\)/],
    ['{\n  "a": 1,\n  "b": inf\n}', /^m\.json:3:8: not valid JSON: expected a value \(at 'i'\)/],
    ['{"a": NaN', /^m\.json:1:10: not valid JSON: expected ',' or '}' \(at the end\)/],
    ['{"a": NaN} x', /^m\.json:1:12: not valid JSON: unexpected text after the value/],
    ['{a: NaN}', /expected a key in double quotes/],
    ['[NaN 1]', /expected ',' or ']'/],
    ['', /^m\.json:1:1: not valid JSON: expected a value \(at the end\)/],
    ['{"a": +Infinity}', /expected a value \(at '\+'\)/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => parse(text), (e: Error & { code?: string; hint?: string }) => e.code === 'STORE_BAD_JSON' && re.test(e.message) && /NaN, Infinity/.test(e.hint ?? ''), text);
  }
});

test('parseTaskJsonLines: one record per line, blank lines skipped, a bad line named by its number', () => {
  const { records, errors } = parseTaskJsonLines('{"step": 1, "loss": 0.5}\n\n{"step": 2, "loss": NaN}\n{"step": 3, "loss": \n', 'history.jsonl');
  assert.equal(records.length, 2);
  assert.ok(Number.isNaN((records[1] as { loss: number }).loss));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^history\.jsonl:4:21: not valid JSON/);
});

test('stringifyTaskJson writes what Python\'s json.dump writes for non-finite numbers, and reads back', () => {
  const v = { acc: NaN, up: Infinity, down: -Infinity, ok: true, s: 'NaN', list: [1, NaN], skip: undefined, n: { x: 0.5 } };
  assert.equal(stringifyTaskJson(v), '{"acc":NaN,"up":Infinity,"down":-Infinity,"ok":true,"s":"NaN","list":[1,NaN],"n":{"x":0.5}}');
  const pretty = stringifyTaskJson(v, 2);
  assert.equal(stringifyTaskJson({ a: [NaN], b: {} }, 2), '{\n  "a": [\n    NaN\n  ],\n  "b": {}\n}');
  const back = parse(pretty) as typeof v;
  assert.ok(Number.isNaN(back.acc));
  assert.equal(back.down, -Infinity);
  assert.equal(stringifyTaskJson({}), '{}');
  assert.equal(stringifyTaskJson([]), '[]');
});

test('stringifyTaskJson: a string that holds the non-finite marker is written as it is, numbers beside it still spelled', () => {
  const marker = '\u0000orch:non-finite:NaN';
  const v = { s: marker, [marker]: 1, list: [NaN, marker, -Infinity], nested: { x: Infinity, y: null } };
  const text = stringifyTaskJson(v, 2);
  const back = parse(text) as { s: string; list: unknown[]; nested: { x: number; y: null } };
  assert.equal(back.s, marker);
  assert.ok(Number.isNaN(back.list[0] as number));
  assert.equal(back.list[1], marker);
  assert.equal(back.list[2], -Infinity);
  assert.equal(back.nested.x, Infinity);
  assert.equal(back.nested.y, null);
  assert.equal(stringifyTaskJson({ s: marker }), JSON.stringify({ s: marker }));
});

test('stringifyTaskJson writes what JSON.stringify writes for finite data, indented or not', () => {
  const v = { a: [1, 'x', true, null, undefined, { b: [] }], c: {}, d: -0, e: 1e21, f: 'quote " and \n newline', g: new Date(0) };
  for (const indent of [0, 2, 4]) assert.equal(stringifyTaskJson(v, indent), JSON.stringify(v, null, indent || undefined));
});
