import { OrchError } from '../errors.js';
import type { Violation } from './types.js';

/** A schema file that cannot be used: names the file, the keyword path (and line) and the problem. */
export class SchemaDefinitionError extends OrchError {
  readonly file: string;
  readonly path: string;
  constructor({ file, path, problem, line, hint }: { file: string; path: string; problem: string; line?: number; hint?: string }) {
    const where = line === undefined ? file : `${file}:${line}`;
    super({ code: 'SCHEMA_INVALID', message: `${where}: invalid schema${path ? ` at '${path}'` : ''}: ${problem}`, hint });
    this.file = file;
    this.path = path;
  }
}

/** Composed job configs that break their schemas: every violation of every job, grouped by job. */
export class SchemaValidationError extends OrchError {
  readonly violations: readonly Violation[];
  readonly jobCount: number;
  constructor({ violations, jobCount }: { violations: readonly Violation[]; jobCount: number }) {
    super({
      code: 'SCHEMA_VIOLATION', message: formatViolations(violations, jobCount),
      hint: 'Fix the value in the named file or override; `orch <task> --help` lists every documented key with its type.',
    });
    this.violations = violations;
    this.jobCount = jobCount;
  }
}

/** `Config does not match its schema (2 problems in 1 of 4 jobs):` then one line per violation. */
export function formatViolations(violations: readonly Violation[], jobCount: number): string {
  const jobs = new Map<number, Violation[]>();
  for (const v of violations) jobs.set(v.job, [...(jobs.get(v.job) ?? []), v]);
  const head = `Config does not match its schema (${violations.length} problem${violations.length === 1 ? '' : 's'}${
    jobCount > 1 ? ` in ${jobs.size} of ${jobCount} jobs` : ''
  }):`;
  const lines = [head];
  for (const [num, list] of jobs) {
    const indent = jobCount > 1 ? '    ' : '  ';
    if (jobCount > 1) lines.push(`  job ${num} (${list[0]!.jobOverrides.join(' ') || 'no overrides'}):`);
    for (const v of list) lines.push(indent + formatViolation(v));
  }
  return lines.join('\n');
}

export function formatViolation(v: Violation): string {
  const from = v.source ? ` (from ${v.source})` : '';
  const schema = ` [schema: ${v.schemaFile}]`;
  if (v.kind === 'unknown') return `${v.key}: unknown key = ${v.got}${from}; expected ${v.expected}${schema}`;
  if (v.kind === 'missing') return `${v.key}: missing; expected ${v.expected}${schema}`;
  return `${v.key}: expected ${v.expected}, got ${v.got}${from}${schema}`;
}
