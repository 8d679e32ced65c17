// Cold start of `orch compose` on a realistic tree (3 groups, 10 files, interpolations) against
// bare `node -e 0`, runs alternating so both see the same machine noise; medians. The binary is
// package.json's "bin" (dist/bundle/orch.cjs); the whole CLI run directly (dist/bundle/cli.cjs) is shown too.
// Needs `npm run build`. Goal (issue): ratio <= 1.5x.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand, median } from './_util.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.orch);
const wholeCli = join(root, 'dist', 'bundle', 'cli.cjs');
const configDir = join(root, 'bench', 'fixtures', 'realistic', 'config');
const runs = Number(process.env.BENCH_COMPOSE_RUNS ?? 21);
const composeArgs = ['compose', '--config-dir', configDir, '-c', 'train'];

const commands = { 'node -e 0': ['-e', '0'], 'orch compose (bin)': [bin, ...composeArgs], 'orch compose (cli.cjs, no code cache)': [wholeCli, ...composeArgs] };
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(commands)) times[k].push(timeCommand(process.execPath, args));
const base = median(times['node -e 0']);
for (const [k, ts] of Object.entries(times)) {
  const m = median(ts);
  console.log(`${k}: ${m.toFixed(1)} ms (median of ${runs})${k === 'node -e 0' ? '' : `, ${(m / base).toFixed(2)}x`}`);
}
const ratio = median(times['orch compose (bin)']) / base;
console.log(`cold orch compose vs node -e 0: ${ratio.toFixed(2)}x (goal <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
