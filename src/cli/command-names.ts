/**
 * orch's subcommands. Any other first word names a task. Shared by the yargs CLI (argv.ts) and the
 * start-up (bin.ts), which picks V8 flags and a code cache per command before yargs is loaded.
 */
export const COMMANDS: ReadonlySet<string> = new Set([
  'compose', 'report', 'resume', 'status', 'rerun', '_run-job', '_slurm-dispatch', 'completion', 'schema', 'types',
  'sync', 'archive', 'runs', 'note',
]);

/** What an argv runs: a subcommand's name, `task` for a task, `cli` for flags alone (--help, --version). */
export function commandOf(argv: readonly string[]): string {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined) return 'cli';
  return COMMANDS.has(first) ? first : 'task';
}
