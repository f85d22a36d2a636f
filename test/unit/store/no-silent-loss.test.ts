import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../../electron/main/logger.ts';
import { openDatabase } from '../../../electron/core/store/db.ts';
import { highWaterPath } from '../../../electron/core/store/high-water.ts';
import { RESERVE_BYTES, reservePath } from '../../../electron/core/store/reserve.ts';
import type { CheckpointResult } from '../../../electron/core/store/checkpointer.ts';
import { errorOf, openBusyCore } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const open = openBusyCore;


/** Invoices in a copy of fapiao.db alone (no -wal, no -shm), as a careless copy or a lost WAL leaves it. */
function invoicesInFileAlone(dataDir: string): number {
  const copy = tempDir('fapiao-copy-');
  try {
    copyFileSync(join(dataDir, 'fapiao.db'), join(copy.path, 'fapiao.db'));
    const db = new Database(join(copy.path, 'fapiao.db'), { readonly: true });
    try {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'invoices'").get() !== undefined;
      return hasTable ? (db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  } finally {
    copy.remove();
  }
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('no silent loss: the store', () => {
  const cleanups = cleanupsAfterEach();
  const folder = (): string => {
    const d = tempDir();
    cleanups.push(() => d.remove());
    return d.path;
  };

  test('a zero-byte fapiao.db in a folder with a backup is STORE_CORRUPT naming the backup; the file is left as it is', async () => {
    const dir = folder();
    const core = open(dir);
    await core.handlers.issueInvoice(sampleDraft('Z1'));
    const backup = await core.handlers.backupNow({ reason: 'manual' });
    await core.close();
    const file = join(dir, 'fapiao.db');
    writeFileSync(file, '');

    const err = errorOf(() => open(dir));
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.errors[0]!.path).toBe(backup.path);
    expect(err.errors[0]!.message_zh).toContain(backup.path);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  test('a zero-byte or missing fapiao.db beside the high-water file, the sandbox port or a WAL: stopped, never a new empty till', () => {
    const file = (dir: string): string => join(dir, 'fapiao.db');
    for (const [evidence, make] of [
      ['high-water file', (d: string) => writeFileSync(highWaterPath(file(d)), '{}')],
      ['sandbox.port', (d: string) => writeFileSync(join(d, 'sandbox.port'), '41234')],
      ['a WAL with frames', (d: string) => writeFileSync(`${file(d)}-wal`, Buffer.alloc(4096 + 56, 1))],
    ] as const) {
      const missing = folder();
      make(missing);
      const m = errorOf(() => openDatabase(file(missing)));
      expect(m.code, evidence).toBe('STORE_MISSING');
      expect(m.errors[0]!.message_en).toContain('No backup found');
      expect(existsSync(file(missing)), evidence).toBe(false);

      const empty = folder();
      make(empty);
      writeFileSync(file(empty), '');
      expect(errorOf(() => openDatabase(file(empty))).code, evidence).toBe('STORE_CORRUPT');
      expect(statSync(file(empty)).size, evidence).toBe(0);
    }
  });

  test('a new folder, or one IT prepared with only config.json, starts a new till', async () => {
    const fresh = folder();
    writeFileSync(join(fresh, 'fapiao.db'), ''); // an empty file with no history: nothing was lost
    const a = open(fresh);
    expect((await a.handlers.issueInvoice(sampleDraft('N1'))).ok).toBe(true);
    await a.close();

    const provisioned = folder();
    writeFileSync(join(provisioned, 'config.json'), JSON.stringify({ seller: { name: '本店' } }));
    const b = open(provisioned);
    expect((await b.handlers.issueInvoice(sampleDraft('N2'))).ok).toBe(true);
    await b.close();
  });

  test('issued invoices reach fapiao.db itself once issuing pauses: a copy without the -wal has them', async () => {
    const dir = folder();
    const core = open(dir);
    cleanups.push(() => core.close());
    const checkpoints: CheckpointResult[] = [];
    core.checkpoints.onCheckpoint((r) => checkpoints.push(r));
    for (let i = 0; i < 5; i++) expect((await core.handlers.issueInvoice(sampleDraft(`W${i}`))).ok).toBe(true);
    // The till is still running and its WAL is still there: only the idle checkpoint has put them in the file.
    await core.checkpoints.whenSaved();
    expect(existsSync(join(dir, 'fapiao.db-wal'))).toBe(true);
    expect(invoicesInFileAlone(dir)).toBe(5);
    expect(checkpoints.some((c) => c.reason === 'idle' && c.complete)).toBe(true);
    // The safety net is smaller than the 10,000 pages (≈40 MB of sales) it was.
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBeLessThanOrEqual(2000);
  });

  test('a backup brings fapiao.db itself up to date at once', async () => {
    const dir = folder();
    const core = open(dir);
    cleanups.push(() => core.close());
    await core.checkpoints.whenSaved();
    for (let i = 0; i < 3; i++) await core.handlers.issueInvoice(sampleDraft(`B${i}`));
    await core.handlers.backupNow({ reason: 'manual' });
    expect(invoicesInFileAlone(dir)).toBe(3);
  });

  test('closing the till empties the WAL into fapiao.db even while another process holds the database open', async () => {
    const dir = folder();
    const core = open(dir);
    await core.checkpoints.whenSaved();
    // Another process of the till (the CLI, a second window) keeps a connection: SQLite alone would leave the WAL.
    const other = new Database(join(dir, 'fapiao.db'));
    cleanups.push(() => void other.close());
    other.prepare('SELECT COUNT(*) FROM invoices').get();
    for (let i = 0; i < 4; i++) await core.handlers.issueInvoice(sampleDraft(`S${i}`));
    await core.close();
    expect(statSync(join(dir, 'fapiao.db-wal')).size).toBe(0);
    expect(invoicesInFileAlone(dir)).toBe(4);
  });

  test.skipIf(process.platform === 'win32')('data folder 0700; database, WAL, SHM, backups, reserve and logs 0600, also when they were wider', async () => {
    const dir = folder();
    chmodSync(dir, 0o755);
    // A database left by an older version with the default modes.
    const first = new Database(join(dir, 'fapiao.db'));
    first.close();
    chmodSync(join(dir, 'fapiao.db'), 0o644);

    const core = open(dir);
    cleanups.push(() => core.close());
    await core.handlers.issueInvoice(sampleDraft('M1'));
    const backup = await core.handlers.backupNow({ reason: 'manual' });
    expect(mode(dir)).toBe(0o700);
    for (const f of ['fapiao.db', 'fapiao.db-wal', 'fapiao.db-shm']) expect(mode(join(dir, f)), f).toBe(0o600);
    expect(mode(join(dir, 'backups'))).toBe(0o700);
    expect(mode(backup.path)).toBe(0o600);
    expect(statSync(reservePath(join(dir, 'fapiao.db'))).size).toBe(RESERVE_BYTES);
    expect(mode(reservePath(join(dir, 'fapiao.db')))).toBe(0o600);

    const logs = join(dir, 'logs');
    mkdirSync(logs, { mode: 0o755 });
    writeFileSync(join(logs, 'main.1.log'), 'old\n', { mode: 0o644 });
    chmodSync(logs, 0o755);
    chmodSync(join(logs, 'main.1.log'), 0o644);
    const log = createLogger({ dir: logs });
    log.info('till started');
    expect(mode(logs)).toBe(0o700);
    for (const f of readdirSync(logs)) expect(mode(join(logs, f)), f).toBe(0o600);

    // A brand-new folder is made 0700 from the start.
    const fresh = join(folder(), 'till');
    const second = open(fresh);
    cleanups.push(() => second.close());
    expect(mode(fresh)).toBe(0o700);
    expect(mode(join(fresh, 'fapiao.db'))).toBe(0o600);
  });
});
