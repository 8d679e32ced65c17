/**
 * Optional per-job classification artefacts, read only for the best group (never for every job):
 *   confusion.json  {"labels": [...], "matrix": [[...]]} (rows = true label) or a bare matrix
 *   errors.json     [{"label", "prediction", "confidence", "image": "<png path relative to the job dir>"}]
 *                   (`png` is accepted for `image`: the example project writes that)
 */
import { readTextIfExists } from '../store/json-file.js';
import { readFile } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import { parseTaskJson } from '../store/task-json.js';
import { mapLimit } from './read-files.js';
import { confinements, outsideWarning, type Locate } from '../store/confine.js';
import { confinedReader } from './load-sweep.js';
import type { Group, JobData } from './types.js';

export const CONFUSION_FILE = 'confusion.json';
export const ERRORS_FILE = 'errors.json';
const MAX_ERRORS = 12;
const MAX_IMAGE_BYTES = 512 * 1024;

export interface Confusion {
  labels: string[];
  /** Summed over the group's jobs. */
  matrix: number[][];
  jobs: number;
}

export interface ErrorExample {
  label: string;
  prediction: string;
  confidence: number;
  job: number;
  /** data: URI of the image, when it could be read. */
  image?: string;
}

export interface Extras {
  group: string;
  confusion?: Confusion;
  errors: ErrorExample[];
}

function parseConfusion(raw: unknown): { labels?: string[]; matrix: number[][] } | undefined {
  const obj = raw as { labels?: unknown; classes?: unknown; matrix?: unknown; confusion?: unknown };
  const matrix = Array.isArray(raw) ? raw : obj?.matrix ?? obj?.confusion;
  if (!Array.isArray(matrix) || !matrix.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'))) return undefined;
  const labels = obj && !Array.isArray(raw) ? (obj.labels ?? obj.classes) : undefined;
  return { labels: Array.isArray(labels) ? labels.map(String) : undefined, matrix: matrix as number[][] };
}

function sumInto(acc: number[][], m: number[][]): number[][] {
  return m.map((row, i) => row.map((x, j) => x + (acc[i]?.[j] ?? 0)));
}

async function imageUri(locate: Locate, job: JobData, image: unknown): Promise<string | undefined> {
  if (typeof image !== 'string') return undefined;
  const path = resolve(job.dir, image);
  const rel = relative(job.dir, path);
  // Only files inside the job dir: errors.json is task output and must not pull in arbitrary files.
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const at = locate(path);
  if (at.kind !== 'inside') {
    if (at.kind === 'outside') job.problems.push(outsideWarning(rel, at.real));
    return undefined;
  }
  try {
    const buf = await readFile(at.real);
    if (buf.length > MAX_IMAGE_BYTES) return undefined;
    const mime = /\.jpe?g$/i.test(path) ? 'image/jpeg' : /\.gif$/i.test(path) ? 'image/gif' : 'image/png';
    return `data:${mime};base64,${buf.toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** Task-written like metrics.json (a Python `json.dump` may put NaN in a confidence); unreadable means absent. */
function parse(text: string | undefined, file: string): unknown {
  if (text === undefined) return undefined;
  try { return parseTaskJson(text, file); } catch { return undefined; }
}

export async function loadExtras(group: Group): Promise<Extras | undefined> {
  const locateIn = confinements();
  const files = await mapLimit(group.jobs, 16, async (job) => {
    const read = confinedReader(locateIn(job.sweepDir), job.dir, job.problems, readTextIfExists);
    return { job, confusion: parseConfusion(parse(await read(CONFUSION_FILE), CONFUSION_FILE)), errors: parse(await read(ERRORS_FILE), ERRORS_FILE) };
  });
  let confusion: Confusion | undefined;
  for (const f of files) {
    if (!f.confusion) continue;
    const labels = f.confusion.labels ?? f.confusion.matrix.map((_, i) => String(i));
    confusion = confusion && confusion.matrix.length === f.confusion.matrix.length
      ? { labels: confusion.labels, matrix: sumInto(confusion.matrix, f.confusion.matrix), jobs: confusion.jobs + 1 }
      : confusion ?? { labels, matrix: f.confusion.matrix, jobs: 1 };
  }
  const candidates = files.flatMap((f) => (Array.isArray(f.errors) ? f.errors : [])
    .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object')
    .map((e) => ({ e, job: f.job })));
  candidates.sort((a, b) => Number(b.e.confidence ?? 0) - Number(a.e.confidence ?? 0));
  const errors = await Promise.all(candidates.slice(0, MAX_ERRORS).map(async ({ e, job }) => ({
    label: String(e.label ?? '?'),
    prediction: String(e.prediction ?? '?'),
    confidence: Number(e.confidence ?? NaN),
    job: job.num,
    image: await imageUri(locateIn(job.sweepDir), job, e.image ?? e.png),
  })));
  if (!confusion && errors.length === 0) return undefined;
  return { group: group.label, confusion, errors };
}
