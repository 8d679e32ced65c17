/**
 * Notes on a run or a sweep: dated lines of text in `<dir>/orch-notes.jsonl`, beside the outputs and
 * never inside `.orch/` (the snapshot is what the job ran with; a note is what someone thought of it
 * later). The whole file is rewritten atomically, so a reader never sees half a note.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { LedgerError } from './errors.js';
import type { Note } from './types.js';

export const NOTES_FILE = 'orch-notes.jsonl';

/** Notes of `text` in order; a line that is not a note (a hand edit gone wrong) is kept as plain text. */
export function parseNotes(text: string): Note[] {
  const notes: Note[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const n = JSON.parse(line) as Partial<Note>;
      if (typeof n.text === 'string') {
        notes.push({ at: typeof n.at === 'string' ? n.at : '', text: n.text });
        continue;
      }
    } catch { /* below */ }
    notes.push({ at: '', text: line });
  }
  return notes;
}

export function formatNotes(notes: readonly Note[]): string {
  return notes.map((n) => JSON.stringify(n) + '\n').join('');
}

export function readNotes(dir: string): Note[] {
  let text: string;
  try {
    text = readFileSync(join(dir, NOTES_FILE), 'utf8');
  } catch {
    return [];
  }
  return parseNotes(text);
}

export async function addNote(dir: string, text: string, now = new Date()): Promise<Note> {
  const clean = text.trim();
  if (!clean) throw new LedgerError({ code: 'LEDGER_BAD_NOTE', message: `orch note ${dir}: the note is empty`, hint: 'Write the note as the second argument: orch note TARGET "what you noticed".' });
  const note: Note = { at: now.toISOString(), text: clean };
  await writeFileAtomic(join(dir, NOTES_FILE), formatNotes([...readNotes(dir), note]));
  return note;
}
