#!/usr/bin/env node
/**
 * orch's entry point: parses the command line and hands over to one command module.
 * Command modules are imported lazily so that each command pays only for what it uses
 * (cold `orch compose` is measured against bare `node -e 0`). The installed binary starts in
 * bin.ts, which runs `orch compose` itself and runs this module, bundled, for everything else.
 */
import { parseComposeArgv } from './compose-argv.js';
import { reportFailure } from './failure.js';
import { guardStdio } from './stdio.js';
import { applyHeapFlags } from './heap-limits.js';
import { commandOf } from './command-names.js';

async function main(argv: string[]): Promise<number> {
  try {
    // The machine-readable entry point skips yargs (half of its cold start); see compose-argv.ts.
    const compose = parseComposeArgv(argv);
    if (compose) return await (await import('./commands/compose.js')).composeCommand(compose);
    const { buildCli } = await import('./argv.js');
    return await buildCli(argv);
  } catch (err) {
    return reportFailure(err, argv);
  }
}

guardStdio();
applyHeapFlags(commandOf(process.argv.slice(2)));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
