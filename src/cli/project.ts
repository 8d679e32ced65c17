import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConfigRepository, createFileSource, type ConfigRepository } from '../config/index.js';
import { OrchError } from '../errors.js';
import { BUILTIN_CONFIG_DIR } from '../orch-root.js';

/** Where a command works: the project root (cwd), its config directory and the config search path. */
export interface Project {
  root: string;
  configDir: string;
  repo: ConfigRepository;
}

/**
 * Opens the project in `cwd`. The search path is: the primary config dir (`--config-dir`, default
 * `./config`), then orch's built-in configs (launcher presets, the `orch` node), which the
 * project's own files override.
 */
export function openProject(opts: { configDir?: string; cwd?: string; requireConfigDir?: boolean }): Project {
  const root = resolve(opts.cwd ?? process.cwd());
  const configDir = resolve(root, opts.configDir ?? 'config');
  const exists = existsSync(configDir) && statSync(configDir).isDirectory();
  if (!exists && (opts.configDir !== undefined || opts.requireConfigDir)) {
    throw new OrchError('CONFIG_DIR_NOT_FOUND', `Config directory not found: ${configDir}`, {
      hint: opts.configDir ? 'Check --config-dir.' : 'Run orch from a project that has a config/ folder, or pass --config-dir.',
    });
  }
  const extraSources = existsSync(BUILTIN_CONFIG_DIR) ? [createFileSource(BUILTIN_CONFIG_DIR)] : [];
  const repo = createConfigRepository({ configDir: exists ? configDir : null, extraSources });
  return { root, configDir, repo };
}
