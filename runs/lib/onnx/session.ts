/**
 * ONNX Runtime sessions for one job. The execution provider is chosen once: CUDA when the job got a
 * `cuda:N` device and the runtime can actually create a CUDA session (onnxruntime-node's CPU-only
 * install cannot), otherwise CPU with a single notice. One intra-op thread: the graphs are small and
 * jobs run side by side, so extra threads only contend (measured ~3x slower with 2).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export type Provider = 'cpu' | 'cuda';
export interface SessionFactory {
  create(model: Uint8Array): Promise<ort.InferenceSession>;
  /** The provider chosen by the first `create` (or 'cpu' before that). */
  provider(): Provider;
}
interface Logger { warn(msg: string): void; info(msg: string): void }

const baseOptions: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
};

/** The CUDA provider library ships separately (onnxruntime-node's postinstall download); without it, asking for CUDA only prints native errors. */
function cudaProviderInstalled(): boolean {
  const pkg = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  return existsSync(join(pkg, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'));
}

export function createSessionFactory(device: string, logger: Logger): SessionFactory {
  const cudaMatch = /^cuda(?::(\d+))?$/.exec(device);
  let chosen: Provider | undefined = cudaMatch ? undefined : 'cpu';
  const cpu = (model: Uint8Array) => ort.InferenceSession.create(model, { ...baseOptions, executionProviders: ['cpu'] });

  return {
    async create(model) {
      if (chosen === 'cpu') return cpu(model);
      const deviceId = Number(cudaMatch?.[1] ?? 0);
      if (chosen === undefined && !cudaProviderInstalled()) {
        chosen = 'cpu';
        logger.warn(`onnxruntime: device ${device} requested but onnxruntime-node has no CUDA provider installed; running on CPU`);
        return cpu(model);
      }
      try {
        const session = await ort.InferenceSession.create(model, {
          ...baseOptions,
          executionProviders: [{ name: 'cuda', deviceId }],
        });
        if (chosen === undefined) logger.info(`onnxruntime: using CUDA device ${deviceId}`);
        chosen = 'cuda';
        return session;
      } catch (err) {
        if (chosen === 'cuda') throw err;
        chosen = 'cpu';
        const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
        logger.warn(`onnxruntime: device ${device} requested but no CUDA session could be created (${reason}); running on CPU`);
        return cpu(model);
      }
    },
    provider: () => chosen ?? 'cpu',
  };
}
