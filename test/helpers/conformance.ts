/**
 * The one reader of the conformance corpus (test/fixtures/conformance, a copy of
 * ../shared/conformance kept by scripts/sync-conformance.mjs). Every suite gets its cases here, so
 * a missing or partial corpus fails loudly instead of letting the suites pass over zero cases.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_CASES, CONFORMANCE_DIR } from './paths.js';

export interface CaseInput {
  config_name: string | null;
  overrides: string[];
  multirun: boolean;
  must_mention?: string[];
}

export interface ConformanceCase {
  readonly name: string;
  readonly dir: string;
  readonly configDir: string;
  readonly input: CaseInput;
  /** expected.json as text: suites parse it their own way (key order, int/float distinction). */
  readonly expectedText: string;
}

/** Fewer than this means the manifest itself was emptied or truncated. */
const MIN_CASES = 100;
const SYNC = 'node scripts/sync-conformance.mjs';

/** Case folder names, checked against the manifest written with the copy: exactly those, no fewer. */
function caseNames(corpusDir: string): string[] {
  const manifestFile = join(corpusDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`conformance corpus missing: no ${manifestFile}; restore test/fixtures/conformance from git or run ${SYNC}`);
  const expected = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { cases: string[] }).cases;
  if (expected.length < MIN_CASES) throw new Error(`conformance manifest lists only ${expected.length} cases (at least ${MIN_CASES} expected): ${manifestFile}`);
  const casesDir = join(corpusDir, 'cases');
  const found = existsSync(casesDir) ? readdirSync(casesDir).sort() : [];
  const missing = expected.filter((n) => !found.includes(n));
  const extra = found.filter((n) => !expected.includes(n));
  if (missing.length + extra.length > 0) {
    throw new Error(`conformance corpus in ${casesDir} does not match its manifest: missing [${missing.join(', ')}], unlisted [${extra.join(', ')}]; run ${SYNC}`);
  }
  return expected;
}

function load(casesDir: string, name: string): ConformanceCase {
  const dir = join(casesDir, name);
  return {
    name, dir, configDir: join(dir, 'config'),
    input: JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseInput,
    expectedText: readFileSync(join(dir, 'expected.json'), 'utf8'),
  };
}

/** Every case of the corpus in `corpusDir`, in name order; throws when it is missing or incomplete. */
export function loadCorpus(corpusDir: string): ConformanceCase[] {
  return caseNames(corpusDir).map((name) => load(join(corpusDir, 'cases'), name));
}

let all: ConformanceCase[] | undefined;

/** The repository's corpus (test/fixtures/conformance), read once per test process. */
export function conformanceCases(): ConformanceCase[] {
  all ??= loadCorpus(CONFORMANCE_DIR);
  return all;
}

export function conformanceCase(name: string): ConformanceCase {
  const c = conformanceCases().find((x) => x.name === name);
  if (!c) throw new Error(`no conformance case '${name}' in ${CONFORMANCE_CASES}`);
  return c;
}
