import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createConfigRepository, type ConfigRepository } from '../../../src/config/index.js';
import { composeJobs } from '../../../src/plan/compose-jobs.js';
import { createSchemaStore } from '../../../src/schema/index.js';
import type { ComposedJob } from '../../../src/plan/types.js';

/** Writes a config tree (relative path -> text) into a fresh temp dir and returns the dir. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'orch-schema-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

export function repoOf(dir: string): ConfigRepository {
  return createConfigRepository({ configDir: dir });
}

/** A store whose messages show paths relative to the config dir's parent (stable in tests). */
export function storeOf(repo: ConfigRepository, cwd: string) {
  return createSchemaStore(repo, cwd);
}

export function jobsOf(repo: ConfigRepository, configName: string | null, overrides: string[], multirun = false): ComposedJob[] {
  return composeJobs(repo, { configName, overrides, multirun });
}
