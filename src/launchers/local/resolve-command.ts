import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * argv[0] of a command job looked up in PATH once per launcher, not by every spawn: execvp walks
 * PATH for each job (one failed execve per PATH entry before the right one, 8 per job measured).
 * A name with a slash is a path already. A name not found stays as it is, so the spawn fails with
 * the usual 'command not found'.
 */
export function createCommandResolver(path = process.env.PATH ?? ''): (name: string) => string {
  return (name) => {
    if (name.includes('/')) return name;
    const key = `${path}\0${name}`;
    let found = knownCommands.get(key);
    if (found === undefined) knownCommands.set(key, (found = lookUp(name, path) ?? name));
    return found;
  };
}

/** Shared by every launcher of the process (the GPU launcher makes one local launcher per job). */
const knownCommands = new Map<string, string>();

function lookUp(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    // A relative entry would be relative to orch's cwd, not the job's: leave those to the spawn.
    if (!isAbsolute(dir)) return undefined;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
