/**
 * `orch schema <task>`: JSON Schema of the task's job config (stdout or --out FILE), of one group's
 * files (--group G), or all of them into a folder (--dir DIR) for the YAML language server.
 */
import { join, relative, resolve } from 'node:path';
import { writeFileWithDirsSync } from '../../store/atomic.js';
import { OrchError } from '../../errors.js';
import { checkPrimaryConfigName } from '../../config/config-name.js';
import { openProject } from '../project.js';
import { checkTaskName } from '../../task/resolve-task.js';
import { taskGroups, taskJsonSchema, type TaskRef } from '../../schema/index.js';
import { inform } from '../../warn.js';

export interface SchemaArgs {
  task: string;
  configDir?: string;
  configName?: string;
  group?: string;
  out?: string;
  dir?: string;
}

export async function schemaCommand(args: SchemaArgs): Promise<number> {
  const { ref, project } = openTask(args);
  if (args.dir) {
    const dir = resolve(project.root, args.dir);
    const written = [write(join(dir, `${args.task}.json`), taskJsonSchema(ref))];
    for (const group of taskGroups(ref)) written.push(write(join(dir, `${group.replace(/\//g, '.')}.json`), taskJsonSchema(ref, group)));
    for (const file of written) process.stdout.write(`${shown(project.root, file)}\n`);
    const group = taskGroups(ref)[0];
    const example = group ? `in ${group}/*.yaml: # yaml-language-server: $schema=${relative(join(project.configDir, group), join(dir, `${group}.json`))}` : '';
    inform(`wrote ${written.length} schema(s) for the YAML language server; first line of a config file, e.g.\n  ${example}`);
    return 0;
  }
  const groups = taskGroups(ref);
  if (args.group !== undefined && !groups.includes(args.group)) {
    throw new OrchError({ code: 'SCHEMA_UNKNOWN_GROUP', message: `Task '${args.task}' has no config group '${args.group}'`, hint: `Groups: ${groups.join(', ') || 'none'}.` });
  }
  const schema = taskJsonSchema(ref, args.group);
  if (args.out) process.stdout.write(`${shown(project.root, write(resolve(project.root, args.out), schema))}\n`);
  else process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}

/** A path relative to the project when it is inside it, else absolute. */
export function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

function write(file: string, schema: Record<string, unknown>): string {
  writeFileWithDirsSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  return file;
}

/** The task's primary config: `-c NAME` (must exist), else `<task>` when it exists, else none. */
export function openTask(args: { task: string; configDir?: string; configName?: string }): { ref: TaskRef; project: ReturnType<typeof openProject> } {
  const project = openProject({ configDir: args.configDir, requireConfigDir: true });
  checkTaskName(project.root, args.task);
  const name = args.configName ?? args.task;
  if (args.configName !== undefined) checkPrimaryConfigName(project.repo, name, `Option '-c ${name}'`);
  if (args.configName !== undefined && !project.repo.configExists(name)) {
    throw new OrchError({ code: 'PRIMARY_CONFIG_NOT_FOUND', message: `Cannot find primary config '${name}' in ${project.configDir}` });
  }
  const configName = project.repo.configExists(name) ? name : null;
  return { ref: { repo: project.repo, task: args.task, configName }, project };
}
