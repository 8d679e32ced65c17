/** Shell completion on a typed tree: schema files are not tasks, options or keys; TOML/JSON options complete. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

function complete(project: string, script: string, line: string): string[] {
  const words = line.endsWith(' ') ? `${line}""` : line;
  const r = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _orch; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion skips schema files and completes options in every format', () => {
  const project = copyFixture('schema/basic');
  process.on('exit', () => rmSync(project, { recursive: true, force: true }));
  const script = join(project, 'orch.bash');
  const r = orch(project, ['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(script, r.stdout);
  const tasks = complete(project, script, 'orch ');
  assert.ok(tasks.includes('train') && !tasks.includes('train.schema'), tasks.join(' '));
  assert.deepEqual(complete(project, script, 'orch train model='), ['model=net2', 'model=net5']);
  assert.deepEqual(complete(project, script, 'orch train optimizer='), ['optimizer=adam', 'optimizer=sgd']);
  const keys = complete(project, script, 'orch train ');
  assert.ok(keys.includes('training.epochs='), keys.join(' '));
  assert.ok(!keys.some((k) => k.includes('properties')), keys.join(' '));
});
