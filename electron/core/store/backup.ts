import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FapiaoError, appError } from '../../contract/index.ts';
import type { Db } from './db.ts';
import { storageError } from './faults.ts';
import { createPrivateFile, privateFolder } from './file-modes.ts';
import { releaseReserve } from './reserve.ts';

/** Backups sit next to the database, in backups/, named by time so the newest sorts last. */
export function backupDir(dbFile: string): string {
  return join(dirname(dbFile), 'backups');
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
}

export interface BackupInfo {
  path: string;
  at: number;
  bytes: number;
}

export function listBackups(dbFile: string): BackupInfo[] {
  const dir = backupDir(dbFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^fapiao-\d{8}-\d{6}(-\w+)?\.db$/.test(f))
    .sort()
    .map((f) => {
      const s = statSync(join(dir, f));
      return { path: join(dir, f), at: s.mtimeMs, bytes: s.size };
    });
}

export function latestBackup(dbFile: string): string | undefined {
  return listBackups(dbFile).at(-1)?.path;
}

/**
 * An online backup with SQLite's backup API: consistent while the till keeps issuing. Written to a
 * temporary name (mode 0600 from the start) and renamed, so a backup that exists is always complete; a
 * failed one leaves nothing behind. On a full disk the reserve (store/reserve.ts) is freed for one more try.
 * Storage faults come out as STORE_FULL / STORE_READONLY / STORE_IO.
 */
export async function backupDatabase(db: Db, dbFile: string, at: number, label = ''): Promise<BackupInfo> {
  const dir = backupDir(dbFile);
  const name = `fapiao-${stamp(at)}${label ? `-${label}` : ''}.db`;
  const target = join(dir, name);
  // Unique per call: two backups in the same second (a double click, the Z report and the daily timer) never share it.
  const partial = `${target}.${process.pid}-${randomUUID()}.partial`;
  const attempt = async (): Promise<void> => {
    try {
      privateFolder(dir);
      createPrivateFile(partial);
      await db.backup(partial);
      renameSync(partial, target);
    } catch (err) {
      rmSync(partial, { force: true });
      throw storageError(err, partial);
    }
  };
  try {
    await attempt();
  } catch (err) {
    if (!(err instanceof FapiaoError && err.code === 'STORE_FULL' && releaseReserve(dbFile))) throw err;
    await attempt();
  }
  return { path: target, at, bytes: statSync(target).size };
}

/** Problems PRAGMA quick_check finds in a database file; empty when it is sound. */
export function checkFile(file: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }
}

/**
 * Puts a backup in place of the database (the app must be closed). The backup is checked first; the
 * database it replaces is kept beside it (renamed, never deleted), with its WAL.
 */
export function restoreDatabase(dbFile: string, backupFile: string, at: number): { restored: string; keptAs?: string } {
  const problems = checkFile(backupFile);
  if (problems.length > 0)
    throw new FapiaoError([
      appError('BACKUP_UNUSABLE', `备份文件无法使用：${backupFile}`, `The backup fails its integrity check: ${problems.slice(0, 3).join('; ')}`, backupFile),
    ]);
  let keptAs: string | undefined;
  if (existsSync(dbFile)) {
    keptAs = `${dbFile}.replaced-${stamp(at)}`;
    renameSync(dbFile, keptAs);
    for (const ext of ['-wal', '-shm']) if (existsSync(dbFile + ext)) renameSync(dbFile + ext, keptAs + ext);
  }
  copyFileSync(backupFile, dbFile);
  return keptAs === undefined ? { restored: basename(backupFile) } : { restored: basename(backupFile), keptAs };
}
