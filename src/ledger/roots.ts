/**
 * Where `orch runs` looks: `outputs/` of the project, the roots in `config/ledger.yaml`
 * (`orch.ledger.roots`, or `roots` at the top), and each `--root`, relative to the project root.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { LedgerError } from './errors.js';

export const LEDGER_CONFIG = join('config', 'ledger.yaml');
export const DEFAULT_ROOT = 'outputs';

function configuredRoots(projectRoot: string): string[] {
  const file = join(projectRoot, LEDGER_CONFIG);
  if (!existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = YAML.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LedgerError({ code: 'LEDGER_BAD_CONFIG', message: `${file}: not valid YAML: ${(err as Error).message}` });
  }
  const d = (doc ?? {}) as { orch?: { ledger?: { roots?: unknown } }; roots?: unknown };
  const roots = d.orch?.ledger?.roots ?? d.roots;
  if (roots === undefined || roots === null) return [];
  if (!Array.isArray(roots) || roots.some((r) => typeof r !== 'string')) {
    throw new LedgerError({
      code: 'LEDGER_BAD_CONFIG', message: `${file}: orch.ledger.roots must be a list of directories, got ${JSON.stringify(roots)}`,
      hint: 'Write it as orch: {ledger: {roots: [outputs, /scratch/me/outputs]}}.',
    });
  }
  return roots as string[];
}

/** Absolute, distinct roots; one the user named that is not a directory is an error. */
export function ledgerRoots(projectRoot: string, given: readonly string[]): string[] {
  const named = [...configuredRoots(projectRoot), ...given];
  for (const r of named) {
    const abs = resolve(projectRoot, r);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new LedgerError({
        code: 'LEDGER_BAD_ROOT', message: `${abs}: no such directory (a ledger root given ${given.includes(r) ? 'with --root' : `in ${LEDGER_CONFIG}`})`,
        hint: 'Name a directory that holds runs, e.g. --root outputs or --root /scratch/me/outputs.',
      });
    }
  }
  const all = [...new Set([DEFAULT_ROOT, ...named].map((r) => resolve(projectRoot, r)))];
  // A root inside another is already listed by it: keep the outer one, so no run shows twice.
  return all.filter((r) => !all.some((o) => o !== r && r.startsWith(o.endsWith('/') ? o : `${o}/`)));
}
