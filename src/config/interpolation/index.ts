/** OmegaConf 2.2 interpolation (`${...}`) parsing, resolution and resolvers. */
export type { Element, Interpolation, NodeInterpolation, ParsedString, ResolverInterpolation, TextPart } from './ast.js';
export { hasInterpolation, parseElement, parseInterpolationString, type ParseOptions } from './parser.js';
export {
  InterpolationCycleError,
  InterpolationKeyError,
  InterpolationResolutionError,
  InterpolationSyntaxError,
  InterpolationToMissingValueError,
  UnknownResolverError,
} from './errors.js';
