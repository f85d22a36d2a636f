import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FapiaoError, appError, type AppError } from '../../contract/index.ts';
import { auditHead } from './audit.ts';
import { latestBackup } from './backup.ts';
import { sql, type Db } from './db.ts';

/**
 * The till's high-water mark, kept OUTSIDE the database in `fapiao.highwater` beside it: the last per-till
 * invoice sequence number and the audit chain's length and head. A database found behind it at start
 * (a lost WAL, an old copy put in place, a file edited offline) is STORE_ROLLED_BACK. The same mark goes
 * with every channel batch (protocol `till`), so the far side holds it too. Nothing in it is secret.
 */
export interface HighWater {
  /** Last per-till invoice sequence number (till_sequence.last). */
  seq: number;
  /** Audit chain length and head hash. */
  auditSeq: number;
  head: string;
  at: number;
  /** Fingerprint of the audit key that signs the chain (not the key). */
  keyId?: string;
}

export const HIGH_WATER_FILE = 'fapiao.highwater';

export function highWaterPath(dbFile: string): string {
  return join(dirname(dbFile), HIGH_WATER_FILE);
}

/** The mark in the file; undefined when there is none. A garbled file throws HIGH_WATER_UNREADABLE. */
export function readHighWater(dbFile: string): HighWater | undefined {
  const file = highWaterPath(dbFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, (err as Error).message);
  }
  try {
    const v = JSON.parse(text) as Partial<HighWater>;
    if (!Number.isSafeInteger(v.seq) || !Number.isSafeInteger(v.auditSeq) || typeof v.head !== 'string' || !/^[0-9a-f]{64}$/.test(v.head))
      throw new Error('fields missing or malformed');
    const hw: HighWater = { seq: v.seq!, auditSeq: v.auditSeq!, head: v.head, at: Number(v.at ?? 0) };
    if (typeof v.keyId === 'string') hw.keyId = v.keyId;
    return hw;
  } catch (err) {
    throw unreadable(file, (err as Error).message);
  }
}

function unreadable(file: string, why: string): FapiaoError {
  return new FapiaoError([
    appError('HIGH_WATER_UNREADABLE', `高水位文件无法读取（${file}）：${why}`, `The high-water file cannot be read (${file}): ${why}`, file),
  ]);
}

/** The database's own mark now (committed state). */
export function currentMark(db: Db, at: number, keyId?: string): HighWater {
  const seq = (sql(db, 'SELECT last FROM till_sequence WHERE id = 1').get() as { last: number } | undefined)?.last ?? 0;
  const head = auditHead(db);
  const mark: HighWater = { seq, auditSeq: head.seq, head: head.hash, at };
  if (keyId !== undefined) mark.keyId = keyId;
  return mark;
}

/**
 * Why this database is behind the file (or not the database that wrote it), or undefined when it is at
 * or past it. The file may lag the database (it is written after each commit, coalesced), never lead it.
 */
export function behindHighWater(db: Db, hw: HighWater): string | undefined {
  const mine = currentMark(db, 0);
  if (mine.seq < hw.seq) return `invoice sequence ${mine.seq} < ${hw.seq}`;
  if (mine.auditSeq < hw.auditSeq) return `audit chain has ${mine.auditSeq} entries < ${hw.auditSeq}`;
  if (hw.auditSeq > 0) {
    const at = sql(db, 'SELECT hash FROM audit WHERE seq = ?').get(hw.auditSeq) as { hash: string } | undefined;
    if (at?.hash !== hw.head) return `audit entry ${hw.auditSeq} is not the one the high-water file recorded (another history)`;
  }
  return undefined;
}

export function storeRolledBack(dbFile: string, hw: HighWater | undefined, why: string): AppError {
  const backup = latestBackup(dbFile);
  const where = backup ? `最新备份：${backup}` : '没有找到备份';
  const mark = hw ? `（高水位：发票序号 ${hw.seq}，审计 ${hw.auditSeq} 条）` : '';
  return appError(
    'STORE_ROLLED_BACK',
    `本机数据库比它自己记录的高水位旧${mark}：可能丢失了 WAL、被换成旧副本或被改动。为免重号和漏记，已停止开票。请 IT 处理：恢复备份（fapiao restore）或确认接受（fapiao store accept-rollback --reason …）。${where}`,
    `The database is behind its own high-water mark (${why}): a lost WAL, an older copy or an edited file. Issuing stopped. IT: restore a backup (fapiao restore) or accept it (fapiao store accept-rollback --reason …). ${backup ? `Latest backup: ${backup}` : 'No backup found'}`,
    backup ?? highWaterPath(dbFile),
  );
}

const text = (hw: HighWater): string => `${JSON.stringify(hw)}\n`;
let temps = 0;
/** Unique per write: two writers (two connections of this process, or two processes) never share one. */
const tempOf = (file: string): string => `${file}.${process.pid}-${++temps}.tmp`;

/** Durable replace: temp file (0600) + fsync + rename + fsync of the folder. For start, close and IT commands. */
export function writeHighWaterSync(dbFile: string, hw: HighWater): void {
  const file = highWaterPath(dbFile);
  const tmp = tempOf(file);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text(hw));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  syncDirSync(dirname(file));
}

function syncDirSync(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there; rename is durable on NTFS
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The same, off the event loop (libuv's threads): what the writer behind each commit uses. */
export async function writeHighWater(dbFile: string, hw: HighWater): Promise<void> {
  const file = highWaterPath(dbFile);
  const tmp = tempOf(file);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text(hw));
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, file);
  if (process.platform !== 'win32') {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
