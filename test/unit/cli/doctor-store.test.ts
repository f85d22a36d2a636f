import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { highWaterPath } from '../../../electron/core/store/high-water.ts';
import { migrations } from '../../../electron/core/store/migrations/index.ts';
import { openBusyCore } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const CLI = 'electron/cli/fapiao.ts';

interface Report {
  ok: boolean;
  reasons: string[];
  store: {
    integrity: 'ok' | string[] | null;
    schemaVersion: number | null;
    appSchemaVersion: number;
    auditHead: { seq: number; hash: string } | null;
    highWater: { seq: number; auditSeq: number; head: string } | null;
    backups: { count: number; latest: string | null; ageHours: number | null };
    problems: Array<{ code: string; path?: string }>;
  };
}

function doctor(dataDir: string): { code: number | null; report: Report; raw: string } {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, 'doctor'], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, report: JSON.parse(r.stdout) as Report, raw: r.stdout + r.stderr };
}

/** The database file's bytes and modification time: what doctor must never change. */
function fingerprint(file: string): { sha: string; mtimeMs: number; size: number } {
  const s = statSync(file);
  return { sha: createHash('sha256').update(readFileSync(file)).digest('hex'), mtimeMs: s.mtimeMs, size: s.size };
}

describe('fapiao doctor: the store, read-only', () => {
  const cleanups = cleanupsAfterEach();

  /** A till that issued three invoices and took a backup, closed. */
  async function till(): Promise<{ dir: string; file: string; backup: string }> {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = openBusyCore(data.path);
    for (let i = 0; i < 3; i++) await core.handlers.issueInvoice(sampleDraft(`DR${i}`));
    const backup = await core.handlers.backupNow({ reason: 'manual' });
    await core.close();
    return { dir: data.path, file: join(data.path, 'fapiao.db'), backup: backup.path };
  }

  /** Runs doctor and checks the database came out byte for byte and mtime the same. */
  function untouched(dir: string, file: string): Report {
    const before = fingerprint(file);
    const { code, report } = doctor(dir);
    expect(fingerprint(file)).toEqual(before);
    expect(code).toBe(report.ok ? 0 : 1);
    return report;
  }

  test('a sound store: integrity, schema version against the app, audit head, high-water mark, backup age; ok; the file untouched', async () => {
    const { dir, file, backup } = await till();
    const report = untouched(dir, file);
    expect(report.ok, JSON.stringify(report.reasons)).toBe(true);
    expect(report.store.integrity).toBe('ok');
    expect(report.store.schemaVersion).toBe(migrations.length);
    expect(report.store.appSchemaVersion).toBe(migrations.length);
    expect(report.store.auditHead?.seq).toBeGreaterThan(3);
    expect(report.store.auditHead?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.store.highWater?.seq).toBe(3);
    expect(report.store.backups).toMatchObject({ count: 1, latest: backup });
    expect(report.store.backups.ageHours).toBeLessThan(1);
    expect(report.store.problems).toEqual([]);
  });

  test('each problem is reported with its code, ok:false, and the database is never changed', async () => {
    // No backup yet, then one two days old.
    const a = await till();
    renameSync(a.backup, `${a.backup}.away`);
    expect(untouched(a.dir, a.file).reasons).toContain('BACKUP_MISSING');
    renameSync(`${a.backup}.away`, a.backup);
    const old = (Date.now() - 3 * 86_400_000) / 1000;
    utimesSync(a.backup, old, old);
    const stale = untouched(a.dir, a.file);
    expect(stale.ok).toBe(false);
    expect(stale.reasons).toContain('BACKUP_STALE');

    // Behind its own high-water mark (a lost WAL, an old copy).
    const b = await till();
    const hw = JSON.parse(readFileSync(highWaterPath(b.file), 'utf8')) as { seq: number };
    writeFileSync(highWaterPath(b.file), JSON.stringify({ ...hw, seq: hw.seq + 5 }));
    expect(untouched(b.dir, b.file).reasons).toContain('STORE_ROLLED_BACK');

    // Written by a newer app.
    const c = await till();
    const db = new Database(c.file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    const newer = untouched(c.dir, c.file);
    expect(newer.reasons).toContain('STORE_TOO_NEW');
    expect(newer.store.schemaVersion).toBe(migrations.length + 1);

    // Damaged pages: only an integrity check sees them.
    const d = await till();
    const size = statSync(d.file).size;
    const fd = openSync(d.file, 'r+');
    for (let page = 3; page * 4096 < size - 4096; page += 2) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, page * 4096 + 100);
    closeSync(fd);
    const corrupt = untouched(d.dir, d.file);
    expect(corrupt.reasons).toContain('STORE_CORRUPT');
    expect(corrupt.store.integrity).not.toBe('ok');

    // Emptied to zero bytes, and gone: never "a new till".
    const e = await till();
    writeFileSync(e.file, '');
    const empty = untouched(e.dir, e.file);
    expect(empty.store.problems.find((p) => p.code === 'STORE_CORRUPT')?.path).toBe(e.backup);
    renameSync(e.file, `${e.file}.away`);
    const missing = doctor(e.dir);
    expect(missing.code).toBe(1);
    expect(missing.report.store.problems.find((p) => p.code === 'STORE_MISSING')?.path).toBe(e.backup);
  });
});
