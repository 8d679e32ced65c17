/**
 * One line of an orch-written JSON Lines file (the plan's jobs.jsonl, the journal) as an object, or
 * what is wrong with it in words: the callers add the file and line number to their own error.
 */
export function decodeJsonObjectLine(text: string): Record<string, unknown> | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  return v as Record<string, unknown>;
}
