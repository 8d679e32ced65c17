export type { Override, OverrideKind, ParsedValue, Sweep } from './types.js';
export { isSweep } from './types.js';
export { parseOverride, parseOverrides } from './parser.js';
export { OverrideParseError, SweepError } from './errors.js';
export { overrideDirname, createOverrideDirname, overrideDirnameOf, type OverrideDirnameOptions } from './override-dirname.js';
export { checkOverridesForMode, isReservedOverride, type RunMode } from './run-mode.js';
export { FUNCTION_NAMES } from './functions.js';
export { toCfgValue } from './to-value.js';
export { renderValue, renderKey, renderOverride, escapeSpecialCharacters } from './render.js';
