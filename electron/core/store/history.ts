import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { latestBackup } from './backup.ts';
import { highWaterPath } from './high-water.ts';

/** A WAL file holds frames only past its 32-byte header; a header alone is what a crash at creation leaves. */
const WAL_HEADER_BYTES = 32;

function bytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * What shows that this data folder has held a till: the newest backup first, then the files a till
 * leaves once it has run (high-water mark, sandbox port, a WAL with frames, a database put aside by a
 * restore). Empty for a new folder.
 *
 * Not history: config.json (the IT provisioning file, may be put in place before the first start,
 * docs/it-guide.md), sandbox-credentials.json (a test key that tools make before a till first opens),
 * secrets/ (the audit key is put there before the store first opens), logs and shell settings (the
 * shell writes them before the store opens).
 */
export function storeHistory(dbFile: string): string[] {
  const dir = dirname(dbFile);
  const found: string[] = [];
  const backup = latestBackup(dbFile);
  if (backup !== undefined) found.push(backup);
  for (const file of [highWaterPath(dbFile), join(dir, 'sandbox.port')]) if (existsSync(file)) found.push(file);
  if (bytes(`${dbFile}-wal`) > WAL_HEADER_BYTES) found.push(`${dbFile}-wal`);
  const replaced = `${basename(dbFile)}.replaced-`;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) if (name.startsWith(replaced) && !name.endsWith('-wal') && !name.endsWith('-shm')) found.push(join(dir, name));
  return found;
}
