import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeConfig, jobConfigOf } from '../../../src/config/compose.js';
import { ConfigCompositionError, MissingConfigError } from '../../../src/config/errors.js';
import { toJson, type CfgDict } from '../../../src/value/value.js';
import { memoryRepo, ov } from './helpers.js';

const FILES = {
  app: 'defaults:\n  - db: mysql\n  - _self_\napp_name: shop\n',
  'db/mysql': 'defaults:\n  - engine: innodb\ndriver: mysql\n',
  'db/postgres': 'driver: postgres\n',
  'db/engine/innodb': 'name: innodb\n',
  'db/engine/myisam': 'name: myisam\n',
  'server/nginx': 'defaults:\n  - /cache: redis\nname: nginx\n',
  'cache/redis': 'backend: redis\n',
  'experiment/fast': '# @package _global_\ndefaults:\n  - override /db: postgres\napp_name: fast\n',
  mandatory: 'defaults:\n  - db: ???\n  - _self_\n',
  noself: 'defaults:\n  - db: postgres\nx: 1\n',
  loop: 'defaults:\n  - loop2\n',
  loop2: 'defaults:\n  - loop\n',
  interp: 'defaults:\n  - db: postgres\n  - tuning: ${db}\n',
  'tuning/postgres': 'mem: 4MB\n',
};

function job(configName: string | null, ...overrides: string[]): string {
  const r = composeConfig(memoryRepo(FILES), { configName, overrides: ov(...overrides), mode: 'run' });
  return toJson(jobConfigOf(r.config));
}

function orchOf(configName: string | null, ...overrides: string[]): CfgDict {
  return composeConfig(memoryRepo(FILES), { configName, overrides: ov(...overrides), mode: 'run' }).config.get('orch') as CfgDict;
}

test('nested groups land in their packages, _self_ last', () => {
  assert.equal(job('app'), '{"db":{"engine":{"name":"innodb"},"driver":"mysql"},"app_name":"shop"}');
});

test('nested group override from the command line', () => {
  assert.equal(job('app', 'db/engine=myisam'), '{"db":{"engine":{"name":"myisam"},"driver":"mysql"},"app_name":"shop"}');
});

test('+group appends after the primary config; absolute groups nest under the option package (before its own values: implicit _self_ is last)', () => {
  assert.equal(job('app', '+server=nginx'), '{"db":{"engine":{"name":"innodb"},"driver":"mysql"},"app_name":"shop","server":{"cache":{"backend":"redis"},"name":"nginx"}}');
});

test('a _global_ experiment overrides a group choice and values', () => {
  assert.equal(job('app', '+experiment=fast'), '{"db":{"driver":"postgres"},"app_name":"fast"}');
});

test('the reserved node comes first and records choices, overrides and override_dirname', () => {
  const r = composeConfig(memoryRepo(FILES), { configName: 'app', overrides: ov('db=postgres', '+z=1', 'orch.job.name=n'), mode: 'run' });
  assert.equal([...r.config.keys()][0], 'orch');
  const orch = r.config.get('orch') as CfgDict;
  const jobNode = orch.get('job') as CfgDict;
  assert.equal(jobNode.get('override_dirname'), '+z=1,db=postgres');
  assert.equal(jobNode.get('name'), 'n');
  assert.equal(toJson((orch.get('runtime') as CfgDict).get('choices')!), '{"db":"postgres"}');
  assert.equal(toJson((orch.get('overrides') as CfgDict).get('task')!), '["db=postgres","+z=1"]');
  assert.deepEqual([...r.choices], [['db', 'postgres']]);
});

test('exclude_keys removes keys from override_dirname', () => {
  const jobNode = orchOf('app', 'app_name=x', 'db=postgres', 'orch.job.config.override_dirname.exclude_keys=[app_name]').get('job') as CfgDict;
  assert.equal(jobNode.get('override_dirname'), 'db=postgres');
});

test('a mandatory group choice must be given in a run, and is skipped in a multirun first pass', () => {
  assert.throws(() => job('mandatory'), (e: unknown) => e instanceof ConfigCompositionError && /You must specify 'db'[\s\S]*mysql/.test(e.message));
  const r = composeConfig(memoryRepo(FILES), { configName: 'mandatory', overrides: [], mode: 'multirun' });
  assert.equal(toJson(jobConfigOf(r.config)), '{}');
  assert.equal(job('mandatory', 'db=postgres'), '{"db":{"driver":"postgres"}}');
});

test('a primary defaults list without _self_ merges the primary last and warns', () => {
  const r = composeConfig(memoryRepo(FILES), { configName: 'noself', overrides: [], mode: 'run' });
  assert.equal(toJson(jobConfigOf(r.config)), '{"db":{"driver":"postgres"},"x":1}');
  assert.match(r.warnings[0]!, /missing `_self_`/);
});

test('defaults-list interpolation uses the final group choices', () => {
  assert.equal(job('interp'), '{"db":{"driver":"postgres"},"tuning":{"mem":"4MB"}}');
});

test('unknown options list the available ones and suggest the closest', () => {
  assert.throws(
    () => job('app', 'db=mysqll'),
    (e: unknown) => e instanceof MissingConfigError && /Available options in 'db':\n\tmysql\n\tpostgres/.test(e.message) && /Did you mean mysql\?/.test(e.message),
  );
});

test('circular defaults lists are an error naming the chain', () => {
  assert.throws(() => job('loop'), (e: unknown) => e instanceof ConfigCompositionError && /loop -> loop2 -> loop/.test(e.message));
});

test('a group override that matches nothing in the defaults tree', () => {
  assert.throws(() => job('app', 'cache=redis'), /Could not override 'cache'\. No match in the defaults list\.\nTo append to your default list use \+cache=redis/);
});

test('config_name null composes from the command line alone (value overrides after groups)', () => {
  assert.equal(job(null, '+a=1', '+db=postgres'), '{"db":{"driver":"postgres"},"a":1}');
});

test('sweeps need a multirun', () => {
  assert.throws(() => job('app', 'app_name=a,b'), /Ambiguous value for argument 'app_name=a,b'/);
});

test('repeated compositions share the cached base but never each other\'s values', () => {
  const repo = memoryRepo(FILES);
  const a = composeConfig(repo, { configName: 'app', overrides: ov('db.driver=changed', '+db.engine.x=1', '~app_name'), mode: 'run', jobNum: 1 });
  assert.equal(toJson(jobConfigOf(a.config)), '{"db":{"engine":{"name":"innodb","x":1},"driver":"changed"}}');
  const b = composeConfig(repo, { configName: 'app', overrides: ov('app_name=b'), mode: 'run' });
  assert.equal(toJson(jobConfigOf(b.config)), '{"db":{"engine":{"name":"innodb"},"driver":"mysql"},"app_name":"b"}');
  assert.equal(((a.config.get('orch') as CfgDict).get('job') as CfgDict).get('num'), 1);
  assert.equal(((b.config.get('orch') as CfgDict).get('job') as CfgDict).get('num'), 0);
});

test('runtime choices: an override of orch.runtime stays in its job; other jobs of the base share the filled choices', () => {
  const repo = memoryRepo(FILES);
  const choicesOf = (...o: string[]) => {
    const orch = composeConfig(repo, { configName: 'app', overrides: ov(...o), mode: 'run' }).config.get('orch') as CfgDict;
    return toJson((orch.get('runtime') as CfgDict).get('choices')!);
  };
  const plain = '{"db":"mysql","db/engine":"innodb"}';
  assert.equal(choicesOf('app_name=a'), plain);
  assert.equal(choicesOf('+orch.runtime.choices.extra=1'), '{"extra":1,"db":"mysql","db/engine":"innodb"}');
  assert.equal(choicesOf('app_name=b'), plain);
  assert.equal(choicesOf('orch.runtime.choices={}', 'app_name=c'), plain);
  assert.equal(choicesOf(), plain);
});

test('a dict override merges into a copy: the cached base keeps its nested values', () => {
  const repo = memoryRepo(FILES);
  const a = composeConfig(repo, { configName: 'app', overrides: ov('db={engine:{name:rocks}}'), mode: 'run' });
  assert.equal(toJson(jobConfigOf(a.config)), '{"db":{"engine":{"name":"rocks"},"driver":"mysql"},"app_name":"shop"}');
  const b = composeConfig(repo, { configName: 'app', overrides: [], mode: 'run' });
  assert.equal(toJson(jobConfigOf(b.config)), '{"db":{"engine":{"name":"innodb"},"driver":"mysql"},"app_name":"shop"}');
});

test('~group and ~group=null delete a group; ~group=other does not match', () => {
  assert.equal(job('app', '~db'), '{"app_name":"shop"}');
  assert.equal(job('app', '~db=null'), '{"app_name":"shop"}');
  assert.throws(() => job('app', '~db=postgres'), /Could not delete 'db=postgres'\. No match in the defaults list/);
});

test('__proto__ and constructor keys are config keys: composing them pollutes no prototype', () => {
  const repo = memoryRepo({ app: 'a: 1\n__proto__:\n  from_file: 1\n', 'db/x': '__proto__: {db: 1}\n' });
  const overrides = ov('+__proto__.polluted=1', '++constructor.prototype.polluted=1', '+x={__proto__: {polluted: 1}}', '+db=x', '+toString=2');
  const job = jobConfigOf(composeConfig(repo, { configName: 'app', overrides, mode: 'run' }).config);
  assert.equal(toJson(job), '{"a":1,"__proto__":{"from_file":1,"polluted":1},"db":{"__proto__":{"db":1}},"constructor":{"prototype":{"polluted":1}},"x":{"__proto__":{"polluted":1}},"toString":2}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).includes('polluted'), false);
  assert.equal(typeof ({}).toString, 'function');
});
