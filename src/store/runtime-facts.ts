/**
 * Versions of what a task runs on: node (module tasks run in orch's node), the Python interpreter
 * and its installed distributions when the task is a Python command, and the hashes of the
 * project's lock files. Read once per sweep; each probe has a timeout and a failed probe is
 * recorded as such, never an error: provenance must not stop a run.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hashText } from './content-hash.js';

/** Names (exact, or a RegExp) of lock and requirement files looked for in the project root. */
const LOCK_FILES = [
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb',
  'poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'pyproject.toml', 'environment.yml', 'environment.yaml', 'conda-lock.yml',
  /^requirements.*\.(txt|in)$/, /^constraints.*\.txt$/,
];

export interface PythonFacts {
  executable: string;
  version?: string;
  /** Distribution name -> version, from importlib.metadata. */
  packages?: Record<string, string>;
  error?: string;
}

export interface RuntimeFacts {
  node: string;
  platform: string;
  python?: PythonFacts;
  lockFiles: Array<{ path: string; hash: string }>;
}

/** Is this command a Python interpreter (python, python3, python3.12, a venv's bin/python)? */
export function isPythonCommand(argv0: string | undefined): boolean {
  return argv0 !== undefined && /^python(\d+(\.\d+)?)?$/.test(basename(argv0));
}

const PY_PROBE = 'import sys, json, importlib.metadata as m\n'
  + 'd = {}\n'
  + 'for x in m.distributions():\n'
  + '    n = x.metadata["Name"]\n'
  + '    if n: d[n] = x.version\n'
  + 'print(json.dumps({"version": sys.version.split()[0], "packages": dict(sorted(d.items()))}))\n';

function run(cmd: string, args: string[], cwd: string): Promise<{ stdout: string } | { error: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: 20_000, maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve(err ? { error: (stderr || err.message).trim().split('\n').pop() ?? err.message } : { stdout });
    });
  });
}

export async function pythonFacts(executable: string, cwd: string): Promise<PythonFacts> {
  const r = await run(executable, ['-c', PY_PROBE], cwd);
  if ('error' in r) return { executable, error: r.error };
  try {
    const parsed = JSON.parse(r.stdout) as { version: string; packages: Record<string, string> };
    return { executable, version: parsed.version, packages: parsed.packages };
  } catch {
    return { executable, error: `unexpected output: ${r.stdout.slice(0, 200)}` };
  }
}

export async function lockFileHashes(projectRoot: string): Promise<RuntimeFacts['lockFiles']> {
  const names = await readdir(projectRoot).catch(() => [] as string[]);
  const wanted = names.filter((n) => LOCK_FILES.some((l) => (typeof l === 'string' ? l === n : l.test(n)))).sort();
  const out: RuntimeFacts['lockFiles'] = [];
  for (const name of wanted) {
    const bytes = await readFile(join(projectRoot, name)).catch(() => undefined);
    if (bytes) out.push({ path: name, hash: hashText(bytes) });
  }
  return out;
}

/** `taskArgv`: the command of a command task (its argv[0] says whether it is Python). */
export async function runtimeFacts(projectRoot: string, taskArgv: readonly string[] | undefined): Promise<RuntimeFacts> {
  const python = isPythonCommand(taskArgv?.[0]) ? await pythonFacts(taskArgv![0]!, projectRoot) : undefined;
  return { node: process.version, platform: `${process.platform}-${process.arch}`, ...(python ? { python } : {}), lockFiles: await lockFileHashes(projectRoot) };
}
