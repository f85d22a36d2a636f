import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Invoices, buyers and the audit chain are the store's tax records: on Linux and macOS only the till's
 * own user may read them (folder 0700, files 0600). Windows keeps the data under the user's profile,
 * whose ACL already does this; file modes mean nothing there.
 *
 * Files are created with their mode rather than under a changed umask: the umask is process-wide, and
 * the checkpoint and integrity threads (and the sandbox, logs) create files at the same time.
 */
const POSIX = process.platform !== 'win32';
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/** What group and others may do: nothing. */
const OTHERS = 0o077;

/**
 * Takes group and other access away from what exists; the owner's own bits are kept (a file IT made
 * read-only stays read-only). One we may not change (another owner, a read-only mount) is left as it is.
 */
function narrow(path: string): void {
  if (!POSIX) return;
  try {
    const mode = statSync(path).mode & 0o7777;
    if ((mode & OTHERS) !== 0) chmodSync(path, mode & ~OTHERS);
  } catch {
    // Missing, or not ours to change: opening goes on and reports what really fails (STORE_READONLY).
  }
}

/** Creates the folder (0700), or takes group and other access away from an existing one. */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  narrow(dir);
}

/** Takes group and other access away from existing files (missing ones are skipped). */
export function privateFiles(...files: string[]): void {
  for (const f of files) narrow(f);
}

/**
 * Creates an empty file with mode 0600 if it is not there (an existing one is narrowed), so that what
 * SQLite writes into it is never readable by others, not even for a moment. SQLite gives the -wal and
 * -shm files the mode of their database.
 */
export function createPrivateFile(file: string): void {
  if (POSIX && !existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', FILE_MODE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  privateFiles(file);
}
