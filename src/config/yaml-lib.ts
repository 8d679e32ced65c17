import { createRequire } from 'node:module';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * The `yaml` package, loaded on first use. Most config files never need it (yaml-fast.ts reads
 * them), and loading and warming it up was the largest part of a cold `orch compose`. Required
 * (not imported) so that bundling leaves it out of the start-up path.
 */
export function yamlLibrary(): YamlLibrary {
  return (library ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}
