import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { FapiaoError, appError, type AppError } from '../../contract/index.ts';
import { auditHead } from './audit.ts';
import { listBackups } from './backup.ts';
import { freeBytes, storageError } from './faults.ts';
import { storeHistory } from './history.ts';
import { behindHighWater, readHighWater, storeRolledBack, type HighWater } from './high-water.ts';
import { migrations } from './migrations/index.ts';
import { RESERVE_BYTES, reservePath } from './reserve.ts';

/** A backup older than this is a problem: the till takes one every day (bootstrap.ts, Z report). */
export const BACKUP_MAX_AGE_MS = 48 * 3_600_000;
/** Free space below which, without its reserve, the till is out of room (as store/reserve.ts decides). */
const ROOM_BYTES = RESERVE_BYTES + 16 * 1024 * 1024;

/** What `fapiao doctor` tells about the store: facts, and every problem as a stable code. Nothing secret. */
export interface StoreReport {
  file: string;
  bytes: number | null;
  /** PRAGMA quick_check: 'ok', or what it found; null when the database could not be read. */
  integrity: 'ok' | string[] | null;
  schemaVersion: number | null;
  appSchemaVersion: number;
  auditHead: { seq: number; hash: string } | null;
  highWater: HighWater | null;
  backups: { count: number; latest: string | null; latestAt: string | null; ageHours: number | null };
  disk: { freeBytes: number | null; reserve: boolean };
  problems: AppError[];
}

function problem(code: string, zh: string, en: string, path?: string): AppError {
  return appError(code, zh, en, path);
}

/** STORE_FULL / STORE_READONLY / STORE_CORRUPT … from whatever a read of the store threw. */
function faultOf(err: unknown, file: string): AppError {
  const mapped = storageError(err, file);
  if (mapped instanceof FapiaoError) return mapped.errors[0]!;
  return problem('STORE_UNREADABLE', `无法读取数据库：${String((err as Error)?.message ?? err)}`, `The database cannot be read: ${String((err as Error)?.message ?? err)}`, file);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why the database is behind the high-water file; a schema from before the mark existed (migrated at the app's next start) has nothing to compare. */
function behindMark(db: Database.Database, hw: HighWater, version: number): string | undefined {
  try {
    return behindHighWater(db, hw);
  } catch (err) {
    if (version < migrations.length && /no such table/.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

/**
 * Looks at a store without changing it: the database is opened read-only (no migration, no write; SQLite
 * may create an empty -wal/-shm beside a WAL database to read it), never by the till's openDatabase.
 */
export function inspectStore(file: string, now: number): StoreReport {
  const problems: AppError[] = [];
  const size = existsSync(file) ? statSync(file).size : null;
  const backups = listBackups(file);
  const latest = backups.at(-1);
  const free = freeBytes(file);
  const report: StoreReport = {
    file,
    bytes: size,
    integrity: null,
    schemaVersion: null,
    appSchemaVersion: migrations.length,
    auditHead: null,
    highWater: null,
    backups: {
      count: backups.length,
      latest: latest?.path ?? null,
      latestAt: latest ? new Date(latest.at).toISOString() : null,
      ageHours: latest ? Math.round(((now - latest.at) / 3_600_000) * 10) / 10 : null,
    },
    disk: { freeBytes: Number.isFinite(free) ? free : null, reserve: existsSync(reservePath(file)) },
    problems,
  };

  // The folder (and the file) must take writes, and the disk must have room for the till's next sales.
  const dir = dirname(file);
  if (existsSync(dir) && (!writable(dir) || (size !== null && !writable(file))))
    problems.push(problem('STORE_READONLY', `数据目录或数据库只读，无法开票：${dir}。请检查权限或磁盘`, `The data folder or database is read-only: ${dir}`, dir));
  if (free < ROOM_BYTES && !report.disk.reserve)
    problems.push(
      problem(
        'STORE_FULL',
        `磁盘空间不足（剩余 ${Math.floor(free / 1024)} KB，备用空间已用掉）：请清理 ${dir} 所在磁盘`,
        `The disk is (nearly) full: ${Math.floor(free / 1024)} KB free and the reserve is used up. Free space on the disk of ${dir}`,
        dir,
      ),
    );

  let hw: HighWater | undefined;
  try {
    hw = readHighWater(file);
    report.highWater = hw ?? null;
  } catch (err) {
    problems.push(err instanceof FapiaoError ? err.errors[0]! : faultOf(err, file));
  }

  if (size === null || size === 0) {
    const history = storeHistory(file);
    if (history.length > 0)
      problems.push(
        size === null
          ? problem('STORE_MISSING', `找不到数据库（${file}），但本目录使用过：${history.join('、')}`, `The database is missing but the folder has held a till: ${history.join(', ')}`, latest?.path ?? file)
          : problem('STORE_CORRUPT', `数据库文件为空（0 字节），但本目录使用过：${history.join('、')}`, `The database file is empty (0 bytes) but the folder has held a till: ${history.join(', ')}`, latest?.path ?? file),
      );
  } else {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 2000');
      const found = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
      report.integrity = found.length === 0 ? 'ok' : found.slice(0, 10);
      if (found.length > 0) problems.push(problem('STORE_CORRUPT', `数据库完整性检查未通过：${found.slice(0, 3).join('; ')}`, `The integrity check failed: ${found.slice(0, 3).join('; ')}`, latest?.path ?? file));
      const version = db.pragma('user_version', { simple: true }) as number;
      report.schemaVersion = version;
      if (version > migrations.length)
        problems.push(problem('STORE_TOO_NEW', `数据库版本 ${version} 比本程序（${migrations.length}）新，请升级程序`, `Database schema ${version} is newer than this app (${migrations.length})`, file));
      if (found.length === 0) {
        report.auditHead = auditHead(db);
        const why = hw ? behindMark(db, hw, version) : undefined;
        if (hw && why !== undefined) problems.push(storeRolledBack(file, hw, why));
      }
    } catch (err) {
      const fault = faultOf(err, file);
      if (!problems.some((p) => p.code === fault.code)) problems.push(fault);
    } finally {
      db?.close();
    }
  }

  if (size !== null && size > 0) {
    if (latest === undefined) problems.push(problem('BACKUP_MISSING', '还没有任何备份：请运行 fapiao backup', 'There is no backup yet: run fapiao backup', dir));
    else if (now - latest.at > BACKUP_MAX_AGE_MS)
      problems.push(problem('BACKUP_STALE', `最新备份已有 ${report.backups.ageHours} 小时：${latest.path}`, `The latest backup is ${report.backups.ageHours} hours old: ${latest.path}`, latest.path));
  }
  return report;
}
