// One training job of the example project, outside orch's runner (used by bench/ml-sweep.mjs):
// composes config/train.yaml with the given overrides through orch's composer, runs runs/train.ts
// (compiled) with a minimal context, prints {"metrics":..., "wall_sec":...} as the last stdout line.
// Usage: node bench/_ml-job.mjs <outputDir> [override ...]
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const t0 = performance.now();
const root = new URL('..', import.meta.url).pathname;
const dist = (p) => join(root, 'dist', p);
const { composeConfig, createConfigRepository, resolveJobConfig } = await import(dist('src/config/index.js'));
const { parseOverride } = await import(dist('src/overrides/parser.js'));
const { toPlain } = await import(dist('src/value/value.js'));
const train = (await import(dist('runs/train.js'))).default;

const [outputDir, ...overrides] = process.argv.slice(2);
const repo = createConfigRepository({ configDir: join(root, 'config') });
const composed = composeConfig(repo, { configName: 'train', overrides: overrides.map(parseOverride), mode: 'run' });
const cfg = toPlain(resolveJobConfig(composed.config).config);
mkdirSync(outputDir, { recursive: true });
const quiet = { info() {}, warn: (m) => console.error(m), error: (m) => console.error(m) };
const metrics = await train(cfg, {
  outputDir, jobNum: 0, sweepDir: outputDir, attempt: 0, device: 'cpu', logger: quiet,
  log: (r) => appendFileSync(join(outputDir, 'history.jsonl'), `${JSON.stringify(r)}\n`),
  onCheckpoint() {},
});
console.log(JSON.stringify({ metrics, wall_sec: (performance.now() - t0) / 1000 }));
