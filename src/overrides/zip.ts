/**
 * Zipped dimensions, an orch extension (Hydra's design note for issue #1258):
 *
 *   zipOverride = key "=" "zip" "(" member ( "," member )* ")"
 *   member      = override whose value is choice(...) or range(...)
 *
 * `model_opt=zip(model=choice(resnet,vit), optimizer=choice(sgd,adamw))` is one dimension of the
 * sweep whose i-th value sets every member to its i-th value. The key only names the dimension.
 * Members are whole overrides (`+x=...`, `db/engine@pkg=...`, dotted keys), so they are sliced
 * out at the top-level commas and parsed by the override parser itself, not as function
 * arguments (whose keywords are plain IDs).
 */
import type { Override, Sweep } from './types.js';
import type { Token } from './lexer.js';
import { OverrideParseError } from './errors.js';

export const ZIP_HINT = "Write key=zip(a=choice(x,y), b=choice(1,2)): each member an override with choice(...) or range(...) " +
  'of the same length (shuffle() is not allowed: members shuffled apart would no longer line up).';

export class ZipFail {
  constructor(readonly pos: number, readonly reason: string, readonly hint = ZIP_HINT) {}
}

const OPENERS = new Set(['POPEN', 'BRACKET_OPEN', 'BRACE_OPEN']);
const CLOSERS = new Set(['PCLOSE', 'BRACKET_CLOSE', 'BRACE_CLOSE']);

/** True when the value tokens are `zip(`: the override is a zip. */
export function startsZip(toks: readonly Token[]): boolean {
  return toks[0]?.type === 'ID' && toks[0].text === 'zip' && toks[1]?.type === 'POPEN';
}

/**
 * The zip sweep of `input`, whose value tokens are `toks` (starting with `zip(`). `parse` is the
 * override parser, given a member's text; its errors are moved to the member's place in `input`.
 */
export function parseZip(input: string, o: Pick<Override, 'kind' | 'pkg'>, toks: readonly Token[], parse: (member: string) => Override): Sweep {
  if (o.kind !== 'change' || o.pkg !== undefined) {
    throw new ZipFail(0, 'the key of a zip() names the dimension: it takes no +, ++, ~ or @package (put those on the members)');
  }
  const spans = memberSpans(input, toks);
  const members = spans.map(([from, to]) => memberOf(input, from, to, parse));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const prev = seen.get(m.key);
    if (prev !== undefined) throw new ZipFail(spans[i]![0], `zip() sets '${m.key}' twice (members ${prev + 1} and ${i + 1})`);
    seen.set(m.key, i);
  });
  return { kind: 'zip', members, tags: [] };
}

/** [from, to) of each member's text, split at the commas at depth 1 of `zip(...)`. */
function memberSpans(input: string, toks: readonly Token[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let from = toks[1]!.end;
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.type === 'EOF') throw new ZipFail(t.start, `missing ')' (for the '(' at column ${toks[1]!.start + 1})`);
    if (OPENERS.has(t.type)) depth++;
    else if (CLOSERS.has(t.type)) depth--;
    if (depth === 1 && t.type === 'COMMA') {
      spans.push([from, t.start]);
      from = t.end;
    } else if (depth === 0) {
      spans.push([from, t.start]);
      if (toks[i + 1]!.type !== 'EOF') throw new ZipFail(toks[i + 1]!.start, 'zip(...) must be the whole value (nothing after its closing parenthesis)');
      return spans;
    }
  }
  throw new ZipFail(input.length, 'missing )');
}

function memberOf(input: string, from: number, to: number, parse: (member: string) => Override): Override {
  const text = input.slice(from, to).trim();
  const at = from + (input.slice(from, to).length - input.slice(from, to).trimStart().length);
  if (text === '') throw new ZipFail(at, 'zip() needs at least one member override');
  let m: Override;
  try {
    m = parse(text);
  } catch (e) {
    if (e instanceof OverrideParseError) throw new ZipFail(at + e.column, `in zip() member '${text}': ${e.reason}`);
    throw e;
  }
  const v = m.value;
  if (v === undefined || (v.kind !== 'choice' && v.kind !== 'range')) {
    throw new ZipFail(at, `zip() member '${text}' must be a choice(...) or range(...) sweep, not ${v === undefined ? 'empty' : v.kind === 'zip' ? 'another zip' : `a ${v.kind}`}`);
  }
  if (v.shuffle) throw new ZipFail(at, `zip() member '${text}' is shuffled; shuffling members apart would break the pairing`);
  return m;
}
