import { Worker } from 'node:worker_threads';
import type { AppError } from '../../contract/index.ts';
import { latestBackup } from './backup.ts';
import { sqliteLib } from './checkpointer.ts';
import type { Db } from './db.ts';
import { storeCorrupt } from './faults.ts';

/** A storage fault found after start (the background integrity check): stops issuing until restored. */
export const storeFaults = new WeakMap<Db, AppError>();
/** Checks still running, by database, with the promise of their thread's exit. */
const running = new WeakMap<Db, { worker: Worker; exited: Promise<void> }>();

// Posts {problems} from quick_check, or {error} when the check itself could not run (which is not a fault).
const SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
try {
  const Database = require(workerData.lib);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const problems = db.pragma('quick_check').map((r) => r.quick_check).filter((r) => r !== 'ok');
  db.close();
  parentPort.postMessage({ problems });
} catch (e) {
  const code = e && e.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) parentPort.postMessage({ problems: [String(e.message)] });
  else parentPort.postMessage({ error: String((e && e.message) || e) });
}
`;

/**
 * PRAGMA quick_check of a large database on its own thread and connection, so the till opens at once;
 * a problem found puts STORE_CORRUPT (with the latest backup) into storeFaults, which blocks issuing.
 */
export function checkInBackground(db: Db, file: string, onFault?: (fault: AppError) => void): void {
  let worker: Worker;
  try {
    worker = new Worker(SCRIPT, { eval: true, workerData: { file, lib: sqliteLib() } });
  } catch {
    return;
  }
  worker.unref();
  running.set(db, { worker, exited: new Promise((resolve) => worker.once('exit', () => resolve())) });
  worker.once('message', (result: { problems?: string[]; error?: string }) => {
    const problems = result.problems ?? [];
    if (problems.length === 0) return;
    const fault = storeCorrupt(file, latestBackup(file), problems.slice(0, 3).join('; ')).errors[0]!;
    storeFaults.set(db, fault);
    onFault?.(fault);
  });
}

/**
 * Waits for a check still running (the database is being closed). The thread is never terminated:
 * quick_check cannot be interrupted, and terminating a thread inside better-sqlite3 can abort the whole
 * process (WiseLibs/better-sqlite3#1507; seen here when a core closed right after opening a large store).
 * Closing right after start therefore waits for the check, at most a few seconds on the largest store.
 */
export async function awaitBackgroundCheck(db: Db): Promise<void> {
  const check = running.get(db);
  if (!check) return;
  check.worker.ref(); // an unref'd thread would let the process exit first
  await check.exited;
  running.delete(db);
}
