/**
 * `orch status` of a Slurm sweep run with `--no-wait`: the jobs' records written on the nodes are
 * told to the journal once (with their metrics), so the next status neither asks Slurm about them
 * nor reads their files. Python task, the local Slurm.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { cancelArrays, detectSlurm } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const submitted: string[] = [];
after(() => cancelArrays(submitted));

const finishedLines = (sweep: string) => readFileSync(join(sweep, '.orch/journal.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"ev":"finished"'));

test('Slurm --no-wait: status folds the node-side records into the journal once; later statuses read the journal', { skip, timeout: 240_000 }, async () => {
  const dir = copyFixture('cli/pymetrics');
  const sweep = join(dir, 'outputs/s');
  const r = orch(dir, ['diverge', '-m', 'seed=1,2', '+launcher=slurm', '--no-wait', `orch.sweep.dir=${sweep}`]);
  assert.equal(r.code, 0, r.stderr);
  submitted.push(String(JSON.parse(readFileSync(join(sweep, 'slurm.json'), 'utf8')).submissions[0].arrayJobId));
  let status: { counts: Record<string, number>; jobs: Array<{ metric?: number }> } = { counts: {}, jobs: [] };
  for (const deadline = Date.now() + 180_000; status.counts.completed !== 2; await new Promise((res) => setTimeout(res, 500))) {
    if (Date.now() > deadline) throw new Error(`the sweep did not complete: ${JSON.stringify(status.counts)}`);
    const s = orch(dir, ['status', sweep, '--json']);
    assert.equal(s.code, 0, s.stderr);
    status = JSON.parse(s.stdout.replace(/\bNaN\b/g, 'null'));
  }
  assert.deepEqual(status.jobs.map((j) => j.metric), [0.81, 0.8200000000000001]);
  const folded = finishedLines(sweep);
  assert.equal(folded.length, 2, 'one finished event per job');
  for (const l of folded) assert.match(l, /"metrics":\{"acc":0\.8[12]\d*,"converged":true\},"warnings":0\}/);

  // Told once: another status appends nothing, and shows the journal's values (files changed since are not read).
  for (const d of readdirSync(sweep).filter((n) => /^\d+$/.test(n))) writeFileSync(join(sweep, d, 'metrics.json'), '{"acc": 0.123}\n');
  const again = JSON.parse(orch(dir, ['status', sweep, '--json']).stdout) as typeof status;
  assert.deepEqual(again.jobs.map((j) => j.metric), [0.81, 0.8200000000000001]);
  assert.equal(finishedLines(sweep).length, 2);
});
