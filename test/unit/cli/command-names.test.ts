import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandOf } from '../../../src/cli/command-names.js';
import { heapFlagsFor } from '../../../src/cli/heap-limits.js';

test('commandOf: a subcommand by name, any other first word a task, flags alone the bare CLI', () => {
  assert.equal(commandOf(['status', 'outputs/x']), 'status');
  assert.equal(commandOf(['--debug', 'report']), 'report');
  assert.equal(commandOf(['train', 'model=net2', '-m']), 'task');
  assert.equal(commandOf(['--version']), 'cli');
  assert.equal(commandOf([]), 'cli');
});

test('heap flags: commands that run jobs bound the heap; compose, report and status keep V8\'s defaults', () => {
  assert.deepEqual(heapFlagsFor('task'), ['--semi-space-growth-factor=1', '--heap-growing-percent=10']);
  assert.deepEqual(heapFlagsFor('resume'), heapFlagsFor('task'));
  assert.deepEqual(heapFlagsFor('rerun'), heapFlagsFor('task'));
  assert.deepEqual(heapFlagsFor('status'), []);
  assert.deepEqual(heapFlagsFor('runs'), ['--semi-space-growth-factor=1']);
  assert.deepEqual(heapFlagsFor('report'), []);
  assert.deepEqual(heapFlagsFor('compose'), []);
});
