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
  try { const r = db.pragma('wal_checkpoint(PASSIVE)')[0]; parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed }); }
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

/**
 * When a checkpoint runs. Everything committed is durable in the WAL at once; this bounds how long it
 * lives only there, so losing the -wal file (a copy of fapiao.db alone, a careless clean-up) takes at
 * most the last moments. Every `tickMs` the main connection's change count is read (a microsecond): a
 * checkpoint follows the first tick without new changes, or `maxDelayMs` after the first change not yet
 * in the database file, so a steady stream of sales cannot put it off. No hook in every write path.
 */
export const CHECKPOINT_POLICY = { tickMs: 200, maxDelayMs: 1_000 };

/** One checkpoint: `log` frames in the WAL, `checkpointed` of them now in the database file. */
export interface CheckpointResult {
  reason: 'idle' | 'request' | 'flush';
  log: number;
  checkpointed: number;
  /** Every frame is in the database file (a reader on an older snapshot can hold some back: retried). */
  complete: boolean;
}

export interface Checkpointer {
  /** A checkpoint now (the sync worker after a batch); one at a time, a request during one is retried after it. */
  request(): void;
  /** A checkpoint now, resolved when done (before a backup). */
  flush(): Promise<CheckpointResult | undefined>;
  /** Resolves once everything committed so far is in the database file (at once when it is). */
  whenSaved(): Promise<void>;
  /** Told after every checkpoint. */
  onCheckpoint(listener: (result: CheckpointResult) => void): () => void;
  close(): Promise<void>;
}

type Raw = { busy?: number; log?: number; checkpointed?: number; error?: string };

/**
 * Starts the checkpoint thread (falling back to checkpointing inline where threads are unavailable).
 * `changes`: the main connection's total_changes() (what it has written since it opened); `inline`: a
 * checkpoint on the main connection, used only where threads are unavailable.
 */
export function startCheckpointer(file: string, changes: () => number, inline: () => unknown, log: (msg: string) => void, policy = CHECKPOINT_POLICY): Checkpointer {
  let worker: Worker | undefined;
  /** The answer awaited from the thread; a thread that dies answers with an error, so nothing waits forever. */
  let reply: ((raw: Raw) => void) | undefined;
  const answer = (raw: Raw): void => {
    const r = reply;
    reply = undefined;
    r?.(raw);
  };
  try {
    worker = new Worker(SCRIPT, { eval: true, workerData: { file, lib: sqliteLib() } });
    worker.unref();
    worker.on('message', (m: Raw) => answer(m));
    worker.on('error', (err) => {
      log(`checkpoint thread failed: ${String(err)}`);
      answer({ error: String(err) });
    });
  } catch (err) {
    log(`checkpoint thread unavailable, checkpointing inline: ${String(err)}`);
  }
  const exited = worker ? new Promise<void>((resolve) => worker.once('exit', () => resolve())) : Promise.resolve();
  void exited.then(() => answer({ error: 'checkpoint thread exited' }));

  /** One PASSIVE checkpoint on the thread (or inline), its raw result. */
  const runOnce = (): Promise<Raw> => {
    if (worker) {
      const w = worker;
      return new Promise<Raw>((resolve) => {
        reply = resolve;
        w.postMessage('checkpoint');
      });
    }
    try {
      return Promise.resolve((inline() as Raw[] | undefined)?.[0] ?? {});
    } catch (err) {
      return Promise.resolve({ error: String(err) });
    }
  };

  const listeners = new Set<(result: CheckpointResult) => void>();
  const saved: Array<() => void> = [];
  let closed = false;
  let inFlight: Promise<CheckpointResult | undefined> | undefined;
  /** Changes not yet covered by a checkpoint that has started; at open, the migrations' schema. */
  let dirty = true;
  let dirtySince = Date.now();
  let seen = changes();
  let quietUntil = 0;

  /** Reads the change count: true when something was written since the last look. */
  const look = (): boolean => {
    let n: number;
    try {
      n = changes();
    } catch {
      return false; // the main connection is closing
    }
    if (n === seen) return false;
    seen = n;
    if (!dirty) dirtySince = Date.now();
    dirty = true;
    return true;
  };

  const start = (reason: CheckpointResult['reason']): Promise<CheckpointResult | undefined> => {
    look();
    dirty = false;
    const done = runOnce().then((raw) => {
      inFlight = undefined;
      const result: CheckpointResult | undefined =
        raw.error === undefined ? { reason, log: raw.log ?? 0, checkpointed: raw.checkpointed ?? 0, complete: (raw.checkpointed ?? 0) >= (raw.log ?? 0) } : undefined;
      if (raw.error !== undefined) {
        log(`checkpoint failed: ${raw.error}`);
        quietUntil = Date.now() + 5_000; // a failing checkpoint is retried, but not five times a second
      }
      // Failed, or frames held back by a reader on an older snapshot: tried again at a later tick.
      if (!result?.complete && !dirty) {
        dirty = true;
        dirtySince = Date.now();
      }
      if (result) for (const l of listeners) l(result);
      if (!dirty && !closed) for (const w of saved.splice(0)) w();
      return result;
    });
    inFlight = done;
    return done;
  };

  const tick = setInterval(() => {
    if (closed || inFlight || Date.now() < quietUntil) return;
    const wrote = look();
    if (dirty && (!wrote || Date.now() - dirtySince >= policy.maxDelayMs)) void start('idle');
  }, policy.tickMs).unref();

  return {
    request() {
      if (closed) return;
      if (inFlight) look();
      else void start('request');
    },
    async flush() {
      if (closed) return undefined;
      await inFlight;
      return start('flush');
    },
    whenSaved() {
      look();
      if (!dirty && !inFlight) return Promise.resolve();
      return new Promise((resolve) => saved.push(resolve));
    },
    onCheckpoint(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearInterval(tick);
      await inFlight;
      // Shutdown checkpoints on the main connection (core's close, TRUNCATE); nothing is left to wait for here.
      const waiting = saved.splice(0);
      if (worker) {
        // Held until it has closed its connection: an unref'd thread would let the process exit first.
        worker.ref();
        worker.postMessage('close');
        await exited;
      }
      for (const w of waiting) w();
    },
  };
}
