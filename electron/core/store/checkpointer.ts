import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on their own thread and connection. Copying the WAL into the database and syncing it
 * takes milliseconds; on the main thread that would sit in front of the cashier's next commit.
 * A PASSIVE checkpoint never blocks the main connection's readers or writers.
 */
const SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.lib);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage({ ok: true }); }
  catch (e) { parentPort.postMessage({ error: String((e && e.message) || e) }); }
});
`;

export function sqliteLib(): string {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return 'better-sqlite3';
  }
}

export interface Checkpointer {
  /** Asks for a checkpoint; one at a time, a request during one is folded into it. */
  request(): void;
  close(): Promise<void>;
}

/** Starts the checkpoint thread; falls back to checkpointing inline where threads are unavailable. */
export function startCheckpointer(file: string, inline: () => void, log: (msg: string) => void): Checkpointer {
  let worker: Worker;
  try {
    worker = new Worker(SCRIPT, { eval: true, workerData: { file, lib: sqliteLib() } });
  } catch (err) {
    log(`checkpoint thread unavailable, checkpointing inline: ${String(err)}`);
    return { request: inline, close: async () => undefined };
  }
  worker.unref();
  let busy = false;
  worker.on('message', (m: { ok?: boolean; error?: string }) => {
    busy = false;
    if (m.error) log(`checkpoint failed: ${m.error}`);
  });
  worker.on('error', (err) => log(`checkpoint thread failed: ${String(err)}`));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    request() {
      if (busy) return;
      busy = true;
      worker.postMessage('checkpoint');
    },
    async close() {
      // Held until it has closed its connection: an unref'd thread would let the process exit first.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
