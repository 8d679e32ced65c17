import { execFile } from 'node:child_process';

/** Indices from `nvidia-smi -L` ("GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-...)"). */
export function parseNvidiaSmiList(text: string): string[] {
  return text.split('\n').map((line) => /^GPU (\d+):/.exec(line.trim())?.[1]).filter((x): x is string => x !== undefined);
}

/** The GPUs this process may use: CUDA_VISIBLE_DEVICES when it narrows them, else nvidia-smi's list. */
export async function detectGpus(env: NodeJS.ProcessEnv = process.env): Promise<{ gpus: string[]; how: string }> {
  const visible = env.CUDA_VISIBLE_DEVICES?.trim();
  if (visible !== undefined && visible !== '') {
    const ids = visible === '-1' || visible === 'NoDevFiles' ? [] : visible.split(',').map((s) => s.trim()).filter(Boolean);
    return { gpus: ids, how: `CUDA_VISIBLE_DEVICES=${visible}` };
  }
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { timeout: 15_000 }, (err, stdout) => {
      if (err) resolve({ gpus: [], how: `nvidia-smi -L: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'command not found' : err.message.trim()}` });
      else resolve({ gpus: parseNvidiaSmiList(stdout), how: 'nvidia-smi -L' });
    });
  });
}
