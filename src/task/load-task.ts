import { pathToFileURL } from 'node:url';
import type { TaskFunction } from './types.js';
import { OrchError } from '../errors.js';
import { hostImport } from '../host-import.js';

let tsxRegistered = false;

/** True when this process already runs with tsx's loader (`node --import tsx`). */
function tsxActive(): boolean {
  // `--import tsx`, or the resolved URL of tsx's loader that the worker pool passes.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  return flags.some((f) => /(^|[\s=/])tsx([\s/]|$)/.test(f)) || import.meta.url.endsWith('.ts');
}

/** Imports a task module (TypeScript through tsx's ESM loader) and returns its default export. */
export async function loadTaskFunction(file: string): Promise<TaskFunction> {
  if (/\.[cm]?ts$/.test(file) && !tsxRegistered && !tsxActive()) {
    // The same as `node --import tsx`: ESM and CommonJS hooks, so a .ts file outside a
    // `"type": "module"` package loads too (tsx/esm/api alone would leave it to require()).
    await hostImport('tsx');
    tsxRegistered = true;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await hostImport(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new OrchError({ code: 'TASK_IMPORT_FAILED', message: `${file}: cannot import the task: ${(err as Error)?.message ?? String(err)}`, cause: err });
  }
  // A .ts/.js file that Node treats as CommonJS comes back as { default: module.exports }.
  const inner = mod.default as { default?: unknown } | undefined;
  const fn = typeof mod.default !== 'function' && typeof inner?.default === 'function' ? inner.default : mod.default;
  if (typeof fn !== 'function') {
    throw new OrchError({
      code: 'TASK_NO_DEFAULT_EXPORT', message: `${file}: ${fn === undefined || (typeof fn === 'object' && fn !== null && !('default' in fn)) ? 'has no default export' : `default export is ${typeof fn}, not a function`}`,
      hint: 'A task module must `export default async function (cfg, ctx) { ... return { metric: 1 }; }`.',
    });
  }
  return fn as TaskFunction;
}
