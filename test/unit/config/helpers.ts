import { createMemorySource } from '../../../src/config/config-source.js';
import { createBuiltinSource } from '../../../src/config/builtin.js';
import { createRepositoryFromSources, type ConfigRepository } from '../../../src/config/repository.js';
import { parseOverride } from '../../../src/overrides/index.js';
import type { Override } from '../../../src/overrides/types.js';

/** A repository over in-memory YAML files (`'db/mysql': 'driver: mysql'`), orch's built-ins after them. */
export function memoryRepo(files: Record<string, string>): ConfigRepository {
  return createRepositoryFromSources([createMemorySource('mem://test', files), createBuiltinSource()]);
}

export function ov(...inputs: string[]): Override[] {
  return inputs.map(parseOverride);
}
