import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSlotAllocator } from '../../../../src/launchers/gpu/slots.js';
import { parseNvidiaSmiList, detectGpus } from '../../../../src/launchers/gpu/detect.js';
import { parseGpuSettings } from '../../../../src/launchers/gpu/settings.js';

test('slots: least-loaded GPU first, never more than jobs_per_gpu on one GPU', () => {
  const a = createSlotAllocator(['0', '1'], 2);
  assert.deepEqual([a.tryAcquire(), a.tryAcquire(), a.tryAcquire(), a.tryAcquire(), a.tryAcquire()], ['0', '1', '0', '1', undefined]);
  assert.deepEqual([...a.load()], [['0', 2], ['1', 2]]);
  a.release('1');
  assert.equal(a.tryAcquire(), '1');
});

test('slots: waiters are served in order, each by the GPU just released', async () => {
  const a = createSlotAllocator(['0', '1'], 1);
  await a.acquire();
  await a.acquire();
  const order: string[] = [];
  const w1 = a.acquire().then((g) => order.push(`w1:${g}`));
  const w2 = a.acquire().then((g) => order.push(`w2:${g}`));
  assert.equal(a.tryAcquire(), undefined, 'a late caller does not overtake the waiters');
  a.release('1');
  a.release('0');
  await Promise.all([w1, w2]);
  assert.deepEqual(order, ['w1:1', 'w2:0']);
  assert.deepEqual([...a.load()], [['0', 1], ['1', 1]]);
});

test('slots: a random workload never oversubscribes a GPU', async () => {
  const a = createSlotAllocator(['0', '1', '2'], 2);
  const held = new Map<string, number>();
  let max = 0;
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  await Promise.all(Array.from({ length: 60 }, async () => {
    const gpu = await a.acquire();
    held.set(gpu, (held.get(gpu) ?? 0) + 1);
    max = Math.max(max, ...held.values());
    await new Promise((r) => setTimeout(r, Math.floor(rand() * 3)));
    held.set(gpu, held.get(gpu)! - 1);
    a.release(gpu);
  }));
  assert.equal(max, 2);
  assert.throws(() => a.release('0'), /holds no job/);
});

test('nvidia-smi -L parsing and CUDA_VISIBLE_DEVICES narrowing', async () => {
  const text = 'GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-aaaa)\nGPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-bbbb)\n';
  assert.deepEqual(parseNvidiaSmiList(text), ['0', '1']);
  assert.deepEqual(parseNvidiaSmiList(''), []);
  assert.deepEqual((await detectGpus({ CUDA_VISIBLE_DEVICES: '2,3' })).gpus, ['2', '3']);
  assert.deepEqual((await detectGpus({ CUDA_VISIBLE_DEVICES: '-1' })).gpus, []);
});

test('gpu settings: ids, jobs_per_gpu, local settings passed through, n_jobs refused', () => {
  const s = parseGpuSettings({ name: 'gpu', gpus: [0, 1], jobs_per_gpu: 2, timeout_min: 5, fail_fast: true });
  assert.deepEqual([s.gpus, s.jobsPerGpu, s.local, s.failFast], [['0', '1'], 2, { timeout_min: 5, fail_fast: true }, 'stop']);
  assert.throws(() => parseGpuSettings({ n_jobs: 4 }), (e: Error & { hint?: string }) => /jobs_per_gpu instead of n_jobs/.test(e.hint ?? ''));
  assert.throws(() => parseGpuSettings({ gpus: '0,1' }), /orch\.launcher\.gpus: expected a list/);
  assert.throws(() => parseGpuSettings({ jobs_per_gpu: 0 }), { code: 'GPU_BAD_SETTING' });
});
