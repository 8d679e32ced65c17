// Typed configs: (1) cold `orch compose` of a tree with a schema on every group against the same
// tree without schemas (goal: ratio <= 1.2); (2) validation of a 10,000-job sweep, in jobs/s.
// Needs the build (`npm run build`): the CLI from dist/bundle, the library from dist/src.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommands, median } from './_util.mjs';

const root = new URL('..', import.meta.url).pathname;
const BIN = join(root, 'dist', 'bundle', 'orch.cjs');
const GROUPS = 6;
const OPTIONS = 5;
const KEYS = 8;

/** A project with GROUPS groups of OPTIONS options of KEYS keys; with schemas when asked. */
function writeTree(dir, withSchemas) {
  const defaults = [];
  for (let g = 0; g < GROUPS; g++) {
    const group = `group${g}`;
    mkdirSync(join(dir, group), { recursive: true });
    defaults.push(`  - ${group}: opt0`);
    const props = [];
    for (let o = 0; o < OPTIONS; o++) {
      const lines = [`name: opt${o}`];
      for (let k = 0; k < KEYS; k++) lines.push(`key${k}: ${k % 2 ? o + k : `${o}.5`}`);
      writeFileSync(join(dir, group, `opt${o}.yaml`), lines.join('\n') + '\n');
    }
    props.push('  name: {type: string, description: Option name.}');
    for (let k = 0; k < KEYS; k++) props.push(`  key${k}: {type: ${k % 2 ? 'integer' : 'number'}, minimum: 0, description: Key ${k}.}`);
    if (withSchemas) writeFileSync(join(dir, group, '_schema.yaml'), `properties:\n${props.join('\n')}\n`);
  }
  writeFileSync(join(dir, 'train.yaml'), `defaults:\n${defaults.join('\n')}\n  - _self_\nseed: 0\nsweep_a: 0\nsweep_b: 0\n`);
  if (withSchemas) writeFileSync(join(dir, 'train.schema.yaml'), 'properties:\n  seed: {type: integer}\n  sweep_a: {type: integer}\n  sweep_b: {type: integer}\n');
}

const base = mkdtempSync(join(tmpdir(), 'orch-bench-schema-'));
try {
  const plain = join(base, 'plain');
  const typed = join(base, 'typed');
  writeTree(plain, false);
  writeTree(typed, true);
  const args = (dir) => [process.execPath, [BIN, 'compose', '--config-dir', dir, '-c', 'train'], { cwd: base }];
  compareCommands(2, args(plain), args(typed)); // warm the file cache
  const cold = compareCommands(15, args(plain), args(typed));
  console.log(`cold orch compose, ${GROUPS} groups x ${OPTIONS} options: without schemas ${cold.baselineMs.toFixed(1)} ms, with a schema on every group ${cold.subjectMs.toFixed(1)} ms, ratio ${cold.ratio.toFixed(3)} (goal <= 1.2)`);

  const { createConfigRepository } = await import(join(root, 'dist/src/config/index.js'));
  const { composeJobs } = await import(join(root, 'dist/src/plan/compose-jobs.js'));
  const { validateJobs } = await import(join(root, 'dist/src/schema/index.js'));
  const repo = createConfigRepository({ configDir: typed });
  const jobs = composeJobs(repo, { configName: 'train', overrides: ['sweep_a=range(0,100)', 'sweep_b=range(0,50)', 'group1=opt0,opt1'], multirun: true });
  if (validateJobs(repo, jobs).length !== 0) throw new Error('the bench sweep should be valid');
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const v = validateJobs(repo, jobs);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (v.length) throw new Error('unexpected violations');
  }
  const ms = median(times);
  console.log(`validation of a ${jobs.length}-job sweep (${GROUPS + 1} schemas per job): ${ms.toFixed(0)} ms, ${Math.round(jobs.length / (ms / 1000))} jobs/s`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
