import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverrideParseError, parseOverride } from '../../../src/overrides/index.js';

test('a grammar error hints at the README, not at the source tree', () => {
  assert.throws(() => parseOverride('a=[1,2'), (e: unknown) => {
    assert.ok(e instanceof OverrideParseError);
    assert.match(e.hint ?? '', /README, section Override grammar/);
    assert.doesNotMatch(e.hint ?? '', /src\//);
    return true;
  });
});
