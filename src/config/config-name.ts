/**
 * Config names (group options, primary configs) and task names are names inside a tree, not file
 * system paths: `db/engine=innodb` and `model=resnet/50` name files under the config dir, but a
 * `..` segment or a leading `/` would name a file anywhere (`model=../../../etc/x` loading
 * `/etc/x.yaml`). Names are checked where they enter, before any file is looked up.
 */
import { ConfigNameError } from './errors.js';

/** Why `name` is not a name inside a tree, or undefined when it is one. */
export function nameProblem(name: string): string | undefined {
  if (name.startsWith('/')) return "it starts with '/'";
  if (name.split('/').includes('..')) return "it has a '..' segment";
  if (name.includes('\0')) return 'it has a NUL character';
  return undefined;
}

/**
 * Whether a `/`-separated config path (as a config source sees it) stays inside its tree: the last
 * line of defence, so that a path no check above caught is "not found" instead of read.
 */
export function staysInTree(path: string): boolean {
  return !path.split('/').includes('..') && !path.includes('\0');
}

/** A primary config name (`-c NAME`, `--config-name`) that is a path out of the config dir. */
export function checkPrimaryConfigName(repo: { groupOptions(group: string): string[] }, name: string, where = 'Primary config'): void {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new ConfigNameError({ where, what: 'a config name', name, problem, group: '', options: repo.groupOptions('') });
}
