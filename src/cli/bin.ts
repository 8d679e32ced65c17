/**
 * The `orch` binary (bundled as CommonJS into dist/bundle/orch.cjs). On Node 20 an ES-module entry
 * point alone costs about a quarter of node's own start-up, and `orch compose` is held to 1.5x a
 * bare `node -e 0`; so `orch compose` runs from this CommonJS bundle, without the ESM loader, and
 * every other command loads the ESM CLI (main.js, code-split so each command loads what it uses).
 */
import { parseComposeArgv } from './compose-argv.js';
import { composeCommand } from './commands/compose.js';
import { reportFailure } from './failure.js';
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
  // A computed specifier: the bundler leaves it alone, and main.js reads process.argv itself.
  const esmMain = new URL('./main.js', import.meta.url).href;
  void import(esmMain);
}
