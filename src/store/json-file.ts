/**
 * Reading orch's small JSON files (run.json, sweep.json, the plan header, slurm.json, locks,
 * markers): a file that is not there is "absent", not an error, and one that is there but is not
 * JSON is the caller's own typed error naming the file. Other read errors (EACCES, EIO) are thrown
 * as they are: the environment's fault, reported as such by the CLI.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** The caller's error for a file that is there but does not parse; `detail` is the parser's message. */
export type BadJson = (path: string, detail: string, cause: unknown) => Error;

/** ENOENT, or ENOTDIR (a path through a regular file): no file at that path. */
export function isAbsent(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** File contents as UTF-8, or undefined when there is no such file. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isAbsent(err)) return undefined;
    throw err;
  }
}

export function readTextIfExistsSync(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (isAbsent(err)) return undefined;
    throw err;
  }
}

/** `JSON.parse(text)`, a parse error reported through `bad` with the file's path. */
export function parseJsonAt(path: string, text: string, bad: BadJson): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw bad(path, (err as Error).message, err);
  }
}

/** The parsed file, or undefined when there is no such file. */
export async function readJsonIfExists(path: string, bad: BadJson): Promise<unknown> {
  const text = await readTextIfExists(path);
  return text === undefined ? undefined : parseJsonAt(path, text, bad);
}

export function readJsonIfExistsSync(path: string, bad: BadJson): unknown {
  const text = readTextIfExistsSync(path);
  return text === undefined ? undefined : parseJsonAt(path, text, bad);
}

/** For readers that treat a damaged file as absent (they catch it): a plain error naming the file. */
export const notJson: BadJson = (path, detail, cause) => new Error(`${path}: not valid JSON (${detail})`, { cause });
