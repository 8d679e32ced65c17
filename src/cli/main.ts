#!/usr/bin/env node
/**
 * orch's entry point: parses the command line and hands over to one command module.
 * Command modules are imported lazily so that each command pays only for what it uses
 * (cold `orch compose` is measured against bare `node -e 0`).
 */
import { OrchError, formatError } from '../errors.js';
import { parseComposeArgv } from './compose-argv.js';

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug') || argv.includes('--verbose');
  try {
    // The machine-readable entry point skips yargs (half of its cold start); see compose-argv.ts.
    const compose = parseComposeArgv(argv);
    if (compose) return await (await import('./commands/compose.js')).composeCommand(compose);
    const { buildCli } = await import('./argv.js');
    return await buildCli(argv);
  } catch (err) {
    if (err instanceof OrchError) {
      process.stderr.write(`Error: ${formatError(err)}\n`);
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    process.stderr.write(`orch: internal error (this is a bug, please report it with the command line):\n`);
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 70;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
