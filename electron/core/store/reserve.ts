import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appError, type AppError } from '../../contract/index.ts';
import type { Db } from './db.ts';
import { freeBytes } from './faults.ts';
import { FILE_MODE } from './file-modes.ts';
import { storeFaults } from './integrity.ts';

/**
 * Room kept on the till's disk for when it fills up: a preallocated file beside the database, freed on
 * STORE_FULL so the till can still open its database, record the platform's replies to invoices already
 * sent, and write a backup of a small store. New invoices are refused meanwhile (STORE_FULL in
 * storeFaults); once there is room again the file is made again and the till takes new invoices.
 */
export const RESERVE_FILE = 'fapiao.reserve';
export const RESERVE_BYTES = 4 * 1024 * 1024;
/** Below this much free space the disk counts as full: the reserve is freed before anything fails. */
const LOW_BYTES = 1024 * 1024;
/** Free space needed, beyond the reserve itself, before it is made again (so it is not freed again at once). */
const HEADROOM_BYTES = 16 * 1024 * 1024;

export function reservePath(dbFile: string): string {
  return join(dirname(dbFile), RESERVE_FILE);
}

let pattern: Buffer | undefined;

/**
 * Makes the reserve if it is missing: random bytes (a compressing file system cannot shrink them),
 * written to a temporary name and renamed, so a reserve that exists is whole. False when the disk has
 * no room for it; nothing is left behind then.
 */
export function ensureReserve(dbFile: string, bytes = RESERVE_BYTES): boolean {
  const file = reservePath(dbFile);
  if (existsSync(file)) return true;
  const partial = `${file}.partial`;
  pattern ??= randomFillSync(Buffer.alloc(1024 * 1024));
  let fd: number | undefined;
  try {
    fd = openSync(partial, 'w', FILE_MODE);
    for (let left = bytes; left > 0; left -= pattern.length) writeSync(fd, pattern, 0, Math.min(left, pattern.length));
    closeSync(fd);
    fd = undefined;
    renameSync(partial, file);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    return false;
  }
}

/** Frees the reserve; true when there was one to free. */
export function releaseReserve(dbFile: string): boolean {
  const file = reservePath(dbFile);
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}

/** Before opening a database on a disk with (next to) no space left: frees the reserve, so it opens. */
export function freeReserveIfFull(dbFile: string): void {
  if (freeBytes(dbFile) < LOW_BYTES) releaseReserve(dbFile);
}

/** What the till shows while its disk is full: new invoices wait, nothing stored is at risk. */
function fullFault(dbFile: string): AppError {
  return appError(
    'STORE_FULL',
    `磁盘空间不足，已暂停开具新发票。已保存的发票不受影响，待上传的发票照常上传。请清理磁盘空间（${dirname(dbFile)} 所在磁盘），空间恢复后自动继续`,
    `The disk is full: new invoices are paused. Stored invoices are safe and queued ones are still sent. Free some space on the disk of ${dirname(dbFile)}; issuing resumes by itself`,
    dirname(dbFile),
  );
}

/**
 * A write failed for lack of space (or the disk is down to its last megabyte): the reserve is freed and
 * new invoices are refused with STORE_FULL until checkDiskSpace finds room again. A graver fault
 * already blocking the till (a corrupt or rolled-back store) stays.
 */
export function diskFull(db: Db): void {
  releaseReserve(db.name);
  if (!storeFaults.has(db)) storeFaults.set(db, fullFault(db.name));
}

/**
 * Looks at the disk: down to its last megabyte, it is full (diskFull); full, or without its reserve, and
 * with room again, the reserve is made again and new invoices are taken. True when the till's state changed.
 */
export function checkDiskSpace(db: Db): boolean {
  const free = freeBytes(db.name);
  const full = storeFaults.get(db)?.code === 'STORE_FULL';
  if (!full && free < LOW_BYTES) {
    diskFull(db);
    return true;
  }
  const room = free >= RESERVE_BYTES + HEADROOM_BYTES;
  if (!full) {
    if (room && !existsSync(reservePath(db.name))) ensureReserve(db.name);
    return false;
  }
  if (!room || !ensureReserve(db.name)) return false;
  storeFaults.delete(db);
  return true;
}
