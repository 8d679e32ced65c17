import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/**
 * Installs `orch completion bash` in `project` and returns a function that lists the full words it
 * offers after a command line (a trailing space completes a new word). What a real bash then does
 * with them on Tab is tested under a pseudo-terminal (completion-pty.test.ts).
 */
export function bashCompletion(project: string): (line: string) => string[] {
  const r = orch(project, ['completion', 'bash']);
  if (r.code !== 0) throw new Error(`orch completion bash failed: ${r.stderr}`);
  const script = join(project, '.orch-completion.bash');
  writeFileSync(script, r.stdout);
  return (line) => {
    const res = spawnSync('bash', ['-c', `source ${script}; _orch_candidates "$1"`, 'bash', line], { cwd: project, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`completion of '${line}' failed: ${res.stderr}`);
    return res.stdout.split('\n').filter(Boolean);
  };
}
