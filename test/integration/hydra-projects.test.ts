/**
 * Three public Hydra projects' config trees (test/fixtures/hydra-projects/, sources in each
 * README.md) driven through the real CLI with the commands their READMEs give. Each assertion is
 * what Hydra 1.3.2 hands the app for that command; where orch differs today the test pins orch's
 * current behaviour and says so, and DIFFERENCES.md there has the command and orch's output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bashCompletion, copyFixture, orch } from '../helpers/cli.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

/** Every metrics.json under `dir` (outside config/), relative paths, sorted. */
function metricsFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => p.endsWith('metrics.json') && !p.startsWith('config/'))
    .sort();
}

function onlyMetrics(dir: string): { path: string; seen: any } {
  const found = metricsFiles(dir);
  assert.equal(found.length, 1, `one job ran: ${found.join(', ')}`);
  return { path: found[0]!, seen: json(join(dir, found[0]!)).seen };
}

function composeUnresolved(dir: string, args: string[], env: Record<string, string> = {}): any[] {
  const r = orch(dir, ['compose', '--unresolved', ...args], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).jobs;
}

/** `orch <task> ... --info`'s "Group choices" block as a map. */
function groupChoices(stdout: string): Record<string, string> {
  const block = stdout.split('Group choices:\n')[1]?.split('\n\n')[0] ?? '';
  return Object.fromEntries(block.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/) as [string, string]));
}

/** The job lines of `--dry-run` (num, dir, overrides). */
function dryRunJobs(stdout: string): { dir: string; overrides: string }[] {
  return stdout.split('\n').filter((l) => /^\d+\t/.test(l)).map((l) => {
    const [, dir, overrides] = l.split('\t');
    return { dir: dir!, overrides: overrides ?? '' };
  });
}

// ---------------------------------------------------------------- ashleve/lightning-hydra-template

const LHT = 'hydra-projects/lightning-hydra-template';
const lht = (): { dir: string; env: Record<string, string> } => {
  const dir = copyFixture(LHT);
  return { dir, env: { PROJECT_ROOT: dir } }; // paths/default.yaml: root_dir: ${oc.env:PROJECT_ROOT}
};

test('lightning-hydra-template: experiment=example applies its overrides over the defaults, in Hydra key order', () => {
  const { dir, env } = lht();
  const [job] = composeUnresolved(dir, ['-c', 'train', 'experiment=example'], env);
  const cfg = job.config_unresolved;
  assert.deepEqual(Object.keys(cfg), ['task_name', 'tags', 'train', 'test', 'ckpt_path', 'seed', 'data', 'model', 'callbacks', 'trainer', 'paths', 'extras', 'logger']);
  assert.deepEqual(cfg.tags, ['mnist', 'simple_dense_net']);
  assert.equal(cfg.seed, 12345);
  assert.deepEqual([cfg.trainer.min_epochs, cfg.trainer.max_epochs, cfg.trainer.gradient_clip_val], [10, 10, 0.5]);
  assert.equal(cfg.model.optimizer.lr, 0.002);
  assert.equal(cfg.model.optimizer.weight_decay, 0.0, 'the rest of model/mnist.yaml is kept');
  assert.deepEqual([cfg.model.net.lin1_size, cfg.model.net.lin2_size, cfg.model.net.lin3_size, cfg.model.net.output_size], [128, 256, 64, 10]);
  assert.equal(cfg.data.batch_size, 64);
  assert.deepEqual(cfg.data.train_val_test_split, [55000, 5000, 10000]);
  assert.deepEqual(cfg.logger, { wandb: { tags: '${tags}', group: 'mnist' }, aim: { experiment: 'mnist' } }, 'logger: null default, so only what the experiment sets');
  assert.equal(cfg.callbacks.early_stopping.monitor, 'val/acc', 'callbacks/default.yaml fills the ??? of early_stopping.yaml');
  assert.equal(cfg.callbacks.model_summary.max_depth, -1);
  assert.equal(cfg.orch, undefined, 'orch/default.yaml (hydra/default.yaml) is orch\'s, not the job\'s');
  assert.equal(job.override_dirname, 'experiment=example');
});

test('lightning-hydra-template: the group choices of experiment=example, as hydra.runtime.choices', () => {
  const { dir, env } = lht();
  const r = orch(dir, ['train', 'experiment=example', '--info'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(groupChoices(r.stdout), {
    debug: 'null', local: 'default', hparams_search: 'null', experiment: 'example', orch: 'default',
    extras: 'default', paths: 'default', trainer: 'default', logger: 'null', callbacks: 'default', model: 'mnist', data: 'mnist',
  });
});

test('lightning-hydra-template: trainer=gpu / trainer=ddp extend trainer/default.yaml', () => {
  const { dir, env } = lht();
  const [gpu] = composeUnresolved(dir, ['-c', 'train', 'trainer=gpu'], env);
  assert.deepEqual(gpu.config_unresolved.trainer, {
    _target_: 'lightning.pytorch.trainer.Trainer', default_root_dir: '${paths.output_dir}', min_epochs: 1, max_epochs: 10,
    accelerator: 'gpu', devices: 1, check_val_every_n_epoch: 1, deterministic: false,
  });
  const [ddp] = composeUnresolved(dir, ['-c', 'train', 'trainer=ddp', 'trainer.devices=4', 'trainer.num_nodes=2'], env);
  const t = ddp.config_unresolved.trainer;
  assert.deepEqual([t.strategy, t.accelerator, t.devices, t.num_nodes, t.sync_batchnorm], ['ddp', 'gpu', 4, 2, true]);
});

test('lightning-hydra-template: debug=default / fdr / overfit override the run globally', () => {
  const { dir, env } = lht();
  const [d] = composeUnresolved(dir, ['-c', 'train', 'debug=default'], env);
  const c = d.config_unresolved;
  assert.equal(c.task_name, 'debug');
  assert.equal(c.callbacks, null);
  assert.equal(c.logger, null);
  assert.deepEqual([c.trainer.max_epochs, c.trainer.accelerator, c.trainer.devices, c.trainer.detect_anomaly], [1, 'cpu', 1, true]);
  assert.deepEqual([c.data.num_workers, c.data.pin_memory], [0, false]);
  assert.deepEqual(c.extras, { ignore_warnings: false, enforce_tags: false, print_config: true });
  const [fdr] = composeUnresolved(dir, ['-c', 'train', 'debug=fdr'], env);
  assert.equal(fdr.config_unresolved.trainer.fast_dev_run, true);
  assert.equal(fdr.config_unresolved.task_name, 'debug');
  const [overfit] = composeUnresolved(dir, ['-c', 'train', 'debug=overfit'], env);
  assert.deepEqual([overfit.config_unresolved.trainer.max_epochs, overfit.config_unresolved.trainer.overfit_batches], [20, 3]);
});

test('lightning-hydra-template: eval.yaml keeps ckpt_path mandatory', () => {
  const { dir, env } = lht();
  const [job] = composeUnresolved(dir, ['-c', 'eval'], env);
  assert.equal(job.config_unresolved.ckpt_path, '???');
  assert.equal(job.config_unresolved.task_name, 'eval');
});

test('lightning-hydra-template: the README grid sweep is 6 jobs in Hydra order; experiment=glob(*) is one', () => {
  const { dir, env } = lht();
  const r = orch(dir, ['train', '-m', 'data.batch_size=32,64,128', 'model.optimizer.lr=0.001,0.0005', '--dry-run'], env);
  assert.equal(r.code, 0, r.stderr);
  const jobs = dryRunJobs(r.stdout);
  assert.deepEqual(jobs.map((j) => j.overrides), [
    'data.batch_size=32 model.optimizer.lr=0.001', 'data.batch_size=32 model.optimizer.lr=0.0005',
    'data.batch_size=64 model.optimizer.lr=0.001', 'data.batch_size=64 model.optimizer.lr=0.0005',
    'data.batch_size=128 model.optimizer.lr=0.001', 'data.batch_size=128 model.optimizer.lr=0.0005',
  ]);
  // As Hydra: ${PROJECT_ROOT}/logs/train/multiruns/<time>/<n>: ${paths.log_dir} is a path the
  // config files hold, so it keeps its '/' (README, "How dir values are made safe").
  for (const [i, j] of jobs.entries()) assert.match(relative(dir, j.dir), new RegExp(`^logs/train/multiruns/[0-9_-]+/${i}$`));
  // A root given on the command line is one segment (a typed '/' never makes dirs).
  const typed = orch(dir, ['train', '-m', 'data.batch_size=32,64', `paths.root_dir=${dir}/elsewhere`, '--dry-run'], env);
  assert.equal(typed.code, 0, typed.stderr);
  const segment = `${dir}/elsewhere/logs/`.replaceAll('/', '_');
  for (const [i, j] of dryRunJobs(typed.stdout).entries()) assert.match(relative(dir, j.dir), new RegExp(`^${segment.replaceAll('.', '\\.')}/train/multiruns/[0-9_-]+/${i}$`));
  const glob = orch(dir, ['train', '-m', 'experiment=glob(*)', '--dry-run'], env);
  assert.equal(glob.code, 0, glob.stderr);
  assert.deepEqual(dryRunJobs(glob.stdout).map((j) => j.overrides), ['experiment=example']);
});

test("lightning-hydra-template: -m hparams_search=mnist_optuna's `override /sweeper: tpe` selects orch's TPE, the file's own settings over the preset's", () => {
  const { dir, env } = lht();
  const args = ['train', '-m', 'hparams_search=mnist_optuna', 'experiment=example', '--dry-run'];
  // The search runs once orch.sweeper.metric names the objective (the project's `optimized_metric`
  // is its own key, read by its train.py, which orch does not read): DIFFERENCES.md, "hparams_search".
  const unnamed = orch(dir, args, env);
  assert.equal(unnamed.code, 2, unnamed.stdout + unnamed.stderr);
  assert.match(unnamed.stderr, /orch\.sweeper\.metric: not set: a search needs the value to optimise/);
  const r = orch(dir, [...args, 'orch.sweeper.metric=${optimized_metric}'], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# dry run: tpe search of up to 20 trial\(s\)/);
  assert.match(r.stdout, /# objective: maximize val\/acc_best; seed 1234;/);
  assert.match(r.stdout, /model\.optimizer\.lr +float in \[0\.0001, 0\.1\]/);
});

test('lightning-hydra-template: a real run hands the Python task the experiment and ${orch:runtime.output_dir} as its own run dir', () => {
  const { dir, env } = lht();
  const r = orch(dir, ['train', 'experiment=example'], env);
  assert.equal(r.code, 0, r.stderr);
  const { seen } = onlyMetrics(dir);
  assert.deepEqual(
    { task_name: seen.task_name, seed: seen.seed, tags: seen.tags, max_epochs: seen.max_epochs, accelerator: seen.accelerator, lr: seen.lr, batch_size: seen.batch_size },
    { task_name: 'train', seed: 12345, tags: ['mnist', 'simple_dense_net'], max_epochs: 10, accelerator: 'cpu', lr: 0.002, batch_size: 64 },
  );
  // As under Hydra, paths.output_dir (${orch:runtime.output_dir}) is the job's own run dir.
  const { path } = onlyMetrics(dir);
  assert.equal(seen.output_dir, dirname(join(dir, path)));
  assert.equal(seen.output_dir_error, undefined);
  // paths.work_dir (${orch:runtime.cwd}) is where orch was started, as Hydra's launch dir; nothing
  // is left unresolved, so there is no warning and the strict `orch compose` composes it too.
  assert.equal(seen.work_dir, dir);
  assert.doesNotMatch(r.stderr, /cannot be resolved/);
  const strict = orch(dir, ['compose', '-c', 'train', 'experiment=example'], env);
  assert.equal(strict.code, 0, strict.stderr);
});

test('lightning-hydra-template: eval needs ckpt_path: MissingMandatoryValue where the task reads it, as under Hydra', () => {
  const { dir, env } = lht();
  const missing = orch(dir, ['eval'], env);
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /UnresolvedValueError: MissingMandatoryValue: ckpt_path: missing mandatory value/);
  assert.deepEqual(metricsFiles(dir), []);
  const given = orch(dir, ['eval', 'ckpt_path=/ckpts/last.ckpt'], env);
  assert.equal(given.code, 0, given.stderr);
  assert.deepEqual(onlyMetrics(dir).seen, { task_name: 'eval', ckpt_path: '/ckpts/last.ckpt' });
});

test('lightning-hydra-template: completion offers the options of trainer= and debug=', () => {
  const { dir } = lht();
  const complete = bashCompletion(dir);
  assert.deepEqual(complete('orch train trainer='), ['trainer=cpu', 'trainer=ddp', 'trainer=ddp_sim', 'trainer=default', 'trainer=gpu', 'trainer=mps']);
  assert.deepEqual(complete('orch train debug='), ['debug=default', 'debug=fdr', 'debug=limit', 'debug=overfit', 'debug=profiler']);
  // The keys of a `@package _global_` option are not offered under the group's name (orch would
  // refuse `experiment.seed=1`); the top-level keys they set are the primary config's, offered as such.
  const exp = complete('orch train exp');
  assert.deepEqual(exp.filter((w) => w.startsWith('experiment.')), [], exp.join(' '));
  assert.ok(exp.includes('experiment='), exp.join(' '));
  assert.deepEqual(complete('orch train debug.'), []);
  assert.ok(complete('orch train se').includes('seed='));
  assert.ok(complete('orch train trainer.max').includes('trainer.max_epochs='));
  const r = orch(dir, ['train', 'experiment.seed=1', '--cfg', 'job'], { PROJECT_ROOT: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Could not override 'experiment\.seed'/);
});

// ---------------------------------------------------------------------- facebookresearch/mbrl-lib

const MBRL = 'hydra-projects/mbrl-lib';

/** The tree after Hydra's 1.1 upgrade step "remove `# @package _group_`, it is the default". */
function mbrlWithoutGroupHeaders(): string {
  const dir = copyFixture(MBRL);
  for (const p of readdirSync(join(dir, 'config'), { recursive: true }) as string[]) {
    if (!p.endsWith('.yaml')) continue;
    const file = join(dir, 'config', p);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^# @package _group_\n/, ''));
  }
  return dir;
}

test('mbrl-lib as shipped: `# @package _group_` is a literal key, so orch.run.dir cannot resolve', () => {
  const dir = copyFixture(MBRL);
  // Hydra 1.3.2 runs main.py (no version_base: 1.1 semantics) with _group_ = the group's package.
  // orch follows version_base>=1.2, where _group_ is a literal key (DIFFERENCES.md, "_group_").
  const cfg = orch(dir, ['main', '--cfg', 'job']);
  assert.equal(cfg.code, 0, cfg.stderr);
  assert.match(cfg.stdout, /^_group_:\n {2}name: pets\n/);
  const r = orch(dir, ['main', 'algorithm=mbpo', 'overrides=mbpo_halfcheetah']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /orch\.run\.dir: interpolation key 'algorithm\.name' not found/);
  // The cause is named before the error, once per file (Hydra 1.3 warns of the deprecated header too).
  assert.match(r.stderr, /In 'algorithm\/mbpo': '# @package _group_' is read as Hydra 1\.2\+ reads it.*Remove the header/);
  assert.equal(r.stderr.match(/In 'algorithm\/mbpo': '# @package _group_'/g)?.length, 1);
  assert.doesNotMatch(cfg.stdout, /@package/, 'warnings never reach --cfg output');
  assert.deepEqual(metricsFiles(dir), []);
});

test('mbrl-lib: algorithm=mbpo overrides=mbpo_hopper runs although the default cem optimizer dangles', () => {
  const dir = mbrlWithoutGroupHeaders();
  const r = orch(dir, ['main', 'algorithm=mbpo', 'overrides=mbpo_hopper']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Defaults list is missing `_self_`/, 'Hydra warns the same in 1.1 mode');
  assert.match(r.stderr, /action_optimizer\.num_iterations: interpolation key 'overrides\.cem_num_iters' not found/);
  const { path, seen } = onlyMetrics(dir);
  assert.deepEqual(seen, {
    algorithm: 'mbpo', env: 'gym___Hopper-v4', seed: 0, num_steps: 125000, freq_train_model: 250,
    optimizer_target: 'mbrl.planning.CEMOptimizer', cem_num_iters_error: 'UnresolvedValueError: InterpolationKeyError',
  });
  // As Hydra (and mbrl-lib's README): ./exp/mbpo/default/gym___Hopper-v4/<date>/<time>.
  assert.match(path, /^exp\/mbpo\/default\/gym___Hopper-v4\/\d{4}\.\d\d\.\d\d\/\d{6}\/metrics\.json$/);
});

test('mbrl-lib: a pets sweep over seeds, overrides and optimizers is 12 jobs; icem reads its own keys', () => {
  const dir = mbrlWithoutGroupHeaders();
  const r = orch(dir, ['main', '-m', 'seed=0,1,2', 'overrides=pets_cartpole,pets_icem_cartpole', 'action_optimizer=cem,icem', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  const jobs = dryRunJobs(r.stdout);
  assert.equal(jobs.length, 12);
  assert.equal(jobs[0]!.overrides, 'seed=0 overrides=pets_cartpole action_optimizer=cem');
  assert.equal(jobs[11]!.overrides, 'seed=2 overrides=pets_icem_cartpole action_optimizer=icem');
  const [icem] = composeUnresolved(dir, ['-c', 'main', 'overrides=pets_icem_cartpole', 'action_optimizer=icem']);
  const c = icem.config_unresolved;
  assert.equal(c.action_optimizer._target_, 'mbrl.planning.ICEMOptimizer');
  assert.equal(c.action_optimizer.population_decay_factor, '${overrides.cem_population_decay_factor}');
  assert.equal(c.overrides.cem_population_decay_factor, 1.3);
  assert.equal(c.algorithm.agent.optimizer_cfg, '${action_optimizer}');
  assert.deepEqual(Object.keys(c), ['algorithm', 'dynamics_model', 'overrides', 'action_optimizer', 'seed', 'device', 'log_frequency_agent', 'save_video', 'debug_mode', 'experiment', 'root_dir']);
});

test('mbrl-lib: a sweep over overrides (${overrides.env} in orch.sweep.dir) runs in the sweep dir of the default env', () => {
  const dir = mbrlWithoutGroupHeaders();
  const r = orch(dir, ['main', '-m', 'overrides=pets_cartpole,pets_halfcheetah', '--dry-run']);
  // Hydra's launcher makes hydra.sweep.dir of the multirun config (the default overrides option:
  // cartpole_continuous) and puts multirun.yaml there; DIFFERENCES.md, "one sweep dir per sweep".
  assert.equal(r.code, 0, r.stderr);
  const jobs = dryRunJobs(r.stdout);
  assert.equal(jobs.length, 2);
  for (const [i, j] of jobs.entries()) assert.match(j.dir, new RegExp(`/pets/default/cartpole_continuous/\\d{4}\\.\\d\\d\\.\\d\\d/\\d{6}/${i}$`));
});

// --------------------------------------------------------------------- facebookresearch/denoiser

const DENOISER = 'hydra-projects/denoiser';

test('denoiser: the run dir is exp_ plus override_dirname without the excluded keys', () => {
  const dir = copyFixture(DENOISER);
  const runs: [string[], string][] = [
    [[], 'exp_'],
    [['demucs.hidden=32', 'num_workers=2'], 'exp_demucs.hidden=32'],
    [['continue_pretrained=dns48', 'demucs.hidden=64'], 'exp_continue_pretrained=dns48,demucs.hidden=64'],
    [['dset=valentini'], 'exp_dset=valentini'],
  ];
  for (const [overrides] of runs) {
    const r = orch(dir, ['train', '-c', 'config', ...overrides]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('missing `_self_`')).length, 1, r.stderr);
  }
  assert.deepEqual(metricsFiles(dir), runs.map(([, name]) => `outputs/${name}/metrics.json`).sort());
  const seen = (name: string): any => json(join(dir, 'outputs', name, 'metrics.json')).seen;
  assert.deepEqual([seen('exp_').seed, seen('exp_').hidden, seen('exp_').eval_every], [2036, 48, 10]);
  assert.equal(seen('exp_demucs.hidden=32').hidden, 32);
  assert.equal(seen('exp_continue_pretrained=dns48,demucs.hidden=64').continue_pretrained, 'dns48');
  assert.equal(seen('exp_').output_dir, join(dir, 'outputs/exp_'));
  // dset/*.yaml have no package header and a top-level `dset:` key, written for Hydra 0.11
  // (global package). Hydra 1.3 puts them under `dset`, so dset.dset.train, as orch does.
  assert.deepEqual(seen('exp_dset=valentini').dset, {
    dset: { train: 'egs/valentini/tr', valid: 'egs/valentini/cv', test: 'egs/valentini/tt', noisy_json: 'egs/valentini/ts/noisy.json', noisy_dir: null, matching: 'sort' },
    pesq: 1,
  });
});

test("denoiser: without -c config, `orch train` is an error naming the primary configs (Hydra's MissingConfigException), not a run with {}", () => {
  const dir = copyFixture(DENOISER);
  for (const args of [['train'], ['train', '--cfg', 'job'], ['train', '-m', 'lr=1e-3,3e-4', '--dry-run']]) {
    const r = orch(dir, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /^Error: Cannot find primary config 'train' for task 'train' in .*config: there is no train\.yaml\nAvailable primary configs: config\. Name one with -c \(orch train -c config\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.deepEqual(metricsFiles(dir), [], 'the task never ran');
  assert.equal(existsSync(join(dir, 'outputs')), false, 'nothing written');
});

test('a project with no primary config at all runs its tasks with what the overrides give (Hydra: config_name=None)', () => {
  const dir = copyFixture(DENOISER);
  rmSync(join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'config'));
  const r = orch(dir, ['train', '--cfg', 'job']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '{}\n');
});

test('denoiser: a grid over lr and dset is 4 jobs in the default sweep dir', () => {
  const dir = copyFixture(DENOISER);
  const r = orch(dir, ['train', '-c', 'config', '-m', 'lr=1e-3,3e-4', 'dset=debug,dns', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  const jobs = dryRunJobs(r.stdout);
  assert.deepEqual(jobs.map((j) => j.overrides), ['lr=0.001 dset=debug', 'lr=0.001 dset=dns', 'lr=0.0003 dset=debug', 'lr=0.0003 dset=dns']);
  for (const [i, j] of jobs.entries()) assert.match(relative(dir, j.dir), new RegExp(`^outputs/multirun/[0-9-]+/[0-9-]+/${i}$`));
});
