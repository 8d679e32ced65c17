import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySource } from '../../../src/config/config-source.js';
import { createBuiltinSource } from '../../../src/config/builtin.js';
import { createRepositoryFromSources } from '../../../src/config/repository.js';
import { composeConfig } from '../../../src/config/compose.js';
import { isOrchOwnedOverride } from '../../../src/config/orch-owned.js';
import { isDict, type CfgDict } from '../../../src/value/value.js';
import { ov } from './helpers.js';

const orchPresets = createMemorySource('mem://orch-presets', {
  'launcher/slurm': '# @package orch.launcher\nname: slurm\n',
  'sweeper/basic': '# @package orch.sweeper\nname: basic\n',
}, { ownedByOrch: true });

/** A project whose own `launcher` group means something else (a robot's launcher), plus orch's presets. */
function repo(projectFiles: Record<string, string>) {
  return createRepositoryFromSources([createMemorySource('mem://project', projectFiles), orchPresets, createBuiltinSource()]);
}

const project = {
  app: 'seed: 1\n',
  'launcher/catapult': 'force: 3\n',
  'cluster/big': '# @package orch.launcher\nname: slurm\npartition: big\n',
};

test("an override is orch's when it sets orch.*, or selects an option of orch's own source or packaged under orch", () => {
  const r = repo(project);
  const owned = (text: string) => isOrchOwnedOverride(r, ov(text)[0]!);
  assert.equal(owned('+launcher=slurm'), true);
  assert.equal(owned('+sweeper=basic'), true);
  assert.equal(owned('orch.launcher.n_jobs=2'), true);
  assert.equal(owned('+cluster=big'), true, 'a project preset packaged under orch.launcher configures orch');
  assert.equal(owned('+launcher=catapult'), false, "the project's own launcher group is the job's, whatever its name");
  assert.equal(owned('seed=2'), false);
});

test("orch's own overrides stay out of override_dirname and orch.overrides.task, and go to orch.overrides.orch", () => {
  const r = repo(project);
  const composed = composeConfig(r, { configName: 'app', overrides: ov('seed=2', '+launcher=slurm', '+launcher@robot=catapult', 'orch.job.name=x'), mode: 'run' });
  const orch = composed.config.get('orch') as CfgDict;
  const job = orch.get('job') as CfgDict;
  const overrides = orch.get('overrides') as CfgDict;
  assert.equal(job.get('override_dirname'), '+launcher@robot=catapult,seed=2');
  assert.deepEqual(overrides.get('task'), ['seed=2', '+launcher@robot=catapult']);
  assert.deepEqual(overrides.get('orch'), ['+launcher=slurm', 'orch.job.name=x']);
  assert.ok(isDict(orch.get('launcher')) && (orch.get('launcher') as CfgDict).get('name') === 'slurm');
});
