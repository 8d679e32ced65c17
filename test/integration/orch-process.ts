/** The real `orch` binary as a background process, for tests that run several at once or kill one. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ORCH_BIN } from '../helpers/paths.js';

export interface OrchProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Both streams are read as they come, so a chatty orch never blocks on a full pipe. */
export function startOrch(cwd: string, args: string[]): OrchProcess {
  const child = spawn(process.execPath, [ORCH_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d; });
  child.stderr!.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}
