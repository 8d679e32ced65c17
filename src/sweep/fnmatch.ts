/**
 * Python's `fnmatch.fnmatch` on POSIX (case-sensitive): `*` any run, `?` one character, `[seq]`
 * and `[!seq]` character sets; an unclosed `[` is literal. Used by `glob()` sweeps.
 */
export function compileGlob(pattern: string): RegExp {
  return new RegExp(`^(?:${translate(pattern)})$`, 's');
}

export function fnmatch(name: string, pattern: string): boolean {
  return compileGlob(pattern).test(name);
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

export function translate(pat: string): string {
  let res = '';
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i++]!;
    if (c === '*') {
      if (!res.endsWith('.*')) res += '.*';
    } else if (c === '?') {
      res += '.';
    } else if (c === '[') {
      let j = i;
      if (pat[j] === '!') j++;
      if (pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        res += '\\[';
      } else {
        let body = pat.slice(i, j).replace(/\\/g, '\\\\');
        i = j + 1;
        const negate = body[0] === '!';
        if (negate) body = body.slice(1);
        body = body.replace(/\[/g, '\\[');
        if (!negate && body[0] === '^') body = '\\' + body;
        res += `[${negate ? '^' : ''}${body}]`;
      }
    } else {
      res += escapeRegex(c);
    }
  }
  return res;
}
