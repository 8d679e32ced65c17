/**
 * Mode-based tokenizer mirroring OmegaConf 2.2's ANTLR lexer (OmegaConfGrammarLexer.g4): at each
 * position every rule of the current mode is tried, the longest match wins and ties go to the rule
 * listed first. Mode changes (push/pop) are lexer actions, so tokenizing does not depend on the parser.
 */

export type TokenType =
  | 'INTER_OPEN' | 'INTER_CLOSE' | 'ANY_STR' | 'ESC_INTER' | 'TOP_ESC' | 'QUOTED_ESC' | 'ESC'
  | 'BRACE_OPEN' | 'BRACE_CLOSE' | 'QUOTE_OPEN' | 'QUOTE_CLOSE' | 'COMMA' | 'BRACKET_OPEN'
  | 'BRACKET_CLOSE' | 'COLON' | 'FLOAT' | 'INT' | 'BOOL' | 'NULL' | 'UNQUOTED_CHAR' | 'ID' | 'WS'
  | 'DOT' | 'INTER_KEY' | 'EOF';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly start: number;
}

export type LexerMode = 'TOP' | 'VALUE' | 'INTER' | 'QUOTE1' | 'QUOTE2';
type Action = 'push-inter' | 'push-value' | 'push-quote1' | 'push-quote2' | 'pop' | 'to-value';

interface Rule {
  readonly type: TokenType;
  readonly match: (s: string, i: number) => number;
  readonly action?: Action;
}

export class LexError extends Error {
  constructor(readonly position: number) {
    super(`token recognition error`);
  }
}

const re = (pattern: string) => {
  const r = new RegExp(pattern, 'y');
  return (s: string, i: number): number => {
    r.lastIndex = i;
    const m = r.exec(s);
    return m ? m[0].length : 0;
  };
};
const longest = (...ms: ((s: string, i: number) => number)[]) => (s: string, i: number) =>
  Math.max(...ms.map((m) => m(s, i)));

const WS = '[ \\t]';
const IU = '(?:0|[1-9](?:_?[0-9])*)';
const DG = '[0-9](?:_?[0-9])*';
const POINT_FLOATS = [`${IU}?\\.${DG}`, `${IU}\\.`];
// ANTLR takes the longest match over all alternatives; JS regex alternation does not, so try each.
const FLOAT = longest(
  ...[...POINT_FLOATS, ...[...POINT_FLOATS, IU].map((m) => `(?:${m})[eE][+-]?${DG}`), '[Ii][Nn][Ff]', '[Nn][Aa][Nn]'].map((a) =>
    re(`[+-]?(?:${a})`),
  ),
);
const INT = re(`[+-]?${IU}`);
const ID = re('[a-zA-Z_][a-zA-Z0-9_\\-]*');
const INTER_OPEN = re(`\\$\\{${WS}*`);
const ESC_INTER = re('(?:\\\\\\\\)*\\\\\\$\\{');
const EVEN_BACKSLASHES = re('(?:\\\\\\\\)+');
const BACKSLASHES = re('\\\\+');
const DOLLAR = re('\\$');

/** `~[$]* ~[\\$]` (plus the quote in quoted modes): the longest run not ending in a backslash. */
function anyStr(stops: string) {
  return (s: string, i: number): number => {
    let j = i;
    while (j < s.length && !stops.includes(s[j]!)) j++;
    while (j > i && s[j - 1] === '\\') j--;
    return j - i;
  };
}

function quotedRules(q: string): Rule[] {
  return [
    { type: 'INTER_OPEN', match: INTER_OPEN, action: 'push-inter' },
    { type: 'QUOTE_CLOSE', match: re(q), action: 'pop' },
    { type: 'ANY_STR', match: anyStr('$' + q) },
    { type: 'ESC_INTER', match: ESC_INTER },
    { type: 'ESC', match: re(`(?:\\\\\\\\)*\\\\${q}`) },
    { type: 'QUOTED_ESC', match: EVEN_BACKSLASHES },
    { type: 'ANY_STR', match: BACKSLASHES },
    { type: 'ANY_STR', match: DOLLAR },
  ];
}

const RULES: Record<LexerMode, Rule[]> = {
  TOP: [
    { type: 'INTER_OPEN', match: INTER_OPEN, action: 'push-inter' },
    { type: 'ANY_STR', match: anyStr('$') },
    { type: 'ESC_INTER', match: ESC_INTER },
    { type: 'TOP_ESC', match: EVEN_BACKSLASHES },
    { type: 'ANY_STR', match: BACKSLASHES },
    { type: 'ANY_STR', match: DOLLAR },
  ],
  VALUE: [
    { type: 'INTER_OPEN', match: INTER_OPEN, action: 'push-inter' },
    { type: 'BRACE_OPEN', match: re(`\\{${WS}*`), action: 'push-value' },
    { type: 'BRACE_CLOSE', match: re(`${WS}*\\}`), action: 'pop' },
    { type: 'QUOTE_OPEN', match: re("'"), action: 'push-quote1' },
    { type: 'QUOTE_OPEN', match: re('"'), action: 'push-quote2' },
    { type: 'COMMA', match: re(`${WS}*,${WS}*`) },
    { type: 'BRACKET_OPEN', match: re(`\\[${WS}*`) },
    { type: 'BRACKET_CLOSE', match: re(`${WS}*\\]`) },
    { type: 'COLON', match: re(`${WS}*:${WS}*`) },
    { type: 'FLOAT', match: FLOAT },
    { type: 'INT', match: INT },
    { type: 'BOOL', match: re('(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])') },
    { type: 'NULL', match: re('[Nn][Uu][Ll][Ll]') },
    { type: 'UNQUOTED_CHAR', match: re('[/\\-\\\\+.$%*@?|]') },
    { type: 'ID', match: ID },
    { type: 'ESC', match: re('(?:\\\\\\\\|\\\\\\(|\\\\\\)|\\\\\\[|\\\\\\]|\\\\\\{|\\\\\\}|\\\\:|\\\\=|\\\\,|\\\\ |\\\\\\t)+') },
    { type: 'WS', match: re(`${WS}+`) },
  ],
  INTER: [
    { type: 'INTER_OPEN', match: INTER_OPEN, action: 'push-inter' },
    { type: 'COLON', match: re(`${WS}*:${WS}*`), action: 'to-value' },
    { type: 'INTER_CLOSE', match: re(`${WS}*\\}`), action: 'pop' },
    { type: 'DOT', match: re('\\.') },
    { type: 'BRACKET_OPEN', match: re('\\[') },
    { type: 'BRACKET_CLOSE', match: re('\\]') },
    { type: 'ID', match: ID },
    { type: 'INTER_KEY', match: re('[^\\\\{}()\\[\\]:. \\t\'"]+') },
  ],
  QUOTE1: quotedRules("'"),
  QUOTE2: quotedRules('"'),
};

/** Splits `s` into tokens, starting in `mode` (`TOP` for a config value, `VALUE` for a lone element). */
export function tokenize(s: string, mode: LexerMode): Token[] {
  const stack: LexerMode[] = [mode];
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    let best: Rule | undefined;
    let bestLen = 0;
    for (const rule of RULES[stack[stack.length - 1]!]) {
      const len = rule.match(s, i);
      if (len > bestLen) { best = rule; bestLen = len; }
    }
    if (!best) throw new LexError(i);
    tokens.push({ type: best.type, text: s.slice(i, i + bestLen), start: i });
    i += bestLen;
    switch (best.action) {
      case 'push-inter': stack.push('INTER'); break;
      case 'push-value': stack.push('VALUE'); break;
      case 'push-quote1': stack.push('QUOTE1'); break;
      case 'push-quote2': stack.push('QUOTE2'); break;
      case 'to-value': stack[stack.length - 1] = 'VALUE'; break;
      case 'pop': if (stack.length > 1) stack.pop(); break;
      default: break;
    }
  }
  tokens.push({ type: 'EOF', text: '', start: s.length });
  return tokens;
}
