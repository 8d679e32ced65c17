/**
 * `orch types <task>`: writes a TypeScript declaration of the task's job config (default
 * `runs/<task>.config.d.ts`) so that `runs/<task>.ts` can type its cfg and typos fail `tsc`.
 */
import { resolve } from 'node:path';
import { writeFileWithDirsSync } from '../../store/atomic.js';
import { configTypeName, taskTypeScript } from '../../schema/index.js';
import { openTask, shown } from './schema.js';
import { inform } from '../../warn.js';

export interface TypesArgs {
  task: string;
  configDir?: string;
  configName?: string;
  out?: string;
}

export async function typesCommand(args: TypesArgs): Promise<number> {
  const { ref, project } = openTask(args);
  const file = resolve(project.root, args.out ?? `runs/${args.task}.config.d.ts`);
  writeFileWithDirsSync(file, taskTypeScript(ref));
  process.stdout.write(`${shown(project.root, file)}\n`);
  const name = configTypeName(args.task);
  inform(`in runs/${args.task}.ts: import type { ${name} } from './${args.task}.config.js'; then (cfg: ${name}, ctx) => ...`);
  return 0;
}
