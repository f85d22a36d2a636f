import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { FapiaoError, appError } from '../../contract/index.ts';

/** SQLite result codes that mean the storage itself is at fault, not the request. */
const FULL = new Set(['SQLITE_FULL']);
const READONLY = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_RECOVERY', 'SQLITE_READONLY_CANTINIT', 'SQLITE_READONLY_ROLLBACK', 'SQLITE_PERM', 'SQLITE_CANTOPEN']);
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

/** The same faults met by plain file writes (backups, the reserve file, the high-water file). */
const NODE_CODES: Record<string, string> = { ENOSPC: 'SQLITE_FULL', EDQUOT: 'SQLITE_FULL', EROFS: 'SQLITE_READONLY', EACCES: 'SQLITE_PERM', EPERM: 'SQLITE_PERM', EIO: 'SQLITE_IOERR' };

/** Below this much free space an I/O error is taken for a full disk (SQLite reports a full -shm that way). */
const NEARLY_FULL_BYTES = 256 * 1024;

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  return code.startsWith('SQLITE_') ? code : NODE_CODES[code];
}

/** Free bytes for this user on the disk holding `file`; Infinity when that cannot be told. */
export function freeBytes(file: string): number {
  try {
    const s = statfsSync(dirname(file));
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Whether the disk holding `file` has (next to) no space left; false when that cannot be told. */
export function diskNearlyFull(file: string): boolean {
  return freeBytes(file) < NEARLY_FULL_BYTES;
}

export function storeCorrupt(file: string, latestBackup: string | undefined, detail: string): FapiaoError {
  const where = latestBackup ? `最新备份：${latestBackup}` : '没有找到备份';
  return new FapiaoError([
    appError(
      'STORE_CORRUPT',
      `本机数据库已损坏或无法读取（${file}），程序已停止开票以免丢失数据。请联系技术支持用备份恢复（fapiao restore）。${where}`,
      `The local database is corrupt or unreadable (${file}); issuing stopped. Restore from a backup (fapiao restore). ${latestBackup ? `Latest backup: ${latestBackup}` : 'No backup found'}. ${detail}`,
      latestBackup ?? file,
    ),
  ]);
}

/**
 * Turns a storage failure into a stable error a cashier can act on. The transaction that hit it has
 * rolled back, so nothing half-written remains; anything else is rethrown unchanged.
 */
export function storageError(err: unknown, file?: string): unknown {
  const code = sqliteCode(err);
  if (code === undefined) return err;
  if (FULL.has(code) || (code.startsWith('SQLITE_IOERR') && file !== undefined && diskNearlyFull(file)))
    return new FapiaoError([
      appError('STORE_FULL', '磁盘已满，本张发票没有保存。请清理磁盘空间后重试（已保存的发票不受影响）', 'The disk is full; this invoice was not saved. Free some space and try again', file),
    ]);
  if (READONLY.has(code))
    return new FapiaoError([
      appError('STORE_READONLY', '数据文件只读或无法写入，本张发票没有保存。请检查数据目录权限或磁盘', 'The data file is read-only or cannot be written; this invoice was not saved', file),
    ]);
  if (CORRUPT.has(code)) return storeCorrupt(file ?? '?', undefined, String((err as Error).message));
  if (code.startsWith('SQLITE_IOERR'))
    return new FapiaoError([
      appError('STORE_IO', '读写数据文件出错，本张发票没有保存。请检查磁盘后重试', `Disk I/O error (${code}); this invoice was not saved`, file),
    ]);
  return err;
}

/** Runs a storage write; a storage fault becomes a clear FapiaoError. */
export function guardStorage<T>(fn: () => T, file?: string): T {
  try {
    return fn();
  } catch (err) {
    throw storageError(err, file);
  }
}
