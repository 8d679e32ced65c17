/**
 * The conformance corpus at the grammar / sweep level: every case's overrides parse (or fail with
 * the tokens the case requires), and every multirun case's job override lists and
 * override_dirname come out exactly as Hydra's. Config composition is not involved: sweeper params
 * are read straight from the YAML files and glob options from the group folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { conformanceCases, type CaseInput as Case } from '../../helpers/conformance.js';
import { checkOverridesForMode, createOverrideDirname, isReservedOverride, parseOverride, toCfgValue, type Override } from '../../../src/overrides/index.js';
import { expandBasicSweep } from '../../../src/sweep/index.js';
import type { CfgValue } from '../../../src/value/value.js';

/** Failures produced by the grammar or the sweeper rather than by composition. */
const GRAMMAR_ERROR_CASES = new Set(['026', '029', '185', '187']);

function sweeperParams(dir: string, c: Case): Map<string, CfgValue> {
  const params = new Map<string, CfgValue>();
  const files = [c.config_name && join(dir, 'config', `${c.config_name}.yaml`)];
  for (const o of c.overrides) {
    const m = /^\+?experiment=([\w-]+)$/.exec(o);
    if (m) files.push(join(dir, 'config', 'experiment', `${m[1]}.yaml`));
  }
  for (const f of files) {
    if (!f || !existsSync(f)) continue;
    const doc = parseYaml(readFileSync(f, 'utf8')) as { orch?: { sweeper?: { params?: Record<string, unknown> } } } | null;
    for (const [k, v] of Object.entries(doc?.orch?.sweeper?.params ?? {})) params.set(k, v as CfgValue);
  }
  return params;
}

function groupOptions(dir: string, group: string): string[] {
  const folder = join(dir, 'config', group);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
}

function excludeKeys(overrides: Override[]): string[] {
  const o = overrides.find((x) => x.key === 'orch.job.config.override_dirname.exclude_keys');
  const v = o?.value && o.value.kind === 'list' ? toCfgValue(o.value) : [];
  return (v as string[]).map(String);
}

function run(dir: string, c: Case) {
  const overrides = c.overrides.map(parseOverride);
  checkOverridesForMode(overrides, c.multirun ? 'multirun' : 'run');
  if (!c.multirun) return { overrides };
  const jobs = expandBasicSweep({
    overrides,
    params: sweeperParams(dir, c),
    listGroupOptions: (g) => groupOptions(dir, g),
  });
  return { overrides, jobs: [...jobs] };
}

for (const { name, dir, input: c, expectedText } of conformanceCases()) {
  const expected = JSON.parse(expectedText) as Record<string, unknown>;
  const grammarError = expected.ok === false &&
    (expected.error_type === 'OverrideParseException' || GRAMMAR_ERROR_CASES.has(name.slice(0, 3)));

  if (grammarError) {
    test(`conformance ${name}: fails mentioning ${JSON.stringify(c.must_mention ?? [])}`, () => {
      assert.throws(() => run(dir, c), (e: unknown) => {
        const msg = (e as Error).message.toLowerCase();
        for (const token of c.must_mention ?? []) assert.ok(msg.includes(token.toLowerCase()), `${token} not in:\n${msg}`);
        return true;
      });
    });
    continue;
  }
  if (expected.ok === false && expected.phase === 'compose') {
    // Composition errors: the overrides themselves must still be valid grammar.
    test(`conformance ${name}: overrides parse`, () => {
      for (const o of c.overrides) parseOverride(o);
    });
    continue;
  }

  test(`conformance ${name}: ${c.multirun ? 'job overrides and override_dirname' : 'overrides parse, override_dirname'}`, () => {
    const result = run(dir, c);
    const dirname = createOverrideDirname({ excludeKeys: excludeKeys(result.overrides) });
    if (!c.multirun) {
      if (typeof expected.override_dirname !== 'string') return;
      const task = result.overrides.filter((o) => !isReservedOverride(o)).map((o) => o.input);
      assert.equal(dirname(task), expected.override_dirname);
      return;
    }
    const jobs = expected.jobs as Array<{ overrides: string[]; override_dirname: string }>;
    assert.deepEqual(result.jobs, jobs.map((j) => j.overrides));
    assert.deepEqual(result.jobs!.map(dirname), jobs.map((j) => j.override_dirname));
  });
}
