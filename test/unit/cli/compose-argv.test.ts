import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPOSE_FLAGS, CONFIG_DIR_FLAG, parseComposeArgv } from '../../../src/cli/compose-argv.js';

test('compose flags are read without yargs', () => {
  assert.deepEqual(parseComposeArgv(['compose', '--config-dir', 'cfg', '-c', 'train', '-m', 'a=1,2', '+b=x', '--unresolved']), {
    multirun: true, unresolved: true, overrides: ['a=1,2', '+b=x'], configDir: 'cfg', configName: 'train',
  });
  assert.deepEqual(parseComposeArgv(['compose', '--config-name=app', '--config-dir=d', '~x', '--debug']), {
    multirun: false, unresolved: false, overrides: ['~x'], configDir: 'd', configName: 'app',
  });
  assert.deepEqual(parseComposeArgv(['compose']), { multirun: false, unresolved: false, overrides: [] });
});

test('anything unusual is left to the yargs parser (help, unknown, repeated or odd flags, other commands)', () => {
  for (const argv of [
    ['compose', '--help'], ['compose', '-h'], ['compose', '--nope'], ['compose', '-c', 'a', '-c', 'b'], ['compose', '-c'],
    ['compose', '-c', '--multirun'], ['compose', '--multirun', 'false'], ['compose', '--multirun=true'], ['compose', '--', 'a=1'],
    ['--config-dir', 'x', 'compose'], ['report'], [],
  ]) assert.equal(parseComposeArgv(argv), null, argv.join(' '));
});

test('every flag of the one table (also what argv.ts declares to yargs) is read by hand, by name and alias', () => {
  for (const f of [CONFIG_DIR_FLAG, ...COMPOSE_FLAGS]) {
    const spellings = [`--${f.name}`, ...('alias' in f ? [`-${f.alias}`] : [])];
    for (const s of spellings) {
      const argv = f.type === 'boolean' ? ['compose', s] : ['compose', s, 'v'];
      const parsed = parseComposeArgv(argv) as unknown as Record<string, unknown> | null;
      assert.equal(parsed?.[f.key], f.type === 'boolean' ? true : 'v', s);
    }
  }
});
