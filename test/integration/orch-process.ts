/** The real `orch` binary as a background process, for tests that run several at once or kill one. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ORCH_BIN } from '../helpers/paths.js';

export interface OrchProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function startOrch(cwd: string, args: string[]): OrchProcess {
  const child = spawn(process.execPath, [ORCH_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => stderr };
}
