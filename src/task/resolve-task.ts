import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { didYouMean, sentences } from '../errors.js';
import { TaskNotFoundError } from './errors.js';
import { nameProblem } from '../config/config-name.js';
import { OrchError } from '../errors.js';

export const RUNS_DIR = 'runs';

/** How a task runs: a module imported by orch's runner, or a command line of its own. */
export type ResolvedTask =
  | { kind: 'module'; name: string; file: string }
  | { kind: 'command'; name: string; argv: string[]; file?: string };

/** Module extensions first: a project with both `train.ts` and `train.py` means the TypeScript one. */
const TASK_FILES: ReadonlyArray<{ ext: string; interpreter?: string }> = [
  { ext: '.ts' }, { ext: '.mts' }, { ext: '.js' }, { ext: '.mjs' },
  { ext: '.sh', interpreter: 'bash' }, { ext: '.py', interpreter: 'python3' },
];

/**
 * Finds what `orch <task>` runs: `orch.task.command` from the config when set (any language,
 * e.g. `[python, train.py]`), else `runs/<task>.ts|.mts|.js|.mjs` (module task), else
 * `runs/<task>.sh` (bash) or `runs/<task>.py` (python3).
 */
export function resolveTask(projectRoot: string, task: string, taskCommand?: unknown): ResolvedTask {
  if (taskCommand !== undefined && taskCommand !== null) {
    if (!Array.isArray(taskCommand) || taskCommand.length === 0 || !taskCommand.every((a) => typeof a === 'string' || typeof a === 'number')) {
      throw new OrchError({ code: 'TASK_BAD_COMMAND', message: `orch.task.command: expected a non-empty list of strings (e.g. [python, train.py]), got ${JSON.stringify(taskCommand)}` });
    }
    return { kind: 'command', name: task, argv: taskCommand.map(String) };
  }
  checkTaskName(projectRoot, task);
  for (const { ext, interpreter } of TASK_FILES) {
    const file = join(projectRoot, RUNS_DIR, task + ext);
    if (!existsSync(file)) continue;
    return interpreter ? { kind: 'command', name: task, argv: [interpreter, file], file } : { kind: 'module', name: task, file };
  }
  const available = listTasks(projectRoot);
  const where = relative(process.cwd(), join(projectRoot, RUNS_DIR)) || RUNS_DIR;
  throw new TaskNotFoundError({
    code: 'TASK_NOT_FOUND', message: `Task '${task}' not found: no ${where}/${task}.{ts,js,sh,py} and no orch.task.command`,
    hint: sentences(available.length ? `Available tasks: ${available.join(', ')}.` : `${where}/ has no task files.`, didYouMean(task, available)),
  });
}

/**
 * A task name is a name under runs/ (`train`, `vision/train`), never a path: `../../x` would run a
 * script outside the project, and commands derive file names from it (`runs/<task>.config.d.ts`).
 */
export function checkTaskName(projectRoot: string, task: string): void {
  const problem = nameProblem(task);
  if (problem === undefined) return;
  const available = listTasks(projectRoot);
  throw new TaskNotFoundError({
    code: 'TASK_BAD_NAME', message: `Task '${task}' is not a task name: ${problem}`,
    hint: `Task names are names of files under ${RUNS_DIR}/, not paths (a subfolder is written dir/name).` +
      (available.length ? ` Available tasks: ${available.join(', ')}.` : ''),
  });
}

/**
 * `resolveTask` for every job of a sweep: each job's own `orch.task.command` (it may interpolate
 * swept values: `--seed=${seed}`), the task file under runs/ looked up once for jobs without one.
 */
export function taskResolver(projectRoot: string, task: string): (taskCommand: unknown) => ResolvedTask {
  let fromFile: ResolvedTask | undefined;
  return (taskCommand) => {
    if (taskCommand !== undefined && taskCommand !== null) return resolveTask(projectRoot, task, taskCommand);
    return (fromFile ??= resolveTask(projectRoot, task));
  };
}

/** Task names under runs/ (subfolders give `dir/name`), sorted. */
export function listTasks(projectRoot: string): string[] {
  const names = new Set<string>();
  const visit = (dir: string, prefix: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      // `lib/` (and `_private/`) folders hold a task's helper modules, not tasks.
      if (e.isDirectory() && depth < 2 && !['node_modules', 'lib'].includes(e.name) && !/^[._]/.test(e.name)) visit(join(dir, e.name), `${prefix}${e.name}/`, depth + 1);
      const ext = TASK_FILES.find((t) => e.name.endsWith(t.ext) && !e.name.endsWith('.d.ts'));
      if (e.isFile() && ext) names.add(prefix + e.name.slice(0, -ext.ext.length));
    }
  };
  visit(join(projectRoot, RUNS_DIR), '', 0);
  return [...names].sort();
}
