/**
 * rclone for the sync tests: whether it is installed, a private config (so the user's remotes
 * never matter), and an `rclone serve webdav` on 127.0.0.1 that the test starts and stops.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const rcloneMissing: string | false = spawnSync('rclone', ['version'], { encoding: 'utf8' }).status === 0
  ? false : 'rclone is not installed (apt-get install rclone; .ci/run installs it)';

/** Environment that points rclone at an empty config file in `dir`, plus remotes defined by variables. */
export function rcloneEnv(dir: string, remotes: Record<string, Record<string, string>> = {}): Record<string, string> {
  const config = join(dir, 'rclone.conf');
  writeFileSync(config, '');
  const env: Record<string, string> = { RCLONE_CONFIG: config };
  for (const [name, opts] of Object.entries(remotes)) {
    for (const [k, v] of Object.entries(opts)) env[`RCLONE_CONFIG_${name.toUpperCase()}_${k.toUpperCase()}`] = v;
  }
  return env;
}

/** Runs rclone itself (to delete a file through the WebDAV server, whose listing is cached). */
export function rclone(args: string[], env: Record<string, string>): string {
  const r = spawnSync('rclone', args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`rclone ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export interface WebdavServer { url: string; stop(): Promise<void> }

/**
 * Serves `root` over WebDAV on a port the system picks (no race for a free port), and resolves once
 * the server has said where it listens and answers an HTTP request: a barrier, not a sleep.
 */
export async function startWebdav(root: string, limitMs = 60_000): Promise<WebdavServer> {
  const child = spawn('rclone', ['serve', 'webdav', root, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((res) => child.on('close', () => res()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((res, rej) => {
      let text = '';
      const timer = setTimeout(() => rej(new Error(`rclone serve webdav did not start: ${text}`)), limitMs);
      child.stderr.setEncoding('utf8').on('data', (t: string) => {
        text += t;
        const m = /started on (http:\/\/127\.0\.0\.1:\d+\/)/i.exec(text);
        if (m) { clearTimeout(timer); res(m[1]!); }
      });
      child.on('close', () => { clearTimeout(timer); rej(new Error(`rclone serve webdav exited: ${text}`)); });
    });
    const deadline = Date.now() + limitMs;
    for (;;) {
      try {
        await fetch(url);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
