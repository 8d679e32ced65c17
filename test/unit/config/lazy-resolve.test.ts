import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLeniently } from '../../../src/config/lazy-resolve.js';
import { createResolverRegistry } from '../../../src/config/interpolation/index.js';
import { fromPlain, toPlain, type CfgDict } from '../../../src/value/value.js';

const lenient = (plain: object) => {
  const r = resolveLeniently(fromPlain(plain) as CfgDict, createResolverRegistry({ env: {} }));
  return { config: toPlain(r.config), unresolved: r.unresolved.map((u) => [u.key, u.error]) };
};

test('what resolves is resolved; a dangling key, ???, an interpolation to ??? and an unknown resolver are kept as written', () => {
  const r = lenient({ a: 1, b: '${a}', c: '${nope}', d: '???', e: '${d}', f: 'x_${zz:1}', g: '${c}', l: [1, '${nope2}'] });
  assert.deepEqual(r.config, { a: 1, b: 1, c: '${nope}', d: '???', e: '${d}', f: 'x_${zz:1}', g: '${c}', l: [1, '${nope2}'] });
  assert.deepEqual(r.unresolved, [
    ['c', 'InterpolationKeyError'], ['d', 'MissingMandatoryValue'], ['e', 'InterpolationToMissingValueError'],
    ['f', 'UnsupportedInterpolationType'], ['g', 'InterpolationKeyError'], ['l[1]', 'InterpolationKeyError'],
  ]);
});

test('an interpolation to a container resolves value by value: only the bad one is kept, under the reading path', () => {
  const r = lenient({ src: { ok: 2, bad: '${nope}' }, copy: '${src}' });
  assert.deepEqual(r.config, { src: { ok: 2, bad: '${nope}' }, copy: { ok: 2, bad: '${nope}' } });
  assert.deepEqual(r.unresolved.map(([k]) => k), ['src.bad', 'copy.bad']);
});

test('a cycle is kept as written too', () => {
  const r = lenient({ x: '${y}', y: '${x}', z: 3 });
  assert.deepEqual(r.config, { x: '${y}', y: '${x}', z: 3 });
  assert.deepEqual(r.unresolved.map(([, e]) => e), ['InterpolationResolutionError', 'InterpolationResolutionError']);
});
