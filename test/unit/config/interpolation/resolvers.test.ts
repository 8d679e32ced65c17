import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigNode, createResolverRegistry, InterpolationResolutionError, resolveConfig, ResolverRegistrationError, strftime, UnknownResolverError,
  type ResolverContext,
} from '../../../../src/config/interpolation/index.js';
import { Float, toJson, type CfgDict, type CfgValue } from '../../../../src/value/value.js';
import { cfg } from './build.js';

const resolveWith = (c: CfgDict, env: Record<string, string> = {}): CfgDict => resolveConfig(c, { resolvers: createResolverRegistry({ env }) });
const one = (expr: string, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): CfgValue =>
  resolveWith(cfg({ ...extra, v: expr }), env).get('v')!;

test('oc.env reads the variable; defaults are strings, null stays null; unset without default fails', () => {
  assert.equal(one('${oc.env:USER_X}', {}, { USER_X: 'ann' }), 'ann');
  assert.equal(one('${oc.env:EMPTY,d}', {}, { EMPTY: '' }), '');
  assert.equal(one('${oc.env:UNSET,fallback}'), 'fallback');
  assert.equal(one('${oc.env:UNSET,42}'), '42');
  assert.equal(one('${oc.env:UNSET,1.0}'), '1.0');
  assert.equal(one('${oc.env:UNSET,null}'), null);
  assert.equal(one("${oc.env:UNSET,''}"), '');
  assert.equal(one('${oc.env:N}', {}, { N: '42' }), '42', 'the value is not decoded');
  assert.throws(() => one('${oc.env:UNSET}'), (e: unknown) => e instanceof InterpolationResolutionError && /'UNSET' not found/.test(e.message) && /^v: /.test(e.message));
});

test('oc.select: value, default when absent or ???, null without default, relative keys', () => {
  const out = resolveWith(cfg({ a: 1, nothing: null, miss: '???', r: '${a}', sub: { x: 'X', s: '${oc.select:.x,no}', up: '${oc.select:..a}' },
    s1: '${oc.select:a,5}', s2: '${oc.select:no.such,dflt}', s3: '${oc.select:nothing,5}', s4: '${oc.select:miss,fb}', s5: '${oc.select:no.such}', s6: '${oc.select:r}' }));
  assert.equal(toJson(out), '{"a":1,"nothing":null,"miss":"???","r":1,"sub":{"x":"X","s":"X","up":1},"s1":1,"s2":"dflt","s3":null,"s4":"fb","s5":null,"s6":1}');
});

test('oc.decode parses ints, floats, bools, null, quoted strings, lists and dicts', () => {
  assert.equal(one('${oc.decode:${s}}', { s: '42' }), 42);
  assert.ok((one("${oc.decode:'1e3'}") as Float).value === 1000);
  assert.equal(one("${oc.decode:'true'}"), true);
  assert.equal(one('${oc.decode:null}'), null);
  assert.equal(one("${oc.decode:'\"hello\"'}"), 'hello');
  assert.equal(toJson(one('${oc.decode:${s}}', { s: '[1, 2.5, x]' })), '[1,2.5,"x"]');
  assert.equal(toJson(one('${oc.decode:${s}}', { s: '{a: 1, b: [true]}' })), '{"a":1,"b":[true]}');
  assert.equal(one('${oc.decode:${s}}', { s: '\\${a}', a: 7 }), 7, 'interpolations in the decoded text resolve');
  assert.throws(() => one('${oc.decode:${s}}', { s: '1, 2' }), /expected end of string/);
});

test('oc.create builds a config node whose interpolations resolve in place', () => {
  const out = resolveWith(cfg({ port: 80, srv: { name: 'web', made: '${oc.create:{a: 1, p: $\\{port\\}}}' }, y: "${oc.create:'b: [1, 2]'}" }));
  assert.equal(toJson(out.get('y')!), '{"b":[1,2]}');
  assert.equal(toJson((out.get('srv') as CfgDict).get('made')!), '{"a":1,"p":80}');
});

test('oc.dict.keys and oc.dict.values list a dict (values resolved)', () => {
  const out = resolveWith(cfg({ port: 1, workers: { a: '${port}', b: 2 }, k: '${oc.dict.keys:workers}', v: '${oc.dict.values:workers}', sub: { rk: '${oc.dict.keys:..workers}' } }));
  assert.deepEqual(out.get('k'), ['a', 'b']);
  assert.deepEqual(out.get('v'), [1, 2]);
  assert.deepEqual((out.get('sub') as CfgDict).get('rk'), ['a', 'b']);
  assert.throws(() => resolveWith(cfg({ x: 1, k: '${oc.dict.keys:x}' })), /not a dict/);
  assert.throws(() => resolveWith(cfg({ k: '${oc.dict.keys:nope}' })), /not found/);
});

test('now formats the injected clock with Python strftime directives, once per resolution', () => {
  const at = new Date(2024, 0, 5, 14, 3, 9, 42);
  let reads = 0;
  const resolvers = createResolverRegistry({ env: {}, clock: () => { reads++; return at; } });
  const out = resolveConfig(cfg({ d: '${now:%Y-%m-%d}', t: '${now:%H-%M-%S}', d2: '${now:%Y-%m-%d}' }), { resolvers });
  assert.deepEqual([out.get('d'), out.get('t'), out.get('d2')], ['2024-01-05', '14-03-09', '2024-01-05']);
  assert.equal(reads, 2, 'same pattern is cached (use_cache)');
  assert.equal(strftime('%y %b %B %a %A %j %p %f %% %Q', at), '24 Jan January Fri Friday 005 PM 042000 % %Q');
});

test('custom resolvers: typed args, dotted names, parent/root context, nested resolvers', () => {
  const resolvers = createResolverRegistry({ env: {} });
  const seen: ResolverContext[] = [];
  resolvers.register('math.add', (args) => (args as number[]).reduce((a, b) => a + b, 0));
  resolvers.register('ctx', (_args, ctx) => { seen.push(ctx); return ctx.keyPath; });
  resolvers.register('types', (args) => args.map((a) => (a instanceof Float ? 'Float' : a === null ? 'null' : Array.isArray(a) ? 'list' : a instanceof Map ? 'dict' : typeof a)).join(','));
  const out = resolveConfig(cfg({ x: 2, sum: '${math.add:1,${x},${math.add:3,4}}', d: { w: '${ctx:a, b}' },
    t: "${types:1,1.0,'s',true,null,[1],{a: 1},${x}}" }), { resolvers });
  assert.equal(out.get('sum'), 10);
  assert.equal((out.get('d') as CfgDict).get('w'), 'd.w');
  assert.equal(toJson(seen[0]!.parent ?? null), '{"w":"${ctx:a, b}"}');
  assert.equal(seen[0]!.root.get('x'), 2);
  assert.deepEqual(seen[0]!.argsText, ['a', 'b']);
  assert.equal(out.get('t'), 'number,Float,string,boolean,null,list,dict,number');
});

test('resolver results are final, unless returned as ConfigNode', () => {
  const resolvers = createResolverRegistry({ env: {} });
  resolvers.register('raw', () => new Map([['s', '${x}']]));
  resolvers.register('node', () => new ConfigNode(new Map([['s', '${x}'], ['r', '${..x}']])));
  const out = resolveConfig(cfg({ x: 1, a: '${raw:}', b: '${node:}', c: 'str:${raw:}' }), { resolvers });
  assert.equal(toJson(out.get('a')!), '{"s":"${x}"}');
  assert.equal(toJson(out.get('b')!), '{"s":1,"r":1}');
  assert.equal(out.get('c'), "str:{'s': '${x}'}");
});

test('useCache caches by argument text within one resolution', () => {
  let n = 0;
  const resolvers = createResolverRegistry({ env: {} });
  resolvers.register('tick', () => ++n, { useCache: true });
  const out = resolveConfig(cfg({ a: '${tick:}', b: '${tick:}', c: '${tick:x}' }), { resolvers });
  assert.deepEqual([out.get('a'), out.get('b'), out.get('c')], [1, 1, 2]);
});

test('registration: duplicate names need replace; unknown resolvers list the registered ones', () => {
  const resolvers = createResolverRegistry({ env: {} });
  assert.throws(() => resolvers.register('oc.env', () => 1), ResolverRegistrationError);
  resolvers.register('oc.env', () => 'replaced', { replace: true });
  assert.equal(resolveConfig(cfg({ a: '${oc.env:X}' }), { resolvers }).get('a'), 'replaced');
  assert.throws(() => resolveConfig(cfg({ a: { b: '${foo:bar}' } }), { resolvers }), (e: unknown) => {
    assert.ok(e instanceof UnknownResolverError);
    assert.match(e.message, /^a\.b: .*foo.*oc\.select/);
    return true;
  });
});

test('a resolver that throws is reported with the key path and interpolation text', () => {
  const resolvers = createResolverRegistry({ env: {} });
  resolvers.register('boom', () => { throw new Error('kaput'); });
  assert.throws(() => resolveConfig(cfg({ k: { v: 'x${boom:1}' } }), { resolvers }), (e: unknown) =>
    e instanceof InterpolationResolutionError && /^k\.v: error resolving "\$\{boom:1\}": resolver 'boom' failed: kaput/.test(e.message));
});

test('strftime has every directive Python documents, with the text python3 prints for a naive datetime', () => {
  const pat = '%I %p|%w %u|%U %W|%G-%V|%c|%x|%X|[%z][%Z]|%Q|%j';
  const cases: Array<[[number, number, number, number, number, number], string]> = [
    [[2024, 1, 5, 13, 4, 5], '01 PM|5 5|00 01|2024-01|Fri Jan  5 13:04:05 2024|01/05/24|13:04:05|[][]|%Q|005'],
    [[2024, 1, 1, 0, 0, 0], '12 AM|1 1|00 01|2024-01|Mon Jan  1 00:00:00 2024|01/01/24|00:00:00|[][]|%Q|001'],
    [[2021, 1, 3, 12, 30, 0], '12 PM|0 7|01 00|2020-53|Sun Jan  3 12:30:00 2021|01/03/21|12:30:00|[][]|%Q|003'],
    [[2020, 12, 31, 23, 59, 59], '11 PM|4 4|52 52|2020-53|Thu Dec 31 23:59:59 2020|12/31/20|23:59:59|[][]|%Q|366'],
    [[2027, 1, 1, 9, 0, 0], '09 AM|5 5|00 00|2026-53|Fri Jan  1 09:00:00 2027|01/01/27|09:00:00|[][]|%Q|001'],
  ];
  for (const [[y, mo, d, h, mi, s], want] of cases) assert.equal(strftime(pat, new Date(y, mo - 1, d, h, mi, s)), want);
});
