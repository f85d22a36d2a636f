import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { FapiaoError, appError, type AppError } from '../../contract/index.ts';
import { latestBackup } from './backup.ts';
import { storageError, storeCorrupt } from './faults.ts';
import { createPrivateFile, privateFiles, privateFolder } from './file-modes.ts';
import { storeHistory } from './history.ts';
import { freeReserveIfFull } from './reserve.ts';
import { checkInBackground } from './integrity.ts';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * PRAGMA quick_check reads every page: done before opening up to this many bytes (default 256 MiB);
   * a larger database is opened at once and checked on a worker thread (integrity.ts); a fault found
   * there blocks issuing through storeFaults.
   */
  syncCheckMaxBytes?: number;
  /** Told when the background check finds a fault (it is also kept in storeFaults). */
  onFault?: (fault: AppError) => void;
}

/** Pages of WAL after which a commit checkpoints inline (SQLite's default is 1000). */
export const WAL_AUTOCHECKPOINT_PAGES = 2000;

/** Whether the integrity check is done, or left for the background because the file is large. */
export const integrityDeferred = new WeakSet<Db>();

/** The database file's size, or undefined when there is none. */
function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * A database that is missing or empty (zero bytes) in a folder that has held a till (store/history.ts)
 * was lost, not never made: it must not quietly become a new, empty till. STORE_MISSING / STORE_CORRUPT
 * name the latest backup; nothing in the folder is touched.
 */
function refuseLostDatabase(file: string, size: number | undefined): void {
  if (size !== undefined && size > 0) return;
  const history = storeHistory(file);
  if (history.length === 0) return;
  const backup = latestBackup(file);
  if (size === 0) throw storeCorrupt(file, backup, `the database file is empty (0 bytes) while the folder has history: ${history.join(', ')}`);
  const where = backup ? `最新备份：${backup}` : `没有找到备份；本目录的使用痕迹：${history.join('、')}`;
  throw new FapiaoError([
    appError(
      'STORE_MISSING',
      `找不到本机数据库（${file}），但本目录使用过。为免数据丢失，程序已停止。请用备份恢复（fapiao restore --latest）或联系技术支持。${where}`,
      `The database ${file} is missing but this folder has held a till (${history.join(', ')}); restore a backup (fapiao restore --latest). ${backup ? `Latest backup: ${backup}` : 'No backup found'}`,
      backup ?? file,
    ),
  ]);
}

/**
 * Opens (creating if new) a store database: WAL, synchronous=FULL, foreign keys, checked, migrated.
 * A file that exists but is corrupt or unreadable stops here with STORE_CORRUPT and the latest backup's
 * path; it is never replaced by a new empty database, nor is a missing or empty one in a used folder.
 * The folder is made 0700 and the database files 0600 (store/file-modes.ts).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    privateFolder(dirname(file));
    // A disk down to its last megabyte: the reserve (store/reserve.ts) makes room for SQLite's -shm and WAL.
    freeReserveIfFull(file);
    const size = sizeOf(file);
    refuseLostDatabase(file, size);
    const existed = size !== undefined && size > 0;
    createPrivateFile(file);
    privateFiles(`${file}-wal`, `${file}-shm`);
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Checkpoints run on their own thread after writes go idle (store/checkpointer.ts); this safety net
    // (≈8 MB of WAL) bounds what a lost -wal file could take if that thread falls behind.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    if (existed) {
      const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
      if (bytes <= (options.syncCheckMaxBytes ?? 256 * 1024 * 1024)) {
        const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
        if (problems.length > 0) throw storeCorrupt(file, latestBackup(file), problems.slice(0, 3).join('; '));
      } else {
        integrityDeferred.add(db);
        checkInBackground(db, file, options.onFault);
      }
    }
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof FapiaoError) throw err;
    const mapped = storageError(err, file);
    if (mapped instanceof FapiaoError && mapped.code === 'STORE_CORRUPT') throw storeCorrupt(file, latestBackup(file), (err as Error).message);
    if (mapped instanceof FapiaoError && mapped.code === 'STORE_READONLY')
      throw new FapiaoError([
        appError('STORE_READONLY', `数据文件只读或无法写入，程序无法开票：${file}。请检查数据目录的权限或磁盘`, `The database cannot be written: ${file}`, file),
      ]);
    throw mapped;
  }
}

/**
 * Closes a store connection with everything in the database file itself: a TRUNCATE checkpoint first,
 * which also empties the -wal file. SQLite does this on its own only when it closes the last connection;
 * another process of the till (the CLI, a second window) may still hold one. It never waits for that
 * process (a pending TRUNCATE would hold up its writers, i.e. a sale): if it is busy, the checkpoint
 * copies what it can, as PASSIVE does, and the rest stays safe in the WAL for that process to checkpoint.
 */
export function closeDatabase(db: Db, log: (msg: string) => void = () => undefined): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    log(`checkpoint at close failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  db.close();
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length)
    throw new FapiaoError([
      appError('STORE_TOO_NEW', '数据库版本比本程序新，请升级程序', `database schema ${current} is newer than this app (${migrations.length}); update the app`),
    ]);
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection. Hot paths (issuing, the sync worker, the audit
 * chain) run the same SQL thousands of times; preparing it each time cost more than running it.
 * Not for statements that are iterated or switched to pluck/raw mode: those stay `db.prepare`.
 */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}
