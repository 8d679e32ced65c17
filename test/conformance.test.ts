/**
 * Hydra 1.3.2 differential conformance corpus (test/fixtures/conformance, see its README): every case
 * is composed in-process and compared exactly, key order included. expected.json is read with an
 * order-preserving parser so integer-like keys keep their place; values compare through `toJson`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceCases } from './helpers/conformance.js';
import { createConfigRepository } from '../src/config/repository.js';
import { jobConfigOf } from '../src/config/compose.js';
import { resolveJobConfig } from '../src/config/resolve-job.js';
import { parseOrderedJson } from '../src/config/ordered-json.js';
import { createResolverRegistry } from '../src/config/interpolation/index.js';
import { composeJobsUnresolved, overrideDirnameOf, type UnresolvedJob } from '../src/plan/compose-jobs.js';
import { OrchError } from '../src/errors.js';
import { isDict, toJson, type CfgDict, type CfgValue } from '../src/value/value.js';


function field(m: CfgValue, key: string): CfgValue {
  assert.ok(isDict(m), `expected an object holding '${key}'`);
  return m.get(key)!;
}

/** The message a user would see: the error text and its hint. */
function messageOf(e: unknown): string {
  if (!(e instanceof OrchError)) throw e; // anything else is a bug, not an expected failure
  return `${e.message}\n${e.hint ?? ''}`.toLowerCase();
}

function assertMentions(e: unknown, mustMention: CfgValue): void {
  const text = messageOf(e);
  for (const token of mustMention as string[]) assert.ok(text.includes(token.toLowerCase()), `error should mention '${token}':\n${text}`);
}

function checkJob(job: UnresolvedJob, expected: CfgDict, resolvers: ReturnType<typeof createResolverRegistry>): void {
  assert.equal(toJson(jobConfigOf(job.composed.config), 1), toJson(field(expected, 'config_unresolved'), 1), 'config_unresolved');
  assert.equal(overrideDirnameOf(job.composed), field(expected, 'override_dirname'), 'override_dirname');
  assert.equal(toJson(resolveJobConfig(job.composed.config, { resolvers }).config, 1), toJson(field(expected, 'config'), 1), 'config');
}

for (const { name, input, expectedText, configDir } of conformanceCases()) {
  test(name, () => {
    const expected = parseOrderedJson(expectedText) as CfgDict;
    const repo = createConfigRepository({ configDir });
    const resolvers = createResolverRegistry({ env: {} });
    const run = (): UnresolvedJob[] =>
      composeJobsUnresolved(repo, { configName: input.config_name, overrides: input.overrides, multirun: input.multirun, resolvers });

    if (expected.get('ok') === false && expected.get('phase') === 'compose') {
      assert.throws(run, (e: unknown) => (assertMentions(e, expected.get('must_mention')!), true));
      return;
    }
    const jobs = run();
    if (expected.get('ok') === false) {
      assert.equal(jobs.length, 1);
      assert.equal(toJson(jobConfigOf(jobs[0]!.composed.config), 1), toJson(field(expected, 'config_unresolved'), 1), 'config_unresolved');
      assert.throws(() => resolveJobConfig(jobs[0]!.composed.config, { resolvers }), (e: unknown) => (assertMentions(e, expected.get('must_mention')!), true));
      return;
    }
    if (!input.multirun) {
      assert.equal(jobs.length, 1);
      checkJob(jobs[0]!, expected, resolvers);
      return;
    }
    const want = field(expected, 'jobs') as CfgDict[];
    assert.deepEqual(jobs.map((j) => j.overrides), want.map((w) => field(w, 'overrides')), 'job overrides');
    jobs.forEach((job, i) => checkJob(job, want[i]!, resolvers));
  });
}
