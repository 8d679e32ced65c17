import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOrchSettings } from '../../../src/config/orch-settings.js';
import { OrchSettingError } from '../../../src/config/errors.js';
import { composeConfig } from '../../../src/config/compose.js';
import type { CfgDict } from '../../../src/value/value.js';
import { memoryRepo, ov } from './helpers.js';

function orchNode(...overrides: string[]): CfgDict {
  const composed = composeConfig(memoryRepo({ app: 'seed: 1\n' }), { configName: 'app', overrides: ov(...overrides), mode: 'run' });
  return composed.config.get('orch') as CfgDict;
}

function fails(overrides: string[], code: string, pattern: RegExp): void {
  assert.throws(() => checkOrchSettings(orchNode(...overrides)), (e: unknown) => {
    assert.ok(e instanceof OrchSettingError, String(e));
    assert.equal(e.code, code);
    assert.match(`${e.message}\n${e.hint}`, pattern);
    return true;
  });
}

test("orch's base settings, presets' keys and interpolations pass", () => {
  checkOrchSettings(orchNode());
  checkOrchSettings(orchNode('orch.job.name=x', 'orch.run.dir=out/${orch.job.name}', '+orch.sweeper.n_trials=20', 'orch.sweeper.name=tpe', '+orch.sweeper.direction=maximize'));
  checkOrchSettings(orchNode('orch.job.config.override_dirname.exclude_keys=[seed]', '+orch.runtime.anything=1'));
});

test('an unknown orch.* key is an error naming the valid keys, with the closest one', () => {
  fails(['+orch.job.nmae=x'], 'ORCH_SETTING_UNKNOWN', /orch\.job\.nmae.*\n.*Did you mean orch\.job\.name\?.*name, num/s);
  fails(['+orch.lancher.n_jobs=1'], 'ORCH_SETTING_UNKNOWN', /orch\.lancher.*Did you mean orch\.launcher\?/s);
  fails(['+orch.sweeper.n_trial=3'], 'ORCH_SETTING_UNKNOWN', /orch\.sweeper\.n_trial.*Did you mean orch\.sweeper\.n_trials\?/s);
});

test('an ill-typed orch.* value is an error naming what it takes', () => {
  fails(['orch.sweeper.name=grid'], 'ORCH_SETTING_TYPE', /orch\.sweeper\.name: expected one of basic, random, tpe, got "grid"/);
  fails(['+orch.sweeper.n_trials=0'], 'ORCH_SETTING_TYPE', /n_trials: expected an integer >= 1/);
  fails(['+orch.sweeper.direction=up'], 'ORCH_SETTING_TYPE', /minimize, maximize/);
  fails(['orch.run.dir=[1]'], 'ORCH_SETTING_TYPE', /orch\.run\.dir: expected a string/);
});

test("orch.report takes the report's settings without '+', and refuses a key the report does not have", () => {
  checkOrchSettings(orchNode('orch.report.metric=val_loss', 'orch.report.curves=[val_loss]', "orch.report.claim='lr=0.1'"));
  const orch = orchNode('orch.report.metric=val_loss');
  assert.equal((orch.get('report') as CfgDict).get('metric'), 'val_loss');
  fails(['orch.report.metrc=x'], 'ORCH_SETTING_UNKNOWN', /orch\.report\.metrc: not a report setting\nDid you mean orch\.report\.metric\?.*question, metric/s);
  fails(['orch.report=[metric]'], 'ORCH_SETTING_TYPE', /orch\.report: expected a mapping of report settings, got \["metric"\]/);
});

test('a text setting whose default is null still takes only text (a number reads as text)', () => {
  fails(['orch.job.name=[1,2]'], 'ORCH_SETTING_TYPE', /orch\.job\.name: expected a string, got \[1,2\]\nIt is text when set/);
  fails(['orch.run.description={a: 1}'], 'ORCH_SETTING_TYPE', /orch\.run\.description: expected a string, got a mapping/);
  fails(['orch.sweep.hypothesis=[x]'], 'ORCH_SETTING_TYPE', /orch\.sweep\.hypothesis: expected a string/);
  checkOrchSettings(orchNode('orch.job.name=7', 'orch.run.description=null', 'orch.sweep.hypothesis="lr matters"'));
});
