import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { composeConfig, jobConfigOf } from '../../../src/config/compose.js';
import { nameProblem } from '../../../src/config/config-name.js';
import { createConfigRepository } from '../../../src/config/repository.js';
import { createFileSource } from '../../../src/config/config-source.js';
import { MissingConfigError } from '../../../src/config/errors.js';
import { toJson } from '../../../src/value/value.js';
import { ov } from './helpers.js';

/**
 * <tmp>/outside/evil.yaml is a file out of the tree; <tmp>/project/config is the tree, with
 * groups model (small, resnet/50) and db/engine (innodb).
 */
function tree(extra: Record<string, string> = {}): { configDir: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'orch-names-'));
  const files: Record<string, string> = {
    'outside/evil.yaml': 'evil: 1\n',
    'project/config/app.yaml': 'defaults:\n  - model: small\n  - _self_\nseed: 0\n',
    'project/config/model/small.yaml': 'width: 8\n',
    'project/config/model/resnet/50.yaml': 'depth: 50\n',
    'project/config/db/engine/innodb.yaml': 'engine: innodb\n',
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { configDir: join(root, 'project', 'config'), root };
}

function compose(configDir: string, configName: string | null, ...overrides: string[]): string {
  const repo = createConfigRepository({ configDir });
  return toJson(jobConfigOf(composeConfig(repo, { configName, overrides: ov(...overrides), mode: 'run' }).config));
}

function refused(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: MissingConfigError) => {
    assert.ok(e instanceof MissingConfigError, String(e));
    assert.equal(e.code, 'CONFIG_BAD_NAME', e.message);
    for (const p of patterns) assert.match(e.message, p);
    assert.match(e.hint ?? '', /names inside .*not file paths/);
    return true;
  });
}

test('nameProblem: subfolders are names, .. segments and absolute paths are not', () => {
  for (const ok of ['small', 'resnet/50', 'db/engine', 'a.b', '..x', 'x..', 'v1.2']) assert.equal(nameProblem(ok), undefined, ok);
  assert.match(nameProblem('../x')!, /'\.\.' segment/);
  assert.match(nameProblem('a/../../x')!, /'\.\.' segment/);
  assert.match(nameProblem('..')!, /'\.\.' segment/);
  assert.match(nameProblem('/etc/x')!, /starts with '\/'/);
});

test('a group override that climbs out of the config dir is refused with the override, group and options', () => {
  const { configDir } = tree();
  refused(() => compose(configDir, 'app', 'model=../../outside/evil'),
    /^Override 'model=\.\.\/\.\.\/outside\/evil': '\.\.\/\.\.\/outside\/evil' is not an option of group 'model': it has a '\.\.' segment/,
    /Available options in 'model':\n\tsmall/);
  refused(() => compose(configDir, 'app', '+db/engine=../../../outside/evil'), /Override '\+db\/engine=/, /Available options in 'db\/engine':\n\tinnodb/);
  refused(() => compose(configDir, 'app', 'model=[small,../../outside/evil]'), /'\.\.\/\.\.\/outside\/evil' is not an option of group 'model'/);
  refused(() => compose(configDir, 'app', 'model=/etc/passwd'), /starts with '\/'/);
});

test('defaults entries in config files are names too: group options, config paths, overrides, interpolations', () => {
  const { configDir } = tree({
    'project/config/bad_group.yaml': 'defaults:\n  - model: ../../outside/evil\n  - _self_\n',
    'project/config/bad_path.yaml': 'defaults:\n  - ../outside/evil\n  - _self_\n',
    'project/config/bad_abs.yaml': 'defaults:\n  - /../../outside/evil\n  - _self_\n',
    'project/config/experiment/climb.yaml': '# @package _global_\ndefaults:\n  - override /model: ../../outside/evil\n',
    'project/config/interp.yaml': 'defaults:\n  - model: small\n  - db/engine: ${model}/../../../../outside/evil\n  - _self_\n',
  });
  refused(() => compose(configDir, 'bad_group'), /^In 'bad_group', defaults entry 'model: \.\.\/\.\.\/outside\/evil'/, /Available options in 'model':\n\tsmall/);
  refused(() => compose(configDir, 'bad_path'), /^In 'bad_path', defaults entry '\.\.\/outside\/evil'/);
  refused(() => compose(configDir, 'bad_abs'), /defaults entry '\/\.\.\/\.\.\/outside\/evil'/);
  refused(() => compose(configDir, 'app', '+experiment=climb'), /^In 'experiment\/climb', defaults entry 'override \/model: /);
  refused(() => compose(configDir, 'interp'), /is not an option of group 'db\/engine'/);
});

test('a primary config name that climbs out is refused, listing the primary configs', () => {
  const { configDir } = tree();
  refused(() => compose(configDir, '../../outside/evil'), /^Primary config: '\.\.\/\.\.\/outside\/evil' is not a config name/, /Available primary configs:\n\tapp/);
  refused(() => compose(configDir, '/etc/x'), /starts with '\/'/);
});

test('nested groups and options in subfolders still compose', () => {
  const { configDir } = tree();
  assert.equal(compose(configDir, 'app', 'model=resnet/50'), '{"model":{"depth":50},"seed":0}');
  assert.equal(compose(configDir, 'app', '+db/engine=innodb'), '{"model":{"width":8},"seed":0,"db":{"engine":{"engine":"innodb"}}}');
});

test('a file source never answers for a path out of its directory, even when the file exists', () => {
  const { configDir } = tree();
  const source = createFileSource(configDir);
  assert.equal(source.isConfig('model/../../../outside/evil'), false);
  assert.equal(source.isGroup('../../outside'), false);
  assert.deepEqual(source.list('../../outside', 'config'), []);
  assert.throws(() => source.load('../../outside/evil'), /outside .*config names may not contain '\.\.'/);
  assert.equal(source.isConfig('model/small'), true);
});

test('a group folder that is a link (configs shared between projects) is still part of the tree', () => {
  const { configDir, root } = tree({ 'shared/optim/adam.yaml': 'lr: 0.001\n' });
  symlinkSync(join(root, 'shared', 'optim'), join(configDir, 'optim'));
  assert.equal(compose(configDir, 'app', '+optim=adam'), '{"model":{"width":8},"seed":0,"optim":{"lr":0.001}}');
});
