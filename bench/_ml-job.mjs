// One training job of the example project, outside orch's runner (used by bench/ml-sweep.mjs):
// composes config/train.yaml with the given overrides through orch's composer, runs runs/train.ts
// (compiled) with a minimal context, prints {"metrics":..., "wall_sec":...} as the last stdout line.
// Usage: node bench/_ml-job.mjs <outputDir> [override ...]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const t0 = performance.now();
const root = new URL('..', import.meta.url).pathname;
const dist = (p) => join(root, 'dist', p);
const { composeConfig, createConfigRepository, resolveJobConfig } = await import(dist('src/config/index.js'));
const { parseOverride } = await import(dist('src/overrides/parser.js'));
const { toPlain } = await import(dist('src/value/value.js'));
const train = (await import(dist('runs/train.js'))).default;
const { createTaskContext } = await import(dist('src/task/context.js'));

const [outputDir, ...overrides] = process.argv.slice(2);
const repo = createConfigRepository({ configDir: join(root, 'config') });
const composed = composeConfig(repo, { configName: 'train', overrides: overrides.map(parseOverride), mode: 'run' });
const cfg = toPlain(resolveJobConfig(composed.config).config);
mkdirSync(outputDir, { recursive: true });
// The context orch gives a task (history.jsonl, checkpoints hooks, stop requests), with its logger
// quiet: the last stdout line is this script's answer.
const { ctx } = createTaskContext({ outputDir, jobNum: 0, sweepDir: outputDir, attempt: 0, device: 'cpu' });
ctx.logger = { info() {}, warn: (m) => console.error(m), error: (m) => console.error(m) };
const metrics = await train(cfg, ctx);
console.log(JSON.stringify({ metrics, wall_sec: (performance.now() - t0) / 1000 }));
