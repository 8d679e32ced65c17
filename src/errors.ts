import { type ErrorCode, exitStatusOfCode } from './error-codes.js';

/** What every error is made of: a subclass with fields of its own takes them in the same object. */
export interface OrchErrorInit { code: ErrorCode; message: string; hint?: string; cause?: unknown }

/**
 * Every error a user can cause is an OrchError: it carries a stable `code`, a message that leads
 * with *where* (file:line, key path, or the override with a caret), and an optional `hint` naming the
 * next thing to try. The CLI prints `message` (+ hint) and exits with `exitCode` without a stack trace.
 * Anything that is not an OrchError is a bug and is reported as one.
 */
export class OrchError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor({ code, message, hint, cause }: OrchErrorInit) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** The CLI's exit status for this error, from the catalogue (src/error-codes.ts). */
  get exitCode(): number {
    return exitStatusOfCode(this.code);
  }
}

/** Formats an error for the terminal: message, then hint. */
export function formatError(err: OrchError): string {
  return err.hint ? `${err.message}\n${err.hint}` : err.message;
}

/**
 * `Did you mean X?` for the candidate closest to `word` (X as `spell` writes it: a full key path, a
 * quoted name), or undefined when none is close: the one spelling of the suggestion in every message.
 */
export function didYouMean(word: string, candidates: readonly string[], spell: (candidate: string) => string = (c) => c): string | undefined {
  const near = closestMatch(word, candidates);
  return near === undefined ? undefined : `Did you mean ${spell(near)}?`;
}

/** Sentences of a hint, the absent ones left out: `sentences(didYouMean(...), 'Settings: a, b.')`. */
export function sentences(...parts: readonly (string | undefined)[]): string {
  return parts.filter((p) => p).join(' ');
}

/** Levenshtein-closest candidate (for didYouMean, or to name it elsewhere), or undefined if none is close. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDist) { bestDist = d; best = c; }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Errno codes that say something about the machine or the paths the user chose, never about orch's
 * logic: a full disk, a read-only mount, a missing permission, a name the file system refuses.
 * ENOENT and EEXIST are absent on purpose: where orch expects them it handles them, and elsewhere
 * they point at a bug.
 */
const ENVIRONMENT_ERRNO: Record<string, { words: string; hint: string }> = {
  ENOSPC: { words: 'no space left on device', hint: 'Free some space on that file system (or write the outputs elsewhere: orch.run.dir / orch.sweep.dir) and run again.' },
  EDQUOT: { words: 'disk quota exceeded', hint: 'Free some space within your quota (or write the outputs elsewhere: orch.run.dir / orch.sweep.dir) and run again.' },
  EFBIG: { words: 'file too large for the file system', hint: 'Write the outputs to another file system (orch.run.dir / orch.sweep.dir).' },
  EROFS: { words: 'read-only file system', hint: 'Write the outputs to a writable place (orch.run.dir / orch.sweep.dir).' },
  EACCES: { words: 'permission denied', hint: 'Check the permissions of that path and the folders above it.' },
  EPERM: { words: 'operation not permitted', hint: 'Check the permissions and attributes of that path and the folders above it.' },
  ENAMETOOLONG: {
    words: 'file name too long',
    hint: 'Each part of a path may be at most 255 bytes (and the whole path about 4096): shorten orch.run.dir, orch.sweep.dir, orch.sweep.subdir or the path you passed.',
  },
  ELOOP: { words: 'too many levels of symbolic links', hint: 'Check for a symbolic link that points to itself in that path.' },
  ENOTDIR: { words: 'a part of the path is a file, not a directory', hint: 'Remove or rename the file that is in the way, or choose another path.' },
  EISDIR: { words: 'it is a directory', hint: 'Pass the path of a file, or remove the directory that is in the way.' },
  EMFILE: { words: 'too many open files', hint: 'Raise the open-file limit (ulimit -n) or run fewer jobs at once (orch.launcher.n_jobs).' },
  ENFILE: { words: 'too many open files on the system', hint: 'Close other programs or raise the system limit (fs.file-max), or run fewer jobs at once.' },
  EIO: { words: 'input/output error', hint: 'The device or network file system reported a failure: check it (dmesg, mount) and run again.' },
  ENXIO: { words: 'no such device', hint: 'Check the device or mount behind that path.' },
  ESTALE: { words: 'stale file handle (network file system)', hint: 'Check the network file system mount and run again.' },
  ETXTBSY: { words: 'the file is busy (a running program)', hint: 'Wait for the program using it to exit, or choose another path.' },
};

/** A Node.js errno error caused by the environment (see ENVIRONMENT_ERRNO), not by orch. */
export function isEnvironmentErrno(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return err instanceof Error && typeof code === 'string' && Object.hasOwn(ENVIRONMENT_ERRNO, code);
}

/**
 * A file operation failed for a reason outside orch (full disk, permissions, a name too long): a
 * user error naming the path, what orch was doing and the cause in words.
 */
export class IoError extends OrchError {
  readonly errno: string;
  readonly path: string;
  constructor({ operation, path, cause, hint }: { operation: string; path: string; cause: NodeJS.ErrnoException; hint?: string }) {
    const known = ENVIRONMENT_ERRNO[cause.code ?? ''];
    super({ code: 'IO_ERROR', message: `Cannot ${operation} ${path}: ${known?.words ?? cause.message} (${cause.code})`, hint: hint ?? known?.hint, cause });
    this.errno = cause.code ?? '';
    this.path = path;
  }
}

/** `err` as an IoError when the environment caused it; anything else (a bug, ENOENT) unchanged. */
export function asIoError(err: unknown, operation: string, path: string): unknown {
  if (err instanceof OrchError || !isEnvironmentErrno(err)) return err;
  return new IoError({ operation, path, cause: err });
}

/**
 * An errno error that escaped without being wrapped, described from what Node recorded on it
 * (`syscall`, `path`), so that a full disk anywhere is reported as such and not as a bug.
 */
export function ioErrorFromErrno(err: NodeJS.ErrnoException): IoError {
  const op = SYSCALL_WORDS[err.syscall ?? ''] ?? (err.syscall ? `${err.syscall}` : 'access');
  // A failed write on an open file records no path: say what was done, to what, as well as known.
  const path = err.path ?? (err as { dest?: string }).dest ?? 'a file';
  return new IoError({ operation: op, path, cause: err });
}

const SYSCALL_WORDS: Record<string, string> = {
  open: 'open', read: 'read', write: 'write to', mkdir: 'create the directory', rename: 'rename',
  scandir: 'list the directory', unlink: 'remove', rmdir: 'remove the directory', fsync: 'write to',
  close: 'write to', copyfile: 'copy', stat: 'look at', lstat: 'look at', symlink: 'create the link',
  link: 'create the link', spawn: 'run', access: 'access', chmod: 'change the mode of',
};
