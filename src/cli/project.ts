import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findProjectRoot } from '../project-root.js';
import { createConfigRepository, type ConfigRepository } from '../config/index.js';
import { orchPresetSources } from '../config/builtin.js';
import { OrchError } from '../errors.js';

/** Where a command works: the project root (cwd), its config directory and the config search path. */
export interface Project {
  root: string;
  configDir: string;
  repo: ConfigRepository;
}

/**
 * Opens the project that `cwd` is in (project-root.ts says how its root is found). The search path
 * is: the primary config dir (`--config-dir`, relative to `cwd` as the user typed it; default the
 * root's `config/`), then orch's built-in configs (launcher and sweeper presets, the `orch` node),
 * which the project's own files override.
 */
export function openProject(opts: { configDir?: string; cwd?: string; requireConfigDir?: boolean }): Project {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const root = findProjectRoot(cwd);
  const configDir = opts.configDir !== undefined ? resolve(cwd, opts.configDir) : join(root, 'config');
  const exists = existsSync(configDir) && statSync(configDir).isDirectory();
  if (!exists && (opts.configDir !== undefined || opts.requireConfigDir)) {
    throw new OrchError({
      code: 'CONFIG_DIR_NOT_FOUND', message: `Config directory not found: ${configDir}`,
      hint: opts.configDir ? 'Check --config-dir.' : 'Run orch inside a project that has a config/ folder (here or in a parent directory), or pass --config-dir.',
    });
  }
  return { root, configDir, repo: projectRepository(configDir) };
}

/** The config search path of a project whose config dir is `configDir` (which may not exist): its files, then orch's own. */
export function projectRepository(configDir: string): ConfigRepository {
  const exists = existsSync(configDir) && statSync(configDir).isDirectory();
  return createConfigRepository({ configDir: exists ? configDir : null, extraSources: orchPresetSources() });
}
