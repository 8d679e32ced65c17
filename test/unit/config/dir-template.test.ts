import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeConfig } from '../../../src/config/compose.js';
import { resolveDirTemplate } from '../../../src/config/dir-template.js';
import { resolveJobConfig } from '../../../src/config/resolve-job.js';
import { createResolverRegistry, resolvePath } from '../../../src/config/interpolation/index.js';
import type { CfgDict } from '../../../src/value/value.js';
import { memoryRepo, ov } from './helpers.js';

const repo = memoryRepo({ app: 'model: m/1\nseed: 3\nname: ../x\nsubdir_of_job: ${orch:sweep.subdir}\n' });
const resolvers = createResolverRegistry({ clock: () => new Date(2024, 0, 2, 3, 4, 5), env: { SCRATCH: '/scratch/me', BAD: '../..' } });
const compose = (...overrides: string[]) => composeConfig(repo, { configName: 'app', overrides: ov(...overrides), mode: 'run', jobNum: 4 }).config;
const template = (composed: CfgDict, key: 'run' | 'sweep', sub: 'dir' | 'subdir') =>
  resolveDirTemplate(composed, [key, sub], resolvePath(composed, `orch.${key}.${sub}`, { resolvers }), { resolvers });
const dir = (key: 'run' | 'sweep', sub: 'dir' | 'subdir', ...overrides: string[]) => template(compose(...overrides), key, sub);

test('a literal / in the template is structure; a / in an interpolated value is not', () => {
  assert.deepEqual(dir('sweep', 'subdir', 'orch.sweep.subdir=${model}/${seed}'), { value: 'm_1/3', root: '' });
  assert.deepEqual(dir('run', 'dir', 'orch.run.dir=outputs/runs/${name}_${seed}'), { value: 'outputs/runs/.._x_3', root: 'outputs/runs' });
  assert.deepEqual(dir('run', 'dir', 'orch.run.dir=/abs/${name}'), { value: '/abs/.._x', root: '/abs' });
  assert.deepEqual(dir('run', 'dir', 'orch.run.dir=/${name}'), { value: '/.._x', root: '/' });
  assert.deepEqual(dir('sweep', 'subdir', 'orch.sweep.subdir=fixed/a'), { value: 'fixed/a', root: 'fixed/a' });
  assert.deepEqual(dir('sweep', 'subdir', 'orch.sweep.subdir=${name}'), { value: '.._x', root: '' }, 'a lone interpolation');
  assert.deepEqual(dir('sweep', 'subdir', 'orch.sweep.subdir=${now:%Y/%m}'), { value: '2024/01', root: '2024/01' });
});

test('override_dirname is one segment: data.path=/a/b adds no levels', () => {
  const composed = composeConfig(repo, { configName: 'app', overrides: ov('orch.sweep.subdir=${orch.job.override_dirname}', '+data.path=/a/b', 'seed=1'), mode: 'run', jobNum: 0 }).config;
  assert.equal(template(composed, 'sweep', 'subdir')!.value, '+data.path=_a_b,seed=1');
});

test('${now:...} and ${oc.env:...} keep their / (the clock and the environment are not job data)', () => {
  assert.deepEqual(dir('sweep', 'dir', 'orch.sweep.dir=${oc.env:SCRATCH}/multirun/${now:%Y/%m}/${model}'), { value: '/scratch/me/multirun/2024/01/m_1', root: '/scratch/me/multirun/2024/01' });
  assert.deepEqual(dir('run', 'dir', 'orch.run.dir=out/${oc.env:BAD}'), { value: 'out/../..', root: 'out/../..' });
});

test('resolveJobConfig: orch.yaml and ${orch:sweep.subdir} show the sanitized dir; unchanged values keep their type', () => {
  const r = resolveJobConfig(compose('orch.sweep.subdir=${name}'), { resolvers });
  assert.equal((r.orch.get('sweep') as CfgDict).get('subdir'), '.._x');
  assert.equal(r.config.get('subdir_of_job'), '.._x');
  assert.equal((resolveJobConfig(compose(), { resolvers }).orch.get('sweep') as CfgDict).get('subdir'), 4);
  // Nothing sanitized in the default templates (only ${now:...}): the root is the whole dir.
  assert.deepEqual(resolveJobConfig(compose(), { resolvers }).dirRoots, { run: 'outputs/2024-01-02/03-04-05', sweep: 'outputs/multirun/2024-01-02/03-04-05' });
});

test('with the config as its files compose it, a value held there keeps its /; a typed or swept one is one segment', () => {
  const held = (key: 'run' | 'sweep', sub: 'dir' | 'subdir', ...overrides: string[]) => {
    const c = composeConfig(repo, { configName: 'app', overrides: ov(...overrides), mode: 'run', jobNum: 4 });
    return resolveDirTemplate(c.config, [key, sub], resolvePath(c.config, `orch.${key}.${sub}`, { resolvers }), { resolvers, reference: c.fromFiles });
  };
  // `model: m/1` is the file's: structure, as Hydra makes it.
  assert.deepEqual(held('sweep', 'subdir', 'orch.sweep.subdir=${model}/${seed}'), { value: 'm/1/3', root: 'm/1/3' });
  assert.deepEqual(held('sweep', 'subdir', 'orch.sweep.subdir=${model}'), { value: 'm/1', root: 'm/1' });
  // Typed on the command line: one segment, and the root stops before it.
  assert.deepEqual(held('sweep', 'subdir', 'orch.sweep.subdir=${model}/${seed}', 'model=n/2'), { value: 'n_2/3', root: '' });
  assert.deepEqual(held('run', 'dir', 'orch.run.dir=outputs/${seed}/${name}', 'name=../../y'), { value: 'outputs/3/.._.._y', root: 'outputs/3' });
  assert.deepEqual(held('run', 'dir', 'orch.run.dir=outputs/${name}', '+extra=a/b', 'name=${extra}'), { value: 'outputs/a_b', root: 'outputs' }, 'through an interpolation too');
  // Made from the overrides: never held by the files.
  assert.equal(held('sweep', 'subdir', 'orch.sweep.subdir=${orch.job.override_dirname}', '+data.path=/a/b')!.value, '+data.path=_a_b');
});
