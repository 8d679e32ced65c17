/** Runs rclone: thin I/O around the argument builders of rclone-args.ts. */
import { spawn } from 'node:child_process';
import type { OrchError } from '../errors.js';
import { SyncError, TransferError } from './errors.js';
import { listArgs } from './rclone-args.js';
import { parseLsjson, type Listing } from './kept-newer.js';

/** rclone's exit code for "directory not found" (https://rclone.org/docs/#exit-code). */
const DIR_NOT_FOUND = 3;

export interface RcloneResult { code: number; stdout: string; stderr: string }

export const RCLONE_INSTALL_HINT =
  'Install rclone: sudo apt-get install rclone (Debian/Ubuntu), sudo dnf install rclone (Fedora), brew install rclone (macOS), or see https://rclone.org/install/. Then run the command again.';

/**
 * `capture`: collect stdout and stderr (listings); otherwise rclone writes to the terminal
 * directly, which its live progress display needs.
 */
export function runRclone(args: readonly string[], capture: boolean): Promise<RcloneResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('rclone', args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
    child.stderr?.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT'
        ? new SyncError({ code: 'SYNC_RCLONE_MISSING', message: 'orch sync needs rclone, which is not installed (not found on PATH)', hint: RCLONE_INSTALL_HINT })
        : err);
    });
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Every file below `path` (local folder or remote), or undefined when the directory does not exist. */
export async function listFiles(path: string, flags: readonly string[]): Promise<Listing | undefined> {
  const res = await runRclone(listArgs(path, flags), true);
  if (res.code === DIR_NOT_FOUND) return undefined;
  if (res.code !== 0) throw rcloneFailed(`list ${path}`, res);
  return parseLsjson(res.stdout);
}

export function rcloneFailed(what: string, res: RcloneResult): OrchError {
  const unknown = /Failed to create file system for "([^"]*)": didn't find section in config file/.exec(res.stderr);
  if (unknown) {
    const name = unknown[1]!.slice(0, unknown[1]!.indexOf(':') + 1);
    return new SyncError({
      code: 'SYNC_UNKNOWN_REMOTE', message: `${name} is not an rclone remote of this machine (rclone could not ${what})`,
      hint: 'See the configured remotes with rclone listremotes, add one with rclone config, or pass a folder (/mnt/backup) as REMOTE.',
    });
  }
  const detail = res.stderr.trim().split('\n').filter((l) => !/Config file .* not found/.test(l)).slice(-5).join('\n');
  return new TransferError({
    code: 'SYNC_RCLONE_FAILED', message: `rclone could not ${what} (exit ${res.code})${detail ? `:\n${detail}` : ''}`,
    hint: 'Check the remote (rclone listremotes, rclone lsd REMOTE). A copy that stopped half-way resumes when you run the same command again.',
  });
}
