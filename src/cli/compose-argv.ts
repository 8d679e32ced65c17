/**
 * `orch compose` flags read by hand, so that the machine-readable entry point starts without
 * loading yargs (which cost more than the whole composition on a cold start). Anything this does
 * not recognise (help, unknown or repeated flags, `--`) returns null and the yargs parser in
 * argv.ts takes over, with its messages.
 */
import type { ComposeArgs } from './commands/compose.js';

const VALUE_FLAGS: Record<string, 'configDir' | 'configName'> = { '--config-dir': 'configDir', '--config-name': 'configName', '-c': 'configName' };
const BOOLEAN_FLAGS: Record<string, 'multirun' | 'unresolved'> = { '--multirun': 'multirun', '-m': 'multirun', '--unresolved': 'unresolved' };
/** Handled by main.ts itself. */
const IGNORED_FLAGS = new Set(['--debug', '--verbose']);

export function parseComposeArgv(argv: readonly string[]): ComposeArgs | null {
  if (argv[0] !== 'compose') return null;
  const args: ComposeArgs = { multirun: false, unresolved: false, overrides: [] };
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('-')) {
      args.overrides.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    const key = VALUE_FLAGS[flag] ?? BOOLEAN_FLAGS[flag];
    if (IGNORED_FLAGS.has(token)) continue;
    if (!key || seen.has(key)) return null;
    seen.add(key);
    if (flag in BOOLEAN_FLAGS) {
      // `--multirun false` and `--multirun=x` mean something to yargs: leave them to it.
      if (flag !== token || argv[i + 1] === 'true' || argv[i + 1] === 'false') return null;
      args[key as 'multirun' | 'unresolved'] = true;
      continue;
    }
    const value = flag !== token ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || (flag === token && value.startsWith('-'))) return null;
    args[key as 'configDir' | 'configName'] = value;
  }
  return args;
}
