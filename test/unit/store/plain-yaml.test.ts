import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { fastYaml, plainYaml } from '../../../src/store/plain-yaml.js';
import { prng } from '../../helpers/prng.js';

const pkg = (v: unknown) => stringify(v, { lineWidth: 0 });

// Scalars of every kind the fast path takes or gives up on: each must come out as the package writes it.
const STRINGS = ['noop', 'a=0,b=5', '/tmp/x/y', 'outputs/2026-12-07/02-15-54', 'true', 'True', 'null', '~', 'false', '', ',', '5', '-3', '1.5', '1e3', '.inf', '.nan', '0x1F', '0o17',
  'yes', 'no', 'on', '@x', '&a', '*b', '!t', '%d', '`q', "'s", '"d"', 'a b', 'a: b', 'a #c', ' lead', 'trail ', 'two\nlines', 'tab\tx', 'é', 'x=[1,2]', 'k={a:1}', '=', '=x', '.x', '.5', '0b1', '1.2.3', '.', '..', '...', '...x', '1e', '0x', '0o8', '+.inf', '12abc', '-', '-x', '-c', '--lr=0.1', '---', '--', '---x', '-1', '-.inf', '-_',  '?', '?x', ':x', 'x:', 'a\\b', '2026-12-07', '1_000', '+1', 'lr=0.1', '${x}', 'C:/x'];
const NUMBERS = [0, 1, -1, 0.1, 1e21, 1.5e-7, 123456789, -0, NaN, Infinity, -Infinity, 2 ** 53];
const KEYS = ['a', 'lr', 'n_jobs', 'override_dirname', 'x-y', 'true', 'null', '0', '1', 'a b', 'a:b', '_k', 'é', '', 'K2'];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  if (depth > 3 || r < 0.45) {
    const s = rand();
    return s < 0.5 ? pick(STRINGS) : s < 0.75 ? pick(NUMBERS) : pick([true, false, null]);
  }
  const n = Math.floor(rand() * 4);
  if (r < 0.7) return Object.fromEntries(Array.from({ length: n }, () => [pick(KEYS), randomValue(rand, depth + 1)]));
  return Array.from({ length: n }, () => randomValue(rand, depth + 1));
}

test('plainYaml: the same text as the yaml package for 5,000 generated documents (fast path or not)', () => {
  const rand = prng(7);
  let fast = 0;
  for (let i = 0; i < 5000; i++) {
    const v = { root: randomValue(rand, 0), list: [randomValue(rand, 1)] };
    assert.equal(plainYaml(v), pkg(v), JSON.stringify(v));
    if (fastYaml(v) !== undefined) fast++;
  }
  // Both paths are exercised: the comparison above checks the fast one on each of these.
  assert.ok(fast > 500 && fast < 4500, `fast path taken ${fast} times of 5000`);
});

test('plainYaml: an orch node as a sweep job has it is written by the fast path, readable back', () => {
  const orch = {
    run: { dir: 'outputs/2026-12-07/02-15-54', description: null },
    sweep: { dir: '/tmp/hp/s3', subdir: 5 },
    launcher: { name: 'local', n_jobs: 2 },
    task: { command: ['true', 'python3', '-c'] },
    overrides: { orch: ['orch.launcher.n_jobs=2'], task: ['a=0', 'b=5'] },
    job: { num: 5, override_dirname: 'a=0,b=5', config: { override_dirname: { kv_sep: '=', item_sep: ',', exclude_keys: [] } } },
    runtime: { choices: {}, output_dir: '/tmp/hp/s3/5' },
    nested: [[1, 2], [{ a: 1, b: [] }], []],
  };
  assert.equal(fastYaml(orch), pkg(orch));
  assert.deepEqual(parse(plainYaml(orch)), orch);
});

test('plainYaml: each string and number alone under a key, as the package writes it', () => {
  for (const v of [...STRINGS, ...NUMBERS]) assert.equal(plainYaml({ k: v, l: [v] }), pkg({ k: v, l: [v] }), JSON.stringify(v));
  for (const k of KEYS) assert.equal(plainYaml({ [k]: 1 }), pkg({ [k]: 1 }), JSON.stringify(k));
  assert.equal(plainYaml({}), pkg({}));
  assert.equal(plainYaml([]), pkg([]));
});
