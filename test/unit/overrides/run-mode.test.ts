import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOverridesForMode, parseOverride, SweepError, type RunMode } from '../../../src/overrides/index.js';

/** [name, override, mode, error code or undefined, words in the message] */
const cases: Array<[string, string, RunMode, string | undefined, string[]]> = [
  ['simple sweep in a run is ambiguous', 'a=1,2', 'run', 'SWEEP_IN_SINGLE_RUN', ['a=1,2', 'Ambiguous', '--multirun', "key='value1,value2'"]],
  ['multi-arg cast in a run is ambiguous', '+x=int(1,2)', 'run', 'SWEEP_IN_SINGLE_RUN', ['+x=int(1,2)', '--multirun']],
  ['range in a run needs multirun', 'a=range(3)', 'run', 'SWEEP_IN_SINGLE_RUN', ['a=range(3)', '--multirun']],
  ['choice() in a run needs multirun', 'a=choice(1,2)', 'run', 'SWEEP_IN_SINGLE_RUN', ['a=choice(1,2)', '--multirun']],
  ['plain value in a run', 'a=[1,2]', 'run', undefined, []],
  ['quoted commas in a run', "a='1,2'", 'run', undefined, []],
  ['sweep in a multirun', 'a=1,2', 'multirun', undefined, []],
  ['sweep over orch in a multirun', 'orch.launcher.n_jobs=1,2', 'multirun', 'SWEEP_RESERVED', ['orch.launcher.n_jobs=1,2', 'not supported']],
  ['plain orch setting in a multirun', 'orch.launcher.n_jobs=2', 'multirun', undefined, []],
];

for (const [name, input, mode, code, words] of cases) {
  test(`run mode: ${name}`, () => {
    const check = (): void => checkOverridesForMode([parseOverride(input)], mode);
    if (code === undefined) {
      assert.doesNotThrow(check);
      return;
    }
    assert.throws(check, (e: unknown) => {
      assert.ok(e instanceof SweepError);
      assert.equal(e.code, code);
      for (const w of words) assert.ok(`${e.message}\n${e.hint ?? ''}`.includes(w), `${w} not in ${e.message}`);
      return true;
    });
  });
}
