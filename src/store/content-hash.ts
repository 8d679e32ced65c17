import { createHash, type Hash } from 'node:crypto';

/** 128 bits of SHA-256, hex: collision-free in practice for configs, and half the bytes per plan line. */
export function hashText(text: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

export function hashDigest(h: Hash): string {
  return `sha256:${h.digest('hex').slice(0, 32)}`;
}
