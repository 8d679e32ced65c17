/** OmegaConf 2.2 interpolation (`${...}`) parsing, resolution and resolvers. */
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
export { resolveConfig, resolveExpression, resolvePath, type ResolveOptions } from './resolve.js';
export { strftime } from './resolvers/strftime.js';
export { splitKey } from './location.js';
