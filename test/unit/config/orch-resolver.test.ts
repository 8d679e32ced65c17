/**
 * `${orch:...}` as Hydra's `${hydra:...}`: runtime facts of the job (its output dir, number,
 * override_dirname, group choices, any orch setting); an unknown key names the valid ones; the
 * orch node's own dir keys cannot read the output dir they define.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeConfig } from '../../../src/config/compose.js';
import { resolveJobConfig } from '../../../src/config/resolve-job.js';
import { createResolverRegistry } from '../../../src/config/interpolation/index.js';
import { plannedOutputDir } from '../../../src/plan/job-dirs.js';
import { overrideDirnameOf } from '../../../src/plan/compose-jobs.js';
import { toPlain, type CfgDict } from '../../../src/value/value.js';
import { memoryRepo, ov } from './helpers.js';

const repo = memoryRepo({
  app: 'defaults:\n  - model: small\n  - _self_\nckpt: ${orch:runtime.output_dir}/ckpt\nnum: ${orch:job.num}\ndirname: ${orch:job.override_dirname}\nmodel_name: ${orch:runtime.choices.model}\n',
  'model/small': 'width: 8\n',
  'model/big': 'width: 64\n',
});
const resolvers = createResolverRegistry({ clock: () => new Date(2024, 0, 2, 3, 4, 5) });

function job(overrides: string[], opts: { jobNum?: number; multirun?: boolean; outputDir?: string } = {}) {
  const composed = composeConfig(repo, { configName: 'app', overrides: ov(...overrides), mode: 'run', jobNum: opts.jobNum, resolvers });
  return resolveJobConfig(composed.config, { resolvers, outputDir: (orch) => opts.outputDir ?? plannedOutputDir('/proj', orch, opts.multirun ?? false) });
}

test('a single run reads its run dir, number, override_dirname and choices', () => {
  const r = job(['model=big', 'orch.run.dir=out/run'], {});
  assert.deepEqual(toPlain(r.config), { model: { width: 64 }, ckpt: '/proj/out/run/ckpt', num: 0, dirname: 'model=big', model_name: 'big' });
  assert.equal(((r.orch.get('runtime') as CfgDict).get('output_dir')), '/proj/out/run');
});

test('a sweep job reads the sweep dir joined with its subdir', () => {
  const r = job(['orch.sweep.dir=out/sw', 'orch.sweep.subdir=${orch.job.num}_${orch:runtime.choices.model}'], { jobNum: 3, multirun: true });
  assert.equal(r.config.get('ckpt'), '/proj/out/sw/3_small/ckpt');
  assert.equal(r.config.get('num'), 3);
});

test('the dir a job really got wins over the planned one', () => {
  assert.equal(job(['orch.run.dir=out/run'], { outputDir: '/proj/out/run_1' }).config.get('ckpt'), '/proj/out/run_1/ckpt');
});

test('any orch setting is readable: ${orch:launcher.n_jobs}', () => {
  const composed = composeConfig(memoryRepo({ app: 'n: ${orch:launcher.n_jobs}\n' }), { configName: 'app', overrides: ov('+orch.launcher.n_jobs=4'), mode: 'run', resolvers });
  assert.equal(resolveJobConfig(composed.config, { resolvers }).config.get('n'), 4);
});

test('an unknown key is an error naming the valid keys where the lookup stopped', () => {
  const composed = composeConfig(memoryRepo({ app: 'x: ${orch:job.nme}\ny: ${orch:nope}\n' }), { configName: 'app', overrides: [], mode: 'run', resolvers });
  assert.throws(() => resolveJobConfig(composed.config, { resolvers }), (e: any) => {
    assert.equal(e.code, 'INTERPOLATION_KEY');
    assert.match(e.message, /^x: interpolation key 'orch:job\.nme' not found/);
    assert.match(e.hint, /Valid keys: .*job\.name, job\.num/);
    return true;
  });
  const lenient = resolveJobConfig(composed.config, { resolvers, lenient: true });
  assert.deepEqual(lenient.unresolved.map((u) => [u.key, u.written]), [['x', '${orch:job.nme}'], ['y', '${orch:nope}']]);
});

test('the orch node reads its own values through orch:, but not the output dir it defines', () => {
  const named = composeConfig(repo, { configName: 'app', overrides: ov('orch.run.dir=out/${orch:job.name}', 'orch.job.name=train'), mode: 'run', resolvers });
  assert.equal((resolveJobConfig(named.config, { resolvers, outputDir: () => "/d" }).orch.get("run") as CfgDict).get("dir"), "out/train");
  const circular = composeConfig(repo, { configName: 'app', overrides: ov('orch.run.dir=${orch:runtime.output_dir}/x'), mode: 'run', resolvers });
  assert.throws(() => resolveJobConfig(circular.config, { resolvers }), /orch\.run\.dir: .*the orch node cannot use it/);
});

test('overrides that interpolate are kept as typed in orch.overrides and override_dirname, not resolved', () => {
  const composed = composeConfig(repo, { configName: 'app', overrides: ov('+extra=${orch:runtime.output_dir}/x', '+lr=${num}', '+esc=\\${num}'), mode: 'run', resolvers });
  const r = resolveJobConfig(composed.config, { resolvers, outputDir: () => '/d' });
  assert.deepEqual(toPlain((r.orch.get('overrides') as CfgDict).get('task')!), ['+extra=${orch:runtime.output_dir}/x', '+lr=${num}', '+esc=\\${num}']);
  assert.equal((r.orch.get('job') as CfgDict).get('override_dirname'), '+esc=\\${num},+extra=${orch:runtime.output_dir}/x,+lr=${num}');
  assert.equal(r.config.get('extra'), '/d/x');
  assert.equal(r.config.get('lr'), 0);
  assert.equal(r.config.get('esc'), '${num}');
  assert.equal(overrideDirnameOf(composed), '+esc=\\${num},+extra=${orch:runtime.output_dir}/x,+lr=${num}', 'the plan line shows it as typed');
});
