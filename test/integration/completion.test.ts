/** Shell completion: the script `orch completion bash` prints, run by a real bash on a config tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bashCompletion, copyFixture } from '../helpers/cli.js';

test('bash completion completes tasks, groups, options and keys from the config tree', () => {
  const complete = bashCompletion(copyFixture('completion'));
  assert.ok(complete('orch ').includes('train'));
  for (const sub of ['report', 'runs', 'note', 'sync', 'archive']) assert.ok(complete('orch ').includes(sub), `sub-command ${sub}`);
  assert.deepEqual(complete('orch sync model='), [], 'a sub-command takes no overrides');
  assert.deepEqual(complete('orch train model='), ['model=net2', 'model=net5']);
  assert.deepEqual(complete('orch train model.w'), ['model.width=']);
  assert.deepEqual(complete('orch train +training.'), ['+training.epochs=', '+training.lr=']);
  assert.deepEqual(complete('orch train db/engine='), ['db/engine=innodb']);
  const all = complete('orch train ');
  for (const w of ['seed=', 'db.engine.kind=', 'model=', 'training.lr=']) assert.ok(all.includes(w), `${w} in ${all.join(' ')}`);
  assert.ok(!all.some((w) => w.startsWith('defaults')), 'the defaults list is not a key');
});

test("an option's # @package header places its keys: _global_ ones are not offered under the group, others under their package", () => {
  const dir = copyFixture('completion');
  mkdirSync(join(dir, 'config/exp'));
  writeFileSync(join(dir, 'config/exp/big.yaml'), '# @package _global_\nseed: 7\nonly_here: 1\n');
  writeFileSync(join(dir, 'config/exp/moved.yaml'), '# A comment first\n# @package training.extra\nwarmup: 3\n');
  writeFileSync(join(dir, 'config/exp/up.yaml'), '# @package _global_.deep.node\nleaf: 3\n');
  const complete = bashCompletion(dir);
  assert.deepEqual(complete('orch train exp.'), [], 'neither exp.seed= nor exp.only_here=');
  assert.ok(complete('orch train training.').includes('training.extra.warmup='));
  assert.deepEqual(complete('orch train deep.'), ['deep.node.leaf=']);
  assert.ok(complete('orch train ').includes('seed='), "the primary config's own keys are still offered");
});
