import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeConfig } from '../../../src/config/compose.js';
import { resolveJobConfig } from '../../../src/config/resolve-job.js';
import { createResolverRegistry } from '../../../src/config/interpolation/index.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';
import { memoryRepo, ov } from './helpers.js';

const repo = memoryRepo({
  app: 'name: x\nwho: ${orch:job.name}\nnum: ${orch:job.num}\nmissing: ???\nref: ${missing}\n',
});
const resolvers = createResolverRegistry({ clock: () => new Date(2024, 0, 2, 3, 4, 5) });

test('the job config loses the orch node, reads it through the orch: resolver, and keeps ???', () => {
  const composed = composeConfig(repo, { configName: 'app', overrides: ov('orch.job.name=train'), mode: 'run', jobNum: 7 });
  const r = resolveJobConfig(composed.config, { resolvers });
  assert.equal(toJson(r.config), '{"name":"x","who":"train","num":7,"missing":"???","ref":"???"}');
  assert.equal(toJson(r.configUnresolved), '{"name":"x","who":"${orch:job.name}","num":"${orch:job.num}","missing":"???","ref":"${missing}"}');
});

test('the orch node is resolved against the whole config', () => {
  const composed = composeConfig(repo, { configName: 'app', overrides: ov('orch.run.dir=out/${name}/${now:%Y}'), mode: 'run', jobNum: 3 });
  const orch = resolveJobConfig(composed.config, { resolvers }).orch;
  assert.equal((orch.get('run') as CfgDict).get('dir'), 'out/x/2024');
  assert.equal((orch.get('sweep') as CfgDict).get('subdir'), 3);
});
