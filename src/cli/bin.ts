/**
 * The `orch` binary (bundled as CommonJS into dist/bundle/orch.cjs). `orch compose` is held to
 * 1.5x a bare `node -e 0`, so it runs from this small bundle alone. Every other command runs the
 * whole CLI (main.ts, bundled as one CommonJS file, dist/bundle/cli.cjs) from a V8 code cache:
 * on Node 20 an ES-module CLI cost a quarter of node's start-up in the loader alone, and its
 * compile was a third of the start of a short sweep (code-cache.ts).
 */
import { fileURLToPath } from 'node:url';
import { parseComposeArgv } from './compose-argv.js';
import { composeCommand } from './commands/compose.js';
import { commandOf } from './command-names.js';
import { runWithCodeCache } from './code-cache.js';
import { reportFailure } from './failure.js';
import { heapFlagsFor } from './heap-limits.js';
import { guardStdio } from './stdio.js';

guardStdio();
const argv = process.argv.slice(2);
const compose = parseComposeArgv(argv);
if (compose) {
  composeCommand(compose).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => { process.exitCode = reportFailure(err, argv); },
  );
} else {
  // main.ts reads process.argv itself.
  const command = commandOf(argv);
  runWithCodeCache(fileURLToPath(new URL('./cli.cjs', import.meta.url)), command, heapFlagsFor(command));
}
