/**
 * Block YAML of plain data (what `toPlain` gives) for the common case, text for text the same as
 * the `yaml` package's `stringify(value, { lineWidth: 0 })`, in a tenth of its time: a sweep writes
 * one `orch.yaml` per job, and the package's document model cost ~0.3 ms a job. Whatever it is not
 * sure to write exactly as the package does (a string with a space, a colon or a newline, a key
 * that is not a simple word, -0, NaN, a bigint) makes it give up: the caller then uses the package.
 */
import { stringify } from 'yaml';

/** The YAML text, ending in a newline; the package's own output when this one gives up. */
export function plainYaml(value: unknown): string {
  return fastYaml(value) ?? stringify(value, { lineWidth: 0 });
}

/** The text, or undefined when this emitter gives up. */
export function fastYaml(value: unknown): string | undefined {
  try {
    const lines: string[] = [];
    return emitTop(value, lines) ? lines.join('\n') + '\n' : undefined;
  } catch (err) {
    if (err !== GIVE_UP) throw err;
    return undefined;
  }
}

const GIVE_UP = Symbol('give up');

/** A top-level value this emitter writes as block lines (a non-empty mapping or sequence). */
function emitTop(value: unknown, lines: string[]): boolean {
  if (Array.isArray(value) ? value.length === 0 : !isMapping(value) || Object.keys(value).length === 0) return false;
  emitBlock(value, '', lines);
  return true;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** A value that is written as indented lines of its own (not after `key: ` on one line). */
function isBlock(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : isMapping(v) && Object.keys(v).length > 0;
}

function emitBlock(value: unknown, indent: string, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) emitItem(item, indent, lines);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = keyText(k);
    if (isBlock(v)) {
      lines.push(`${indent}${key}:`);
      emitBlock(v, indent + '  ', lines);
    } else {
      lines.push(`${indent}${key}: ${scalarText(v)}`);
    }
  }
}

/** `- item`: a mapping or sequence in a sequence starts on the dash's line, the rest indented under it. */
function emitItem(item: unknown, indent: string, lines: string[]): void {
  if (!isBlock(item)) {
    lines.push(`${indent}- ${scalarText(item)}`);
    return;
  }
  const inner: string[] = [];
  emitBlock(item, '', inner);
  lines.push(`${indent}- ${inner[0]}`);
  for (let i = 1; i < inner.length; i++) lines.push(`${indent}  ${inner[i]}`);
}

const WORD = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/**
 * A plain scalar the package also writes plain (unless it reads as a keyword or a number, or is a
 * document marker): a letter, digit, `_`, `/`, `=`, `.` or a command-line flag's dash (`-c`,
 * `--lr=1`) first, then no space or YAML indicator.
 */
const PLAIN = /^(?:[A-Za-z0-9_/=.]|-[A-Za-z_]|--[A-Za-z_])[A-Za-z0-9_./=,+~@-]*$/;
const MARKER = /^(?:---|\.\.\.)/;
const KEYWORD = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;
/** What the core schema reads as a number (so a string spelled so must be quoted). */
const NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Printable ASCII that needs no escape inside double quotes. */
const QUOTABLE = /^[ !#-[\]-~]*$/;

function keyText(k: string): string {
  if (WORD.test(k) && !KEYWORD.test(k)) return k;
  throw GIVE_UP;
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Object.is(v, -0)) throw GIVE_UP;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return '[]';
  if (isMapping(v)) return '{}';
  if (typeof v !== 'string') throw GIVE_UP;
  if (PLAIN.test(v) && !KEYWORD.test(v) && !NUMBER.test(v) && !MARKER.test(v)) return v;
  // Strings the package surely double-quotes: empty, a keyword, a number, an indicator first.
  if (QUOTABLE.test(v) && (v === '' || KEYWORD.test(v) || NUMBER.test(v) || /^[,[\]{}#&*!|>'%@`]/.test(v) && !/\s/.test(v))) return `"${v}"`;
  throw GIVE_UP;
}
