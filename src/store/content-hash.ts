import { hash, type Hash } from 'node:crypto';

/**
 * 128 bits of SHA-256, hex: collision-free in practice for configs, and half the bytes per plan
 * line. The one-shot `crypto.hash` is about twice as fast as a Hash object for small inputs, and
 * the planner hashes every job's config.
 */
export function hashText(text: string | Uint8Array): string {
  return `sha256:${hash('sha256', text, 'hex').slice(0, 32)}`;
}

export function hashDigest(h: Hash): string {
  return `sha256:${h.digest('hex').slice(0, 32)}`;
}
