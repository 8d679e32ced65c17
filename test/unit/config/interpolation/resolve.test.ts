import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createResolverRegistry, InterpolationCycleError, InterpolationKeyError, InterpolationResolutionError,
  InterpolationSyntaxError, InterpolationToMissingValueError, KeyNotFoundError, resolveConfig, resolveExpression, resolvePath,
} from '../../../../src/config/interpolation/index.js';
import { Float, toJson, type CfgDict, type CfgValue } from '../../../../src/value/value.js';
import { cfg } from './build.js';

const resolvers = createResolverRegistry({ env: {} });
const resolve = (c: CfgDict): CfgDict => resolveConfig(c, { resolvers });
const json = (v: CfgValue): string => toJson(v);

test('a whole-value interpolation keeps the target type', () => {
  const out = resolve(cfg({ i: 7, b: true, n: null, f: 3.5, one: new Float(1), s: 'x', ri: '${i}', rb: '${b}', rn: '${n}', rf: '${f}', rone: '${one}', rs: '${s}' }));
  assert.equal(out.get('ri'), 7);
  assert.equal(out.get('rb'), true);
  assert.equal(out.get('rn'), null);
  assert.equal(out.get('rf'), 3.5);
  assert.ok(out.get('rone') instanceof Float && (out.get('rone') as Float).value === 1);
  assert.equal(out.get('rs'), 'x');
});

test('text around interpolations makes a string with Python str()', () => {
  const out = resolve(cfg({ t: true, n: null, one: new Float(1), inf: new Float(-Infinity), l: [1, 'a'], d: { k: null },
    s: '${t}/${n}/${one}/${inf}', l2: 'l=${l}', d2: 'd=${d}' }));
  assert.equal(out.get('s'), 'True/None/1.0/-inf');
  assert.equal(out.get('l2'), "l=[1, 'a']");
  assert.equal(out.get('d2'), "d={'k': None}");
});

test('non-finite floats, Float wrappers and key order survive resolution', () => {
  const input = cfg({ z: new Float(NaN), a: new Float(Infinity), m: { '80': 1, b: '${a}' }, c: '${z}' });
  const out = resolve(input);
  assert.deepEqual([...out.keys()], ['z', 'a', 'm', 'c']);
  assert.deepEqual([...(out.get('m') as CfgDict).keys()], ['80', 'b']);
  assert.equal(json(out), '{"z":{"$float":"nan"},"a":{"$float":"inf"},"m":{"80":1,"b":{"$float":"inf"}},"c":{"$float":"nan"}}');
});

test('relative interpolations: .x is a sibling, ..x is in the parent container', () => {
  const out = resolve(cfg({ host: 'h', server: { name: 'web', self: '${.name}', up: '${..host}', nested: { up2: '${..name}', up3: '${...host}' } } }));
  assert.equal(json(out.get('server')!), '{"name":"web","self":"web","up":"h","nested":{"up2":"web","up3":"h"}}');
});

test('list elements by [i] and .i, and dict keys inside lists', () => {
  const out = resolve(cfg({ l: [10, { k: 'v' }], a: '${l[0]}', b: '${l.0}', c: '${l[1].k}', d: '${l.1.k}', e: ['x', '${.0}'] }));
  assert.deepEqual([out.get('a'), out.get('b'), out.get('c'), out.get('d')], [10, 10, 'v', 'v']);
  assert.deepEqual(out.get('e'), ['x', 'x']);
});

test('nested interpolations select keys dynamically', () => {
  const out = resolve(cfg({ which: 'b', path: 'm.b', m: { a: 1, b: 2 }, v: '${m.${which}}', w: '${${path}}' }));
  assert.equal(out.get('v'), 2);
  assert.equal(out.get('w'), 2);
});

test('a key piece that is not a string is an error', () => {
  assert.throws(() => resolve(cfg({ n: 1, m: { '1': 'x' }, v: '${m.${n}}' })), InterpolationResolutionError);
});

test('chains of interpolations, including through an intermediate interpolated container', () => {
  const out = resolve(cfg({ c: 3, b: '${c}', a: '${b}', real: { x: 1 }, alias: '${real}', y: '${alias.x}' }));
  assert.equal(out.get('a'), 3);
  assert.equal(out.get('y'), 1);
});

test('copying a dict resolves interpolations inside it at the source, in any key order', () => {
  const out = resolve(cfg({ copy: '${server}', port: 80, server: { listen: '${port}', me: '${.name}', name: 'web', up: '${..port}' } }));
  assert.equal(json(out.get('copy')!), '{"listen":80,"me":"web","name":"web","up":80}');
  assert.notEqual(out.get('copy'), out.get('server'), 'the copy is a separate tree');
});

test('escaped \\${ stays a literal ${ and is not resolved again when copied', () => {
  const out = resolve(cfg({ lit: '\\${x}', d: { s: 'a \\${y}' }, copy: '${d}', ref: '${lit}' }));
  assert.equal(out.get('lit'), '${x}');
  assert.equal(json(out.get('copy')!), '{"s":"a ${y}"}');
  assert.equal(out.get('ref'), '${x}');
});

test('??? targets give ??? by default and an error when asked', () => {
  const c = cfg({ token: '???', ref: '${token}', text: 't=${token}', chain: '${ref}', d: { x: '???' }, copy: '${d}', deep: '${d.x}' });
  assert.equal(json(resolve(c)), '{"token":"???","ref":"???","text":"???","chain":"???","d":{"x":"???"},"copy":{"x":"???"},"deep":"???"}');
  assert.throws(() => resolveConfig(c, { resolvers, onMissingTarget: 'error' }), (e: unknown) => {
    assert.ok(e instanceof InterpolationToMissingValueError);
    assert.match(e.message, /^ref: .*'token'/);
    return true;
  });
});

test('a missing key names the value and the key, and suggests a close one', () => {
  assert.throws(() => resolve(cfg({ db: { host: 'h', url: 'x${db.hots}' } })), (e: unknown) => {
    assert.ok(e instanceof InterpolationKeyError);
    assert.match(e.message, /^db\.url: interpolation key 'db\.hots' not found/);
    assert.match(e.hint ?? '', /db\.host/);
    return true;
  });
  assert.throws(() => resolve(cfg({ l: [1], a: '${l[3]}' })), InterpolationKeyError);
  assert.throws(() => resolve(cfg({ n: null, a: '${n.x}' })), InterpolationKeyError);
  assert.throws(() => resolve(cfg({ a: { b: '${...x}' } })), InterpolationKeyError);
});

test('selecting inside a scalar or with a non-integer list index is an error', () => {
  assert.throws(() => resolve(cfg({ s: 1, a: '${s.x}' })), /not a container/);
  assert.throws(() => resolve(cfg({ l: [1], a: '${l.x}' })), /not an int/);
});

test('cycles are reported with the keys involved', () => {
  assert.throws(() => resolve(cfg({ a: '${b}', b: '${c}', c: '${a}' })), (e: unknown) => {
    assert.ok(e instanceof InterpolationCycleError);
    assert.deepEqual(e.cycle, ['a', 'b', 'c', 'a']);
    return true;
  });
  assert.throws(() => resolve(cfg({ a: 'x${a}' })), InterpolationCycleError);
  assert.throws(() => resolve(cfg({ a: { b: '${a}' } })), /parent node/);
  assert.throws(() => resolve(cfg({ a: '${b}', b: { c: '${a}' } })), /parent node|recursive/);
});

test('syntax errors surface with the key path', () => {
  assert.throws(() => resolve(cfg({ db: { url: 'x${oops' } })), (e: unknown) => e instanceof InterpolationSyntaxError && e.message.startsWith('db.url:'));
});

test('the input tree is not modified', () => {
  const c = cfg({ a: 1, b: '${a}', d: { e: '${b}' }, f: '${d}' });
  const before = json(c);
  resolve(c);
  assert.equal(json(c), before);
});

test('each value is resolved once per call (memoized)', () => {
  let calls = 0;
  const registry = createResolverRegistry({ env: {} });
  registry.register('count', () => ++calls);
  const o: Record<string, unknown> = { x: '${count:}' };
  for (let i = 0; i < 200; i++) o[`y${i}`] = i % 2 ? '${x}' : 'v${x}';
  const out = resolveConfig(cfg(o), { resolvers: registry });
  assert.equal(calls, 1);
  assert.equal(out.get('y1'), 1);
  assert.equal(out.get('y2'), 'v1');
});

test('resolvePath resolves one value; unknown paths name the keys available', () => {
  const c = cfg({ db: { host: 'h', url: 'http://${db.host}' }, l: [{ k: '${db.host}' }] });
  assert.equal(resolvePath(c, 'db.url', { resolvers }), 'http://h');
  assert.equal(resolvePath(c, 'l[0].k', { resolvers }), 'h');
  assert.equal(resolvePath(c, ['l', 0, 'k'], { resolvers }), 'h');
  assert.throws(() => resolvePath(c, 'db.nope', { resolvers }), (e: unknown) => e instanceof KeyNotFoundError && /host, url/.test(e.hint ?? ''));
});

test('resolveExpression resolves a standalone string, e.g. a defaults-list entry', () => {
  const choices = cfg({ db: 'mysql', server: 'nginx', nested: { x: 'X' } });
  assert.equal(resolveExpression(choices, '${db}_${server}', { resolvers }), 'mysql_nginx');
  assert.equal(resolveExpression(choices, '${.x}', { resolvers, at: 'nested' }), 'X');
});

test('spaces around resolver names and arguments are ignored, inside values kept', () => {
  const out = resolve(cfg({ a: 1, s: '${ oc.select : a , 5 }', t: '${oc.select: nope , two words }' }));
  assert.equal(out.get('s'), 1);
  assert.equal(out.get('t'), 'two words');
});

test('absurdly deep interpolation chains fail as a config error, not a crash', () => {
  const o: Record<string, unknown> = {};
  const depth = 50_000;
  for (let i = 0; i < depth; i++) o[`k${i}`] = `\${k${i + 1}}`;
  o[`k${depth}`] = 1;
  assert.throws(() => resolve(cfg(o)), (e: unknown) => e instanceof InterpolationResolutionError && /too deeply/.test(e.message));
});
