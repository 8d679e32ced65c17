/**
 * `orch compose` flags read by hand, so that the machine-readable entry point starts without
 * loading yargs (which cost more than the whole composition on a cold start). Anything this does
 * not recognise (help, unknown or repeated flags, `--`) returns null and the yargs parser in
 * argv.ts takes over, with its messages.
 */
import type { ComposeArgs } from './commands/compose.js';

export interface FlagSpec<K extends string = string> {
  /** `config-name` for `--config-name`; `key` is its camel-case name in the parsed arguments. */
  readonly name: string;
  readonly key: K;
  readonly alias?: string;
  readonly type: 'string' | 'boolean';
  readonly describe: string;
  readonly default?: boolean;
}

/** A flag of every command (argv.ts declares it globally). */
export const CONFIG_DIR_FLAG = { name: 'config-dir', key: 'configDir', type: 'string', describe: 'Primary config directory (default: ./config)' } as const satisfies FlagSpec;

/** The flags of `orch compose`, read here and declared to yargs in argv.ts from this one table. */
export const COMPOSE_FLAGS = [
  { name: 'config-name', key: 'configName', alias: 'c', type: 'string', describe: 'Primary config name (none: config from overrides only)' },
  { name: 'multirun', key: 'multirun', alias: 'm', type: 'boolean', default: false, describe: 'Expand sweeps into jobs' },
  { name: 'unresolved', key: 'unresolved', type: 'boolean', default: false, describe: 'Only config_unresolved; resolution errors do not fail' },
] as const satisfies readonly FlagSpec<keyof ComposeArgs>[];

type Known = { key: 'configDir' | 'configName' | 'multirun' | 'unresolved'; type: 'string' | 'boolean' };
const KNOWN = new Map<string, Known>();
for (const f of [CONFIG_DIR_FLAG, ...COMPOSE_FLAGS]) {
  KNOWN.set(`--${f.name}`, f);
  if ('alias' in f) KNOWN.set(`-${f.alias}`, f);
}
/** Handled by main.ts itself (failure.ts also takes `--verbose` for `--debug`). */
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
    if (IGNORED_FLAGS.has(token)) continue;
    const known = KNOWN.get(flag);
    if (!known || seen.has(known.key)) return null;
    const key = known.key;
    seen.add(key);
    if (known.type === 'boolean') {
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
