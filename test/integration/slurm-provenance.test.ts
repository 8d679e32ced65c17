/**
 * A job dispatched on the node (Slurm by index) names the sweep's provenance file and carries the
 * code state in its record, as a local job does: a Python command task and a TypeScript task.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { cancelArrays, detectSlurm } from '../helpers/slurm.js';
import { gitProject } from './git-project.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
const submitted: string[] = [];
after(() => cancelArrays(submitted));

test('Slurm: node-side records name the provenance file and the code state (command and TypeScript tasks)', { skip, timeout: 240_000 }, () => {
  const { dir } = gitProject();
  writeFileSync(join(dir, 'config/greet.yaml'), 'seed: 0\n');
  writeFileSync(join(dir, 'runs/greet.ts'), 'export default async (cfg: { seed: number }) => ({ seed: cfg.seed });\n');
  for (const task of ['train', 'greet']) {
    const r = orch(dir, [task, '-m', 'seed=1,2', '+launcher=slurm', `orch.sweep.dir=outputs/${task}`]);
    const sweep = join(dir, 'outputs', task);
    submitted.push(...json(join(sweep, 'slurm.json')).submissions.map((s: { arrayJobId: string }) => s.arrayJobId));
    assert.equal(r.code, 0, r.stderr);
    const files = readdirSync(join(sweep, '.orch/provenance'));
    assert.equal(files.length, 1);
    for (const n of [0, 1]) {
      const rec = json(join(sweep, String(n), '.orch/run.json'));
      assert.equal(rec.status, 'completed', `${task} job ${n}`);
      assert.equal(rec.provenance, `../.orch/provenance/${files[0]}`, `${task} job ${n}`);
      assert.match(rec.git?.codeState ?? '', /^sha256:/, `${task} job ${n}`);
      assert.match(rec.configHash ?? '', /^sha256:/, `${task} job ${n}`);
    }
  }
});
