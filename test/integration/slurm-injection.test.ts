import { test, after } from 'node:test';
import { sourceOfJobs } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedJob } from '../../src/plan/types.js';
import { createSlurmLauncher } from '../../src/launchers/slurm/launcher.js';
import { renderScripts } from '../../src/launchers/slurm/render.js';
import { cancelArrays, removeTempDirs, detectSlurm, tempSweepDir, waitForJobs } from '../helpers/slurm.js';
import { REPO_ROOT } from '../helpers/paths.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const submitted: string[] = [];
after(() => { cancelArrays(submitted); removeTempDirs(); });

const QUOTE = `'; touch PWNED; '`;
const SUBST = '$(touch PWNED)';
const TICKS = '`touch PWNED`';
const NASTY = `${QUOTE} ${SUBST} ${TICKS} "dq" \\ #x`;

function pwnedFiles(base: string): string[] {
  const found = spawnSync('find', [base, '-name', 'PWNED'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const dir of [REPO_ROOT, process.cwd(), tmpdir(), homedir(), '/']) if (existsSync(join(dir, 'PWNED'))) found.push(join(dir, 'PWNED'));
  return found;
}

test('hostile values in job name, paths, setup, additional_parameters, env and argv run nothing', { skip, timeout: 120_000 }, async () => {
  const base = tempSweepDir('orch-inject-');
  const sweepDir = join(base, `sweep ${QUOTE}${SUBST}${TICKS}`);
  const cwd = join(base, `cwd ${SUBST}`);
  mkdirSync(cwd, { recursive: true });
  const jobs: PlannedJob[] = [0, 1].map((num) => {
    const outputDir = join(sweepDir, `${num} ${TICKS}`);
    mkdirSync(join(outputDir, '.orch'), { recursive: true });
    return {
      num, overrides: [`lr=${SUBST}`], overrideDirname: '', outputDir, cwd,
      argv: ['bash', '-c', 'printf "%s" "$1" > "$ORCH_OUTPUT_DIR/arg.txt"; printf "%s" "$SLURM_JOB_NAME" > "$ORCH_OUTPUT_DIR/name.txt"; printf "%s" "$EXTRA" > "$ORCH_OUTPUT_DIR/env.txt"', 'argv0', NASTY],
      env: { ORCH_OUTPUT_DIR: outputDir, EXTRA: NASTY },
    };
  });
  const settings = {
    name: 'slurm', partition: 'debug', job_name: NASTY,
    additional_parameters: { comment: NASTY },
    setup: [`echo ${QUOTE}`, ['echo', SUBST], `echo ${TICKS}`],
  };
  const launcher = createSlurmLauncher(settings);
  const handles = await launcher.submit(sourceOfJobs(jobs), { sweepDir, settings, projectRoot: cwd, task: 't', interactive: false });
  submitted.push(...launcher.arrayJobIds);
  const comment = spawnSync('scontrol', ['-o', 'show', 'job', launcher.arrayJobIds[0]!], { encoding: 'utf8' }).stdout;
  const states = await waitForJobs(launcher, handles);
  assert.deepEqual(states.map((s) => s.status), ['completed', 'completed'], JSON.stringify(states));
  for (const job of jobs) {
    assert.equal(readFileSync(join(job.outputDir, 'arg.txt'), 'utf8'), NASTY);
    assert.equal(readFileSync(join(job.outputDir, 'name.txt'), 'utf8'), NASTY);
    assert.equal(readFileSync(join(job.outputDir, 'env.txt'), 'utf8'), NASTY);
  }
  assert.ok(comment.includes(`Comment=${NASTY}`), 'the comment reached Slurm unchanged');
  assert.deepEqual(pwnedFiles(base), []);

  // A hostile partition is Slurm's to reject; the script is never run.
  await assert.rejects(
    createSlurmLauncher({}).submit(sourceOfJobs(jobs), { sweepDir, settings: { ...settings, partition: NASTY }, projectRoot: cwd, task: 't', interactive: false }),
    { code: 'SLURM_UNKNOWN_PARTITION' });
  // A line break would end the #SBATCH comment: refused before sbatch.
  assert.throws(() => renderScripts(jobs, { name: 'slurm', additional_parameters: { comment: 'a\ntouch PWNED' } }, { sweepDir }), { code: 'SLURM_SETTING' });
  assert.throws(() => renderScripts(jobs, { name: 'slurm', partition: 'a\rtouch PWNED' }, { sweepDir }), { code: 'SLURM_SETTING' });
  assert.deepEqual(pwnedFiles(base), []);
});
