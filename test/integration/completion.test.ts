/** Shell completion: the script `orch completion bash` prints, run by a real bash on a config tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

function complete(project: string, script: string, line: string): string[] {
  const words = line.endsWith(' ') ? `${line}""` : line;
  const r = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _orch; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion completes tasks, groups, options and keys from the config tree', () => {
  const project = copyFixture('completion');
  const script = join(project, 'orch.bash');
  const r = orch(project, ['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(script, r.stdout);
  assert.ok(complete(project, script, 'orch ').includes('train'));
  assert.ok(complete(project, script, 'orch ').includes('report'));
  assert.deepEqual(complete(project, script, 'orch train model='), ['model=net2', 'model=net5']);
  assert.deepEqual(complete(project, script, 'orch train model.w'), ['model.width=']);
  assert.deepEqual(complete(project, script, 'orch train +training.'), ['+training.epochs=', '+training.lr=']);
  assert.deepEqual(complete(project, script, 'orch train db/engine='), ['db/engine=innodb']);
  const all = complete(project, script, 'orch train ');
  for (const w of ['seed=', 'db.engine.kind=', 'model=', 'training.lr=']) assert.ok(all.includes(w), `${w} in ${all.join(' ')}`);
  assert.ok(!all.some((w) => w.startsWith('defaults')), 'the defaults list is not a key');
});
