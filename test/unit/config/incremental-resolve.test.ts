/**
 * Resolution with a memo shared by the jobs of a sweep (incremental: only interpolations whose inputs
 * changed are re-evaluated) must give exactly what a fresh resolution of each job gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceCases } from '../../helpers/conformance.js';
import { createConfigRepository, type ConfigRepository } from '../../../src/config/repository.js';
import { resolveJobConfig } from '../../../src/config/resolve-job.js';
import { createIncrementalResolver, createResolverRegistry, type ResolverRegistry } from '../../../src/config/interpolation/index.js';
import { composeJobsUnresolved, iterateJobs } from '../../../src/plan/compose-jobs.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';
import { memoryRepo } from './helpers.js';

const clock = () => new Date(2024, 0, 2, 3, 4, 5);
const STABLE = ['now', 'oc.env'];

type Outcome = { config: string; orch: string } | { error: string };

function outcome(run: () => { config: CfgDict; orch: CfgDict }): Outcome {
  try {
    const r = run();
    return { config: toJson(r.config, 1), orch: toJson(r.orch, 1) };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

/** Every job resolved fresh and through one shared incremental resolver: the same values and the same errors. */
function assertSameAsFresh(repo: ConfigRepository, configName: string | null, overrides: string[], resolvers: ResolverRegistry, stable = STABLE): number {
  const jobs = composeJobsUnresolved(repo, { configName, overrides, multirun: true, resolvers });
  const incremental = createIncrementalResolver({ stableResolvers: stable });
  jobs.forEach((job, i) => {
    const fresh = outcome(() => resolveJobConfig(job.composed.config, { resolvers }));
    const reused = outcome(() => resolveJobConfig(job.composed.config, { resolvers, incremental }));
    assert.deepEqual(reused, fresh, `job ${i}: ${job.overrides.join(' ')}`);
  });
  return jobs.length;
}

const FILES = {
  app: [
    'defaults:', '  - db: mysql', '  - _self_',
    'x: 1', 'y: 2', 'name: run', 'lst: [1, "${x}", {k: "${y}"}]',
    'paths:', '  root: /data/${name}', '  out: ${.root}/out', '  up: ${..x}', '  env: ${oc.env:HOME_X,none}/${now:%Y}',
    'copy: ${paths}', 'text: paths are ${paths}', 'nested: ${lst[2].k}-${lst.1}',
    'sel: ${oc.select:missing_key,fallback}', 'num: ${orch:job.num}', 'chain: ${copy.out}',
    'dyn: ${paths.${which}}', 'which: root', 'missing: ???', 'to_missing: ${missing}',
    'dbname: ${db.driver}-${x}',
  ].join('\n'),
  'db/mysql': 'driver: mysql\nurl: ${db.driver}://${oc.select:host,localhost}\n',
  'db/pg': 'driver: pg\nurl: ${db.driver}://${..name}\n',
};

test('incremental resolution equals fresh resolution on a sweep over referenced and unreferenced keys', () => {
  const repo = memoryRepo(FILES);
  const resolvers = createResolverRegistry({ clock, env: {} });
  const sweeps = [
    ['x=1,2,3', 'y=5,6'],
    ['name=a,b', 'x=1,1,2'],
    ['db=mysql,pg', 'x=3,4'],
    ['which=root,out,up', 'y=1,2'],
    ['paths.root=/p,/q', 'lst.1=7,8'],
    ['+extra=1,2', 'paths={root:/r},{root:/s}'],
    ['missing=1,2', 'x=1,${y}', 'y=${x},3'],
    ['lst=[1,2,{k:3}],[0]', 'x=9'],
    ['copy=1,${paths}', 'paths.out=o,${x}'],
  ];
  for (const s of sweeps) assert.ok(assertSameAsFresh(repo, 'app', s, resolvers) > 1, s.join(' '));
});

test('a container interpolated into text prints resolved when the container comes first in the tree', () => {
  const repo = memoryRepo({ app: 'x: 1\npaths:\n  root: /d/${x}\ntext: p ${paths}\nlate: q ${after}\nafter:\n  a: ${x}\n' });
  const resolvers = createResolverRegistry({ clock, env: {} });
  assertSameAsFresh(repo, 'app', ['x=1,2', '+y=1,2'], resolvers);
  const [job] = iterateJobs(repo, { configName: 'app', overrides: ['x=5'], multirun: true });
  assert.equal(job!.config.get('text'), "p {'root': '/d/5'}");
});

test('a resolver outside the stable set runs for every job; a stable one only when its inputs change', () => {
  const repo = memoryRepo({ app: 'x: 1\na: ${stable:${x}}\nb: ${volatile:1}\nc: ${stable:const}\n' });
  const resolvers = createResolverRegistry({ clock, env: {} });
  const calls = { stable: 0, volatile: 0 };
  resolvers.register('stable', (args) => (calls.stable++, `s${String(args[0])}`));
  resolvers.register('volatile', () => (calls.volatile++, 'v'));
  const jobs = [...iterateJobs(repo, { configName: 'app', overrides: ['x=1,1,2', 'y=range(3)'].map((o, i) => (i ? `+${o}` : o)), multirun: true, resolvers })];
  assert.equal(jobs.length, 9);
  // iterateJobs with a caller's registry treats no resolver as stable.
  assert.equal(calls.volatile, 9);
  assert.equal(calls.stable, 18);
  calls.stable = calls.volatile = 0;
  assertSameAsFresh(repo, 'app', ['x=1,1,2', '+y=range(3)'], resolvers, ['stable']);
  // Fresh: 9 x 2 stable calls. Memo: job 0 (2 calls), then only `${stable:${x}}` once x becomes 2.
  assert.equal(calls.stable, 18 + 3);
  assert.equal(calls.volatile, 18);
});

test('iterateJobs knows the job count first and composes lazily', () => {
  const repo = memoryRepo(FILES);
  const stream = iterateJobs(repo, { configName: 'app', overrides: ['x=range(1000)', 'y=range(1000)'], multirun: true });
  assert.equal(stream.count, 1_000_000);
  let seen = 0;
  for (const job of stream) {
    assert.equal(job.config.get('x'), 0);
    assert.equal(job.config.get('y'), seen);
    assert.equal(job.config.get('dbname'), 'mysql-0');
    if (++seen === 3) break;
  }
});

test('incremental resolution equals fresh resolution on every multirun conformance case', () => {
  let checked = 0;
  for (const { name, input, configDir } of conformanceCases()) {
    const repo = createConfigRepository({ configDir });
    const resolvers = createResolverRegistry({ clock, env: {} });
    let jobs;
    try {
      jobs = composeJobsUnresolved(repo, { configName: input.config_name, overrides: input.overrides, multirun: input.multirun, resolvers });
    } catch {
      continue; // composition errors are conformance.test.ts's business
    }
    const incremental = createIncrementalResolver({ stableResolvers: STABLE });
    for (const job of jobs) {
      const fresh = outcome(() => resolveJobConfig(job.composed.config, { resolvers }));
      assert.deepEqual(outcome(() => resolveJobConfig(job.composed.config, { resolvers, incremental })), fresh, name);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} jobs checked`);
});
