import { pathToFileURL } from 'node:url';
import { TaskLoadError } from './errors.js';
import type { TaskFunction } from './types.js';

let tsxRegistered = false;

/** True when this process already runs with tsx's loader (`node --import tsx`). */
function tsxActive(): boolean {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return /(^|[\s=])tsx(\/esm)?(\s|$)/.test(flags) || import.meta.url.endsWith('.ts');
}

/** Imports a task module (TypeScript through tsx's ESM loader) and returns its default export. */
export async function loadTaskFunction(file: string): Promise<TaskFunction> {
  if (/\.[cm]?ts$/.test(file) && !tsxRegistered && !tsxActive()) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new TaskLoadError('TASK_IMPORT_FAILED', `${file}: cannot import the task: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
  const fn = mod.default;
  if (typeof fn !== 'function') {
    throw new TaskLoadError('TASK_NO_DEFAULT_EXPORT', `${file}: ${fn === undefined ? 'has no default export' : `default export is ${typeof fn}, not a function`}`, {
      hint: 'A task module must `export default async function (cfg, ctx) { ... return { metric: 1 }; }`.',
    });
  }
  return fn as TaskFunction;
}
