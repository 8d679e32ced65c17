/**
 * Job parameters from override strings. Grouping compares the values as the sweeper rendered them
 * (`optimizer.lr=0.1`), so no value parsing is needed: equal text is the same setting.
 */

/** `key=value` pairs of a job's overrides; `+`/`++` prefixes dropped, `~key` deletions kept as `~`. */
export function paramsOf(overrides: readonly string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const rawKey = eq < 0 ? o : o.slice(0, eq);
    if (rawKey.startsWith('~')) {
      params.set(rawKey.slice(1), '~');
      continue;
    }
    const key = rawKey.replace(/^\+\+?/, '');
    params.set(key, eq < 0 ? '' : o.slice(eq + 1));
  }
  return params;
}

/** A group selector `model=cnn optimizer.lr=0.1` as pairs; whitespace separates pairs. */
export function parseSelector(selector: string): Array<[string, string]> {
  return selector.trim().split(/\s+/).filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, ''] : [part.slice(0, eq).replace(/^\+\+?/, ''), part.slice(eq + 1)];
  });
}

export function matchesSelector(params: Map<string, string>, selector: Array<[string, string]>): boolean {
  return selector.every(([k, v]) => params.get(k) === v);
}
