/**
 * `import()` of a file orch does not bundle (a TypeScript task, tsx's loader). The installed CLI
 * runs from a V8 code cache as a `vm.Script` (cli/code-cache.ts), and on Node 20 such a script has
 * no module loader of its own (only behind an experimental flag or API that prints a warning), so
 * the loader lends its `import()` here. Bare specifiers resolve from dist/bundle, as before.
 */
type Importer = (specifier: string) => Promise<unknown>;
const HOST_IMPORT = Symbol.for('orch.host-import');

export function lendImport(importer: Importer): void {
  (globalThis as Record<symbol, unknown>)[HOST_IMPORT] = importer;
}

export function hostImport(specifier: string): Promise<unknown> {
  const lent = (globalThis as Record<symbol, unknown>)[HOST_IMPORT] as Importer | undefined;
  return lent ? lent(specifier) : import(specifier);
}
