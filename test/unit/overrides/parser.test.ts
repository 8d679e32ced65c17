import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride, OverrideParseError, type ParsedValue, type Sweep } from '../../../src/overrides/index.js';

const int = (value: number): ParsedValue => ({ kind: 'int', value });
const float = (value: number): ParsedValue => ({ kind: 'float', value });
const str = (text: string): ParsedValue => ({ kind: 'string', text });
const q = (text: string, quote: "'" | '"' = "'"): ParsedValue => ({ kind: 'string', text, quote });
const bool = (value: boolean): ParsedValue => ({ kind: 'bool', value });
const nul: ParsedValue = { kind: 'null' };
const list = (...items: ParsedValue[]): ParsedValue => ({ kind: 'list', items });
const choice = (items: ParsedValue[], simple = false, extra: Partial<Sweep> = {}): Sweep =>
  ({ kind: 'choice', items, simple, tags: [], shuffle: false, ...extra }) as Sweep;

const valueCases: Array<[string, string, ParsedValue | Sweep]> = [
  ['int', 'a=42', int(42)],
  ['negative int', 'a=-7', int(-7)],
  ['plus-signed int', 'a=+3', int(3)],
  ['underscored int', 'a=1_000', int(1000)],
  ['zero', 'a=0', int(0)],
  ['exponent float', 'a=1e3', float(1000)],
  ['leading-dot float', 'a=.5', float(0.5)],
  ['trailing-dot float', 'a=1.', float(1)],
  ['inf', 'a=inf', float(Infinity)],
  ['-inf', 'a=-inf', float(-Infinity)],
  ['+inf', 'a=+inf', float(Infinity)],
  ['INF any case', 'a=INF', float(Infinity)],
  ['bool any case', 'a=tRuE', bool(true)],
  ['FALSE', 'a=FALSE', bool(false)],
  ['yes stays a string', 'a=yes', str('yes')],
  ['off stays a string', 'a=off', str('off')],
  ['null', 'a=null', nul],
  ['NULL', 'a=NULL', nul],
  ['hex-looking string', 'a=0x1F', str('0x1F')],
  ['octal-looking string', 'a=007', str('007')],
  ['version string', 'a=1.2.3', str('1.2.3')],
  ['date string', 'a=2024-01-01', str('2024-01-01')],
  ['1e is a string', 'a=1e', str('1e')],
  ['infinity is a string', 'a=infinity', str('infinity')],
  ['true_x is an id', 'a=true_x', str('true_x')],
  ['spaces inside', 'a=hello world', str('hello world')],
  ['outer blanks dropped', 'a=  padded  ', str('padded')],
  ['inner blanks kept', 'a=a  b', str('a  b')],
  ['path with colon', 'a=/path/to:x', str('/path/to:x')],
  ['url', 'a=http://example.com/x', str('http://example.com/x')],
  ['special chars', 'a=100%', str('100%')],
  ['pipe and question', 'a=a|b?', str('a|b?')],
  ['email', 'a=user@host', str('user@host')],
  ['lone backslash kept', 'a=x\\y', str('x\\y')],
  ['escaped comma and space', 'a=a\\,b\\ c', str('a,b c')],
  ['escaped backslash', 'a=c:\\\\temp', str('c:\\temp')],
  ['escaped brackets', 'a=\\[x\\]', str('[x]')],
  ['empty value', 'a=', str('')],
  ['single quoted', "a='single quoted'", q('single quoted')],
  ['escaped single quote', "a='it\\'s'", q("it's")],
  ['quoted comma', "a='a,b'", q('a,b')],
  ['quoted true stays string', "a='true'", q('true')],
  ['empty quotes', "a=''", q('')],
  ['double quoted', 'a="say \\"hi\\""', q('say "hi"', '"')],
  ['backslash not before quote', 'a="x\\y"', q('x\\y', '"')],
  ['trailing escaped backslash', 'a="c:\\\\temp\\\\"', q('c:\\\\temp\\', '"')],
  ['interpolation', 'a=${count}', str('${count}')],
  ['interpolation inside text', 'a=pre_${label}_post', str('pre_${label}_post')],
  ['resolver interpolation', 'a=${oc.env:HOME,/tmp}', str('${oc.env:HOME,/tmp}')],
  ['list', 'a=[1,2,[3]]', list(int(1), int(2), list(int(3)))],
  ['empty list', 'a=[]', list()],
  ['list with blanks', 'a=[ a , b ,c ]', list(str('a'), str('b'), str('c'))],
  ['mixed list', "a=[1,'x',null,true,1.5]", list(int(1), q('x'), nul, bool(true), float(1.5))],
  ['empty dict', 'a={}', { kind: 'dict', entries: [], typedKeys: [] }],
  ['dict keys as JSON writes them', 'a={a:1, 1:b, 1.5:c, true:t}', {
    kind: 'dict',
    entries: [['a', int(1)], ['1', str('b')], ['1.5', str('c')], ['true', str('t')]],
    typedKeys: [str('a'), int(1), float(1.5), bool(true)],
  }],
  ['dict value with colons', 'a={u:http://x}', { kind: 'dict', entries: [['u', str('http://x')]], typedKeys: [str('u')] }],
  ['int cast of float', 'a=int(3.9)', int(3)],
  ['int cast of quoted', "a=int('5')", int(5)],
  ['int cast truncates toward zero', 'a=int(-2.5)', int(-2)],
  ['float cast', 'a=float(2)', float(2)],
  ['float cast of quoted exponent', "a=float('1e2')", float(100)],
  ['str cast of int', 'a=str(1)', str('1')],
  ['str cast of bool is lowercase', 'a=str(true)', str('true')],
  ['str cast of float', 'a=str(1e3)', str('1000.0')],
  ['str cast of underscored int', 'a=str(1_000)', str('1000')],
  ['bool cast of int', 'a=bool(0)', bool(false)],
  ["bool cast of 'False'", "a=bool('False')", bool(false)],
  ['bool cast of float', 'a=bool(2.5)', bool(true)],
  ['named cast argument', 'a=str(value=5)', str('5')],
  ['blanks inside call', 'a=int( 3.5 )', int(3)],
  ['blank before paren', 'a=float (1)', float(1)],
  ['cast over list', 'a=int([1.5,2.5])', list(int(1), int(2))],
  ['cast over dict values', 'a=str({a:1})', { kind: 'dict', entries: [['a', str('1')]], typedKeys: [str('a')] }],
  ['simple choice', 'a=1,2,3', choice([int(1), int(2), int(3)], true)],
  ['simple choice keeps quotes', "a='x,y',z", choice([q('x,y'), str('z')], true)],
  ['choice of lists', 'a=[1,2],[3]', choice([list(int(1), int(2)), list(int(3))], true)],
  ['cast with several args is a sweep', 'a=int(1.5,2)', choice([int(1), int(2)], true)],
  ['cast over a choice', 'a=str(choice(1,2))', choice([str('1'), str('2')])],
  ['choice()', 'a=choice(1,2)', choice([int(1), int(2)])],
  ['choice() unquotes direct arguments', "a=choice('x,y',z)", choice([str('x,y'), str('z')])],
  ['range(stop)', 'a=range(3)', { kind: 'range', start: 0, stop: 3, step: 1, isFloat: false, tags: [], shuffle: false }],
  ['range with step', 'a=range(1,10,3)', { kind: 'range', start: 1, stop: 10, step: 3, isFloat: false, tags: [], shuffle: false }],
  ['float range', 'a=range(0,1,0.25)', { kind: 'range', start: 0, stop: 1, step: 0.25, isFloat: true, tags: [], shuffle: false }],
  ['range named step', 'a=range(5,0,step=-2)', { kind: 'range', start: 5, stop: 0, step: -2, isFloat: false, tags: [], shuffle: false }],
  ['interval', 'a=interval(0,1)', { kind: 'interval', start: 0, end: 1, tags: [] }],
  ['int(interval) marks an int interval', 'a=int(interval(1.5,5))', { kind: 'interval', start: 1, end: 5, tags: [], isInt: true }],
  ['float(int(interval)) is a float interval again', 'a=float(int(interval(1,5)))', { kind: 'interval', start: 1, end: 5, tags: [] }],
  ['glob string', 'a=glob(net*,exclude=net5)', { kind: 'glob', include: ['net*'], exclude: ['net5'], tags: [] }],
  ['glob lists', 'a=glob(include=[net*,res*],exclude=[net1])', { kind: 'glob', include: ['net*', 'res*'], exclude: ['net1'], tags: [] }],
  ['sort strings', 'a=sort(b,c,a)', choice([str('a'), str('b'), str('c')], true, { sort: 'asc' })],
  ['sort reverse', 'a=sort(3,1,2,reverse=true)', choice([int(3), int(2), int(1)], true, { sort: 'desc' })],
  ['sort a list', 'a=sort([3,1,2])', list(int(1), int(2), int(3))],
  ['sort range reverse', 'a=sort(range(0,3),reverse=true)',
    { kind: 'range', start: 2, stop: -1, step: -1, isFloat: false, tags: [], shuffle: false, sort: 'desc' }],
  ['sort range reverse uses the real last value', 'a=sort(range(0,5,2),reverse=true)',
    { kind: 'range', start: 4, stop: -2, step: -2, isFloat: false, tags: [], shuffle: false, sort: 'desc' }],
  ['shuffle marks the sweep', 'a=shuffle(1,2,3)', choice([int(1), int(2), int(3)], true, { shuffle: true, seed: undefined })],
  ['seeded shuffle', 'a=shuffle(choice(1,2),seed=3)', choice([int(1), int(2)], false, { shuffle: true, seed: 3 })],
  ['seeded list shuffle is Python order', 'a=shuffle(list=[0,1,2,3,4,5,6,7,8,9],seed=42)',
    list(...[7, 3, 2, 8, 5, 6, 9, 4, 0, 1].map(int))],
  ['tag', 'a=tag(fast,choice(1,2))', choice([int(1), int(2)], false, { tags: ['fast'] })],
  ['tag with sweep=', 'a=tag(b,a,sweep=range(2))', { kind: 'range', start: 0, stop: 2, step: 1, isFloat: false, tags: ['a', 'b'], shuffle: false }],
];

for (const [name, input, expected] of valueCases) {
  test(`value: ${name} (${input})`, () => {
    assert.deepEqual(parseOverride(input).value, expected);
  });
}

test('value: nan', () => {
  const v = parseOverride('a=NaN').value;
  assert.equal(v?.kind, 'float');
  assert.ok(v?.kind === 'float' && Number.isNaN(v.value));
});

const keyCases: Array<[string, string, object]> = [
  ['change', 'a.b=1', { kind: 'change', key: 'a.b' }],
  ['add', '+a=1', { kind: 'add', key: 'a' }],
  ['force add', '++a.b=1', { kind: 'forceAdd', key: 'a.b' }],
  ['delete', '~a', { kind: 'delete', key: 'a', value: undefined }],
  ['delete with value', '~a=1', { kind: 'delete', key: 'a' }],
  ['delete with empty value', '~a=', { kind: 'delete', key: 'a', value: str('') }],
  ['group', 'db=mysql', { kind: 'change', key: 'db' }],
  ['group with package', 'db@pkg=mysql', { kind: 'change', key: 'db', pkg: 'pkg' }],
  ['nested group with dotted package', 'db/engine@a.b=innodb', { kind: 'change', key: 'db/engine', pkg: 'a.b' }],
  ['empty package', 'db@=mysql', { kind: 'change', key: 'db', pkg: '' }],
  ['add group', '+experiment=fast', { kind: 'add', key: 'experiment' }],
  ['dash in key', '+my-key=1', { kind: 'add', key: 'my-key' }],
  ['dollar in key', '+$dollar=3', { kind: 'add', key: '$dollar' }],
  ['underscore key', '+_private=2', { kind: 'add', key: '_private' }],
  ['list index', 'lst.1=20', { kind: 'change', key: 'lst.1' }],
  ['reserved node', 'orch.job.name=x', { kind: 'change', key: 'orch.job.name' }],
];

for (const [name, input, expected] of keyCases) {
  test(`key: ${name} (${input})`, () => {
    const o = parseOverride(input);
    for (const [k, v] of Object.entries(expected)) assert.deepEqual((o as unknown as Record<string, unknown>)[k], v, k);
    assert.equal(o.input, input);
  });
}

/** [name, input, caret column, words the message must contain] */
const errorCases: Array<[string, string, number, string[]]> = [
  ['missing equals', 'count', 5, ['count', "missing '='"]],
  ['empty key', '=1', 0, ['missing key']],
  ['unclosed list', 'a=[1,2', 6, ["missing ']'"]],
  ['unclosed list after comma', 'count=[1,', 9, ['[1,', "missing ']'"]],
  ['unclosed dict', 'a={a:1', 6, ["missing '}'"]],
  ['unclosed call', 'a=int(3', 7, ["missing ')'"]],
  ['unterminated quote', "label='abc", 6, ['unterminated', "'abc"]],
  ['unclosed interpolation', '+x=${count', 3, ['${', 'unclosed interpolation']],
  ['unknown function', '+x=json_str({a:1})', 3, ['json_str', 'Available', 'choice']],
  ['bad int cast', "+x=int('abc')", 3, ['int', 'abc', 'invalid literal']],
  ['bad bool cast', "a=bool('maybe')", 2, ['bool', 'maybe']],
  ['bad character', 'a=x#y', 3, ["'#'"]],
  ['unescaped equals', 'a=b=c', 3, ["'='"]],
  ['stray closer', 'a=1)', 3, ["')'"]],
  ['trailing comma', 'a=1,', 4, ['end of value']],
  ['text after quotes', "a='x'y", 5, ["'y'", 'quoted']],
  ['space in key', 'a b=1', 1, ['blank']],
  ['bad key char', 'a!=1', 1, ["'!'"]],
  ['plus without value', '+a', 2, ["missing '='"]],
  ['sweep inside list', 'a=[choice(1,2)]', 3, ['nested']],
  ['sweep inside a simple choice', 'a=1,choice(1,2)', 4, ['nested']],
  ['sweep first in a simple choice', 'a=range(2),3', 2, ['nested']],
  ['positional after keyword', 'a=range(start=1,3)', 16, ['positional argument follows keyword argument']],
  ['unknown keyword', 'a=range(1,foo=2)', 2, ["unexpected keyword argument 'foo'"]],
  ['range of string', 'a=range(x)', 2, ['range', 'str']],
  ['zero step', 'a=range(0,5,0)', 2, ['must not be zero']],
  ['empty choice', 'a=choice()', 2, ['empty choice']],
  ['tag without sweep', 'a=tag(x)', 2, ['tag()']],
  ['null dict key', 'a={null:1}', 3, ['null']],
  ['non-ascii unquoted', 'a=héllo', 3, ["'é'"]],
];

for (const [name, input, column, words] of errorCases) {
  test(`error: ${name} (${input})`, () => {
    assert.throws(() => parseOverride(input), (e: unknown) => {
      assert.ok(e instanceof OverrideParseError, String(e));
      assert.equal(e.code, 'OVERRIDE_PARSE');
      assert.equal(e.column, column, e.message);
      const lines = e.message.split('\n');
      assert.equal(lines[0], `Error parsing override '${input}'`);
      assert.equal(lines[2]!.indexOf('^'), column + 2, e.message);
      for (const w of words) assert.ok(e.message.includes(w), `${JSON.stringify(w)} not in:\n${e.message}`);
      return true;
    });
  });
}

test('error: unknown function suggests the closest name', () => {
  assert.throws(() => parseOverride('a=chioce(1,2)'), (e: unknown) => e instanceof OverrideParseError && /choice/.test(e.hint ?? ''));
});
