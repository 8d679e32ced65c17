/**
 * Composition warnings (Hydra's: a defaults list without `_self_`...) reach the user on stderr, so
 * never in `--cfg` or `orch compose` output; each is said once per run though every job of a sweep
 * composes it.
 */
export function warnOnce(write: (text: string) => void = (t) => void process.stderr.write(t)): (warning: string) => void {
  const seen = new Set<string>();
  return (warning) => {
    if (seen.has(warning)) return;
    seen.add(warning);
    write(`orch: warning: ${warning}\n`);
  };
}
