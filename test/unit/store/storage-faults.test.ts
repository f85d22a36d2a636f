import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FapiaoError } from '../../../electron/contract/index.ts';
import type { Core } from '../../../electron/core/core.ts';
import { verifyAudit } from '../../../electron/core/store/audit.ts';
import { latestBackup, restoreDatabase } from '../../../electron/core/store/backup.ts';
import { openDatabase } from '../../../electron/core/store/db.ts';
import { storeFaults } from '../../../electron/core/store/integrity.ts';
import { errorOf, openBusyCore, tryExec } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const open = openBusyCore;
const n = (core: Core, sql: string): number => (core.db.prepare(sql).get() as { n: number }).n;


/** Every stored invoice is whole: its lines, its outbox row and its queued event, nothing of any other. */
function consistent(core: Core): void {
  const invoices = n(core, 'SELECT COUNT(*) AS n FROM invoices');
  expect(n(core, 'SELECT COUNT(DISTINCT order_no) AS n FROM invoice_lines')).toBe(invoices);
  expect(n(core, 'SELECT COUNT(*) AS n FROM outbox')).toBe(invoices);
  expect(n(core, "SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.queued'")).toBe(invoices);
  expect(verifyAudit(core.db).ok).toBe(true);
}

const isRoot = process.getuid?.() === 0;

describe('storage faults', () => {
  const cleanups = cleanupsAfterEach();

  test('a corrupt database stops with STORE_CORRUPT and the latest backup; never a new empty one; restore works', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = open(data.path);
    for (let i = 0; i < 50; i++) await core.handlers.issueInvoice(sampleDraft(`C${i}`));
    const backup = await core.handlers.backupNow({ reason: 'dayClose', });
    expect(backup.path).toBe(latestBackup(join(data.path, 'fapiao.db')));
    await core.close();

    const file = join(data.path, 'fapiao.db');
    const size = statSync(file).size;
    // Scribble over pages in the middle of the file (not the header): only an integrity check sees it.
    const fd = openSync(file, 'r+');
    for (let page = 3; page * 4096 < size - 4096; page += 2) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, page * 4096 + 100);
    closeSync(fd);
    const before = readFileSync(file);

    const err = errorOf(() => open(data.path));
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.errors[0]!.path).toBe(backup.path);
    expect(err.errors[0]!.message_zh).toContain(backup.path);
    expect(readFileSync(file).equals(before)).toBe(true);

    // A header that is not SQLite at all: the same clear stop.
    const fd2 = openSync(file, 'r+');
    writeSync(fd2, Buffer.from('this is not a database'), 0, 22, 0);
    closeSync(fd2);
    expect(errorOf(() => openDatabase(file)).code).toBe('STORE_CORRUPT');

    // A database that disappeared while its backups remain: a clear stop, not a new empty one.
    const { renameSync } = await import('node:fs');
    renameSync(file, `${file}.moved`);
    const missing = errorOf(() => open(data.path));
    expect(missing.code).toBe('STORE_MISSING');
    expect(missing.errors[0]!.path).toBe(backup.path);
    renameSync(`${file}.moved`, file);

    const restored = restoreDatabase(file, backup.path, Date.now());
    expect(restored.keptAs).toMatch(/fapiao\.db\.replaced-/);
    const again = open(data.path);
    cleanups.push(() => again.close());
    expect(n(again, 'SELECT COUNT(*) AS n FROM invoices')).toBe(50);
    consistent(again);
  });

  test('a large database is checked in the background: a fault found there blocks issuing', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const file = join(data.path, 'big.db');
    const db0 = openDatabase(file);
    db0.exec('CREATE TABLE filler (x TEXT)');
    const put = db0.prepare('INSERT INTO filler VALUES (?)');
    db0.transaction(() => {
      for (let i = 0; i < 2_000; i++) put.run('z'.repeat(500));
    })();
    db0.close();
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
    closeSync(fd);
    let onFault: (code: string) => void = () => {};
    const found = new Promise<string>((resolve) => (onFault = resolve));
    // Opened at once (the check is deferred: the limit is 0 bytes), then the worker thread reports.
    const db = openDatabase(file, { syncCheckMaxBytes: 0, onFault: (f) => onFault(f.code) });
    cleanups.push(() => void db.close());
    expect(await found).toBe('STORE_CORRUPT');
    expect(storeFaults.get(db)?.code).toBe('STORE_CORRUPT');
  });

  test('a full database (max_page_count): STORE_FULL, no half-written invoice, the store still works', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = open(data.path);
    cleanups.push(() => core.close());
    await core.handlers.issueInvoice(sampleDraft('F0'));
    const pages = core.db.pragma('page_count', { simple: true }) as number;
    core.db.pragma(`max_page_count = ${pages + 3}`);
    let code: string | undefined;
    for (let i = 1; i < 500 && code === undefined; i++) {
      try {
        await core.handlers.issueInvoice(sampleDraft(`F${i}`, { remark: 'x'.repeat(200) }));
      } catch (err) {
        code = (err as FapiaoError).code;
      }
    }
    expect(code).toBe('STORE_FULL');
    consistent(core);
    core.db.pragma('max_page_count = 1073741823');
    expect((await core.handlers.issueInvoice(sampleDraft('F-after'))).ok).toBe(true);
    consistent(core);
  });

  test.runIf(isRoot)('a full disk (2 MiB tmpfs): STORE_FULL, no half-written invoice', async () => {
    const mnt = tempDir('fapiao-tmpfs-');
    cleanups.push(() => mnt.remove());
    if (!tryExec('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt.path])) return;
    cleanups.push(() => void tryExec('umount', ['-l', mnt.path]));
    const core = open(mnt.path);
    cleanups.push(() => core.close().catch(() => {}));
    let code: string | undefined;
    let issued = 0;
    for (let i = 0; i < 5_000 && code === undefined; i++) {
      try {
        if ((await core.handlers.issueInvoice(sampleDraft(`D${i}`, { remark: 'y'.repeat(200) }))).ok) issued++;
      } catch (err) {
        code = (err as FapiaoError).code;
      }
    }
    expect(['STORE_FULL', 'STORE_IO']).toContain(code);
    expect(issued).toBeGreaterThan(5);
    expect(n(core, 'SELECT COUNT(*) AS n FROM invoices')).toBe(issued);
    consistent(core);
  });

  test('a read-only database file: a clear STORE_READONLY at start, and mid-run no invoice is half-written', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = open(data.path);
    await core.handlers.issueInvoice(sampleDraft('R0'));
    // While running: the connection can no longer write (what a file turned read-only looks like).
    core.db.pragma('query_only = ON');
    const err = await core.handlers.issueInvoice(sampleDraft('R1')).then(
      () => undefined,
      (e: unknown) => e as FapiaoError,
    );
    expect(err?.code).toBe('STORE_READONLY');
    core.db.pragma('query_only = OFF');
    consistent(core);
    expect(n(core, 'SELECT COUNT(*) AS n FROM invoices')).toBe(1);
    await core.close();

    // At start: a read-only mount as root (root ignores file modes), else a read-only file mode.
    const roDir = tempDir('fapiao-ro-');
    cleanups.push(() => roDir.remove());
    let dir = data.path;
    if (isRoot) {
      mkdirSync(roDir.path, { recursive: true });
      if (!tryExec('mount', ['--bind', data.path, roDir.path])) return;
      cleanups.push(() => void tryExec('umount', ['-l', roDir.path]));
      if (!tryExec('mount', ['-o', 'remount,bind,ro', roDir.path])) return;
      dir = roDir.path;
    } else {
      execFileSync('chmod', ['a-w', data.path, join(data.path, 'fapiao.db')]);
      cleanups.push(() => void execFileSync('chmod', ['u+w', data.path, join(data.path, 'fapiao.db')]));
    }
    const atStart = errorOf(() => open(dir));
    expect(atStart.code).toBe('STORE_READONLY');
    expect(atStart.errors[0]!.message_zh).toContain('只读');
  });
});
