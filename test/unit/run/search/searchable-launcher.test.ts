import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../../../src/errors.js';
import { createBuiltinLauncherRegistry } from '../../../../src/launchers/builtin-registry.js';
import { refuseUnsearchableLauncher } from '../../../../src/run/search/start-search.js';

// A search asks the launcher whether it takes trials one at a time (a capability), never its name:
// a plugin launcher that can is accepted under any name, one that cannot is refused.
test('a search runs on every launcher that says it is adaptive, and is refused on one that is not', () => {
  const registry = createBuiltinLauncherRegistry();
  for (const name of registry.names()) {
    const launcher = registry.createLauncher(name, name.startsWith('slurm') ? { partition: 'debug' } : {});
    assert.equal(launcher.adaptive, true, name);
    refuseUnsearchableLauncher(launcher);
  }
  refuseUnsearchableLauncher({ name: 'my-plugin', adaptive: true });
  assert.throws(() => refuseUnsearchableLauncher({ name: 'batch-only' }), (e: unknown) =>
    e instanceof OrchError && e.code === 'SEARCH_LAUNCHER' && /orch\.launcher\.name=batch-only: this launcher cannot run a search/.test(e.message));
});
