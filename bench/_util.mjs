// Shared helpers for benchmarks: timing of commands and medians. Not a benchmark itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function timeCommand(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs baseline and subject alternately `n` times so both see the same machine noise. */
export function compareCommands(n, baseline, subject) {
  const b = [], s = [];
  for (let i = 0; i < n; i++) {
    b.push(timeCommand(...baseline));
    s.push(timeCommand(...subject));
  }
  return { baselineMs: median(b), subjectMs: median(s), ratio: median(s) / median(b) };
}

/** fsync + fdatasync calls in the summary table `strace -c -o FILE` writes. */
export function countFsyncs(straceSummary) {
  return [...straceSummary.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

/** The built CLI (dist/bundle/orch.cjs); exits 2 naming `bench` when it is not built. */
export function builtOrch(bench) {
  const path = new URL('../dist/bundle/orch.cjs', import.meta.url).pathname;
  if (!existsSync(path)) {
    console.error(`bench/${bench}: ${path} is missing: npm run build first`);
    process.exit(2);
  }
  return path;
}
