import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride, OverrideParseError } from '../../../src/overrides/index.js';

test('zip: members are whole overrides (group options, +key, dotted keys, @package), in order', () => {
  const o = parseOverride("model_opt=zip(model=choice(resnet,vit), +optimizer.lr=range(1,3), db@backup=choice(a,b), s=choice('x,y',z))");
  assert.equal(o.key, 'model_opt');
  assert.equal(o.value?.kind, 'zip');
  const members = o.value!.kind === 'zip' ? o.value.members : [];
  assert.deepEqual(members.map((m) => [m.kind, m.key, m.pkg, m.value?.kind, m.input]), [
    ['change', 'model', undefined, 'choice', 'model=choice(resnet,vit)'],
    ['add', 'optimizer.lr', undefined, 'range', '+optimizer.lr=range(1,3)'],
    ['change', 'db', 'backup', 'choice', 'db@backup=choice(a,b)'],
    ['change', 's', undefined, 'choice', "s=choice('x,y',z)"],
  ]);
});

test('zip: blanks around members and before the parenthesis are allowed', () => {
  const o = parseOverride('d=zip (  a=choice(1,2) ,  b=choice(3,4)  )');
  assert.equal(o.value?.kind === 'zip' && o.value.members.map((m) => m.input).join('|'), 'a=choice(1,2)|b=choice(3,4)');
});

/** [name, override, part of the reason, column of the caret] */
const errors: Array<[string, string, RegExp, number]> = [
  ['a member that is not a sweep', 'd=zip(a=1, b=choice(1,2))', /member 'a=1' must be a choice\(\.\.\.\) or range\(\.\.\.\) sweep, not a int/, 6],
  ['a simple choice member (its commas split members)', 'd=zip(a=x,y)', /member 'a=x' must be a choice/, 6],
  ['an interval member', 'd=zip(a=interval(0,1))', /not a interval/, 6],
  ['a shuffled member', 'd=zip(a=shuffle(1,2), b=choice(3,4))', /is shuffled/, 6],
  ['a delete member', 'd=zip(~a)', /unexpected character '~'/, 6],
  ['a key set twice', 'd=zip(a=choice(1,2), a=choice(3,4))', /sets 'a' twice \(members 1 and 2\)/, 21],
  ['an empty zip', 'd=zip()', /at least one member/, 6],
  ['text after the zip', 'd=zip(a=choice(1,2)),3', /must be the whole value/, 20],
  ['a missing parenthesis', 'd=zip(a=choice(1,2)', /missing '\)'/, 19],
  ['a prefix on the dimension', '+d=zip(a=choice(1,2))', /names the dimension/, 0],
  ['a nested zip', 'd=choice(zip(a=choice(1,2)))', /must be the whole value of an override/, 9],
  ['a member that does not parse: the caret is in the member', 'd=zip(a=choice(1,2), b=choice(x,=))', /in zip\(\) member 'b=choice\(x,=\)': unexpected '='/, 32],
];
for (const [name, input, reason, column] of errors) {
  test(`zip: ${name} is a parse error`, () => {
    assert.throws(() => parseOverride(input), (e: unknown) => {
      assert.ok(e instanceof OverrideParseError, String(e));
      assert.match(e.reason, reason);
      assert.equal(e.column, column, e.message);
      assert.equal(e.code, 'OVERRIDE_PARSE');
      return true;
    });
  });
}
