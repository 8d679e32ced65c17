import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ORCH_BIN } from './paths.js';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the real `orch` binary in `cwd`, never through a shell. */
export function orch(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [ORCH_BIN, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of `test/fixtures/<name>` in a temp dir, so tests never write into the repo. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `orch-${name.replace(/\W/g, '-')}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true, filter: (src) => !src.includes('/outputs') });
  return dir;
}
