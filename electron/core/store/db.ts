import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FapiaoError, appError, type AppError } from '../../contract/index.ts';
import { latestBackup } from './backup.ts';
import { storageError, storeCorrupt } from './faults.ts';
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

/** Whether the integrity check is done, or left for the background because the file is large. */
export const integrityDeferred = new WeakSet<Db>();

/**
 * Opens (creating if new) a store database: WAL, synchronous=FULL, foreign keys, checked, migrated.
 * A file that exists but is corrupt or unreadable stops here with STORE_CORRUPT and the latest backup's
 * path; it is never replaced by a new empty database.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const existed = existsSync(file);
  // A database that vanished while its backups remain must not quietly become a new, empty one.
  const backup = existed ? undefined : latestBackup(file);
  if (backup !== undefined)
    throw new FapiaoError([
      appError(
        'STORE_MISSING',
        `找不到本机数据库（${file}），但有备份。为免数据丢失，程序已停止。请用备份恢复（fapiao restore --latest）。最新备份：${backup}`,
        `The database ${file} is missing but backups exist; restore one (fapiao restore --latest). Latest backup: ${backup}`,
        backup,
      ),
    ]);
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The sync worker checkpoints between passes; this is only the safety net (≈40 MB of WAL).
    db.pragma('wal_autocheckpoint = 10000');
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
