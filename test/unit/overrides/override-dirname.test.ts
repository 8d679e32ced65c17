import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOverrideDirname, overrideDirname } from '../../../src/overrides/index.js';

/** [name, overrides, exclude keys, kv sep, item sep, expected] */
const cases: Array<[string, string[], string[], string, string, string]> = [
  ['sorted as plain strings', ['b=2', 'a=1', '+c=x', 'model=net2'], [], '=', ',', '+c=x,a=1,b=2,model=net2'],
  ['text kept as given', ['server=nginx', 'db.port=1', '+z=a b', 'db=postgres'], [], '=', ',', '+z=a b,db.port=1,db=postgres,server=nginx'],
  ['exclude by key', ['seed=1', 'a=3'], ['seed'], '=', ',', 'a=3'],
  ['exclude ignores the + prefix', ['+a.b=1', 'c=2'], ['a.b'], '=', ',', 'c=2'],
  ['exclude ignores the package', ['db@src=mysql', 'c=2'], ['db'], '=', ',', 'c=2'],
  ['exclude a deletion', ['~b=null', 'a=1'], ['b'], '=', ',', 'a=1'],
  ['custom separators replace every =', ['a=x=y', 'b=1'], [], ':', '/', 'a:x:y/b:1'],
  ['empty', [], [], '=', ',', ''],
  ['escaped interpolation', ['+i=$\\{b\\}', 'a=1'], [], '=', ',', '+i=$\\{b\\},a=1'],
];

for (const [name, overrides, exclude, kv, item, expected] of cases) {
  test(`override_dirname: ${name}`, () => {
    assert.equal(overrideDirname(overrides, exclude, kv, item), expected);
  });
}

test('override_dirname: a reusable instance gives the same answers', () => {
  const dirname = createOverrideDirname({ excludeKeys: ['seed'] });
  assert.equal(dirname(['seed=1', 'b=2', 'a=1']), 'a=1,b=2');
  assert.equal(dirname(['seed=2', 'b=2', 'a=1']), 'a=1,b=2');
});
