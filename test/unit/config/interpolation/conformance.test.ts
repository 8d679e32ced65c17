import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceCases, type ConformanceCase } from '../../../helpers/conformance.js';
import { createResolverRegistry, resolveConfig } from '../../../../src/config/interpolation/index.js';
import { isDict, toJson, type CfgDict, type CfgValue } from '../../../../src/value/value.js';
import { loadModel } from './model-loader.js';

/**
 * For every conformance case whose composed config contains `${`, resolve the reference's
 * `config_unresolved` (composition is another module's job) and compare with its resolved `config`,
 * key order and float formatting included; failing cases must fail naming every `must_mention` token.
 */
interface Run { readonly name: string; readonly unresolved: CfgDict; readonly resolved?: CfgDict; readonly mustMention?: string[] }

function runsOf({ name: caseName, expectedText }: ConformanceCase): Run[] {
  const expected = loadModel(expectedText);
  assert.ok(isDict(expected));
  const get = (d: CfgDict, k: string): CfgValue | undefined => d.get(k);
  const jobs = get(expected, 'jobs');
  const entries: CfgDict[] = Array.isArray(jobs) ? (jobs as CfgDict[]) : [expected];
  return entries.flatMap((e, i) => {
    const unresolved = get(e, 'config_unresolved');
    if (!isDict(unresolved) || !toJson(unresolved).includes('${')) return [];
    const resolved = get(e, 'config');
    const must = get(expected, 'must_mention');
    return [{
      name: entries.length > 1 ? `${caseName} job ${i}` : caseName,
      unresolved,
      resolved: isDict(resolved) ? resolved : undefined,
      mustMention: get(expected, 'ok') === false && Array.isArray(must) ? (must as string[]) : undefined,
    }];
  });
}

const cases = conformanceCases();
const resolvers = createResolverRegistry({ env: {} });

test('the conformance corpus has interpolation cases to check', () => {
  assert.ok(cases.flatMap(runsOf).length >= 15);
});

for (const run of cases.flatMap(runsOf)) {
  test(`conformance ${run.name}`, () => {
    const before = toJson(run.unresolved);
    if (run.mustMention) {
      assert.throws(() => resolveConfig(run.unresolved, { resolvers }), (e: unknown) => {
        assert.ok(e instanceof Error);
        for (const token of run.mustMention!) assert.ok(e.message.includes(token), `${e.message} should mention ${token}`);
        return true;
      });
    } else {
      assert.ok(run.resolved, 'expected a resolved config');
      assert.equal(toJson(resolveConfig(run.unresolved, { resolvers }), 2), toJson(run.resolved, 2));
    }
    assert.equal(toJson(run.unresolved), before, 'the input must not be modified');
  });
}
