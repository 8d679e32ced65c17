import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDefault, GroupDefault, type InputDefault } from '../../../src/config/default-element.js';

interface Row {
  name: string;
  make: () => InputDefault;
  parent: [baseDir: string, pkg: string];
  header?: string;
  configPath: string;
  finalPackage: string;
  overrideKey?: string;
}

const rows: Row[] = [
  { name: 'group at the root', make: () => new GroupDefault('db', 'mysql'), parent: ['', ''], configPath: 'db/mysql', finalPackage: 'db', overrideKey: 'db' },
  { name: 'nested group inside db/mysql', make: () => new GroupDefault('engine', 'innodb'), parent: ['db', 'db'], configPath: 'db/engine/innodb', finalPackage: 'db.engine', overrideKey: 'db/engine' },
  { name: 'absolute group inside server/nginx', make: () => new GroupDefault('/cache', 'redis'), parent: ['server', 'server'], configPath: 'cache/redis', finalPackage: 'server.cache', overrideKey: 'cache@server.cache' },
  { name: 'explicit package', make: () => new GroupDefault('db', 'mysql', 'source'), parent: ['', ''], configPath: 'db/mysql', finalPackage: 'source', overrideKey: 'db@source' },
  { name: '_global_ package', make: () => new GroupDefault('db', 'mysql', '_global_'), parent: ['', ''], configPath: 'db/mysql', finalPackage: '', overrideKey: 'db@_global_' },
  { name: '_here_ package', make: () => new ConfigDefault('/shared/conn', '_here_'), parent: ['db', 'db'], configPath: 'shared/conn', finalPackage: 'db' },
  { name: 'sibling config (inheritance)', make: () => new ConfigDefault('base'), parent: ['db', 'db'], configPath: 'db/base', finalPackage: 'db' },
  { name: '# @package _global_ header', make: () => new GroupDefault('preset', 'prod'), parent: ['', ''], header: '_global_', configPath: 'preset/prod', finalPackage: '', overrideKey: 'preset' },
  { name: 'header is absolute', make: () => new GroupDefault('engine', 'innodb'), parent: ['db', 'db'], header: 'x.y', configPath: 'db/engine/innodb', finalPackage: 'x.y', overrideKey: 'db/engine' },
  { name: '_group_ in a header is a literal key (version_base 1.2+)', make: () => new GroupDefault('db', 'mysql'), parent: ['', ''], header: '_group_', configPath: 'db/mysql', finalPackage: '_group_', overrideKey: 'db' },
  { name: '_group_ in a defaults-list package is the group', make: () => new GroupDefault('db', 'mysql', '_group_.x'), parent: ['', ''], configPath: 'db/mysql', finalPackage: 'db.x', overrideKey: 'db@db.x' },
];

for (const r of rows) {
  test(r.name, () => {
    const d = r.make();
    d.updateParent(...r.parent);
    d.setPackageHeader(r.header ?? null);
    assert.equal(d.configPath(), r.configPath);
    assert.equal(d.finalPackage(), r.finalPackage);
    if (r.overrideKey !== undefined) assert.equal(d.overrideKey(), r.overrideKey);
  });
}

test('an appended group (+group=opt) is absolute and packaged from the root', () => {
  const d = new GroupDefault('db', 'sqlite', 'backup', false, false, true);
  d.updateParent('server', 'server');
  assert.equal(d.configPath(), 'db/sqlite');
  assert.equal(d.finalPackage(), 'backup');
});

test('interpolated choices are replaced by known choices', () => {
  const d = new GroupDefault('tuning', '${db}_${server}');
  d.resolveInterpolation(new Map([['db', 'mysql'], ['server', 'nginx']]));
  assert.equal(d.value, 'mysql_nginx');
  const bad = new GroupDefault('tuning', '${nope}');
  assert.throws(() => bad.resolveInterpolation(new Map([['db', 'mysql']])), /possible interpolation keys: db/);
});
