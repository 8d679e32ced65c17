/**
 * OmegaConf 2.2 interpolation (`${...}`) parsing, resolution and resolvers, as pure functions.
 *
 * - `parseInterpolationString(s)` / `hasInterpolation(s)`: grammar (EBNF in parser.ts).
 * - `resolveConfig(root, { resolvers })`: a new fully resolved tree (`--cfg job --resolve`); `???`
 *   and interpolations to `???` stay `???` unless `onMissingTarget: 'error'`.
 * - `resolvePath(root, 'db.url', opts)`: one value. `resolveExpression(root, '${db}_${x}', opts)`:
 *   a standalone string against a tree (defaults-list entries over group choices).
 * - `createResolverRegistry({ env, clock })`: oc.env, oc.select, oc.decode, oc.create, oc.dict.keys,
 *   oc.dict.values, now; `registry.register(name, fn, { useCache, replace })` for more (e.g. `orch`).
 */
export type { Element, Interpolation, NodeInterpolation, ParsedString, ResolverInterpolation, TextPart } from './ast.js';
export { hasInterpolation, parseElement, parseInterpolationString, type ParseOptions } from './parser.js';
export {
  InterpolationCycleError,
  InterpolationKeyError,
  InterpolationResolutionError,
  InterpolationSyntaxError,
  InterpolationToMissingValueError,
  KeyNotFoundError,
  ResolverRegistrationError,
  UnknownResolverError,
} from './errors.js';
export { createResolverRegistry, type BuiltinResolverOptions } from './builtins.js';
export {
  ConfigNode,
  createEmptyResolverRegistry,
  type RegisteredResolver,
  type ResolverContext,
  type ResolverFn,
  type ResolverOptions,
  type ResolverRegistry,
  type SelectResult,
} from './registry.js';
export { createIncrementalResolver, type IncrementalResolver, type IncrementalResolverOptions } from './incremental.js';
export { createResolveMemo, type ResolveMemo, type ResolveMemoOptions } from './memo.js';
export { resolveConfig, resolveExpression, resolvePath, type ResolveOptions } from './resolve.js';
export { strftime } from './resolvers/strftime.js';
export { splitKey } from './location.js';
