import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { sm3Hex } from '../../../electron/core/channel/sm4.ts';
import { appendAudit, verifyAudit } from '../../../electron/core/store/audit.ts';
import { exportAuditArchive, verifyAuditArchive, yearRange } from '../../../electron/core/store/audit-archive.ts';
import { openDatabase, type Db } from '../../../electron/core/store/db.ts';
import { tempDir } from '../../support/tmp.ts';

describe('audit chain and archives of past years', () => {
  const data = tempDir();
  let db: Db;
  afterEach(() => db?.close());

  function fill(): void {
    const y2024 = yearRange(2024, 2024).from;
    const y2025 = yearRange(2025, 2025).from;
    const y2026 = yearRange(2026, 2026).from;
    db.transaction(() => {
      for (let i = 0; i < 5; i++) appendAudit(db, y2024 + i * 1000, 'a', 'invoice.queued', `O24-${i}`, { i });
      for (let i = 0; i < 5; i++) appendAudit(db, y2025 + i * 1000, 'a', 'invoice.queued', `O25-${i}`, { i });
      for (let i = 0; i < 3; i++) appendAudit(db, y2026 + i * 1000, 'a', 'invoice.queued', `O26-${i}`, { i });
    })();
  }

  test('deletion and reordering are found, and the first bad entry is named', () => {
    db = openDatabase(`${data.path}/a.db`);
    fill();
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 13 });
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit WHERE seq = 7').run();
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'missing entry 7' });
  });

  test('old years export to an archive that verifies on its own and against the database; nothing is deleted', () => {
    db = openDatabase(`${data.path}/b.db`);
    fill();
    const file = `${data.path}/audit-2024-2025.jsonl`;
    const out = exportAuditArchive(db, 2024, 2025, file, Date.now());
    expect(out.entries).toBe(10);
    expect(verifyAuditArchive(file)).toMatchObject({ ok: true, entries: 10, firstSeq: 1, lastSeq: 10 });
    expect(verifyAuditArchive(file, db).ok).toBe(true);
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 13 });

    // An edit inside the archive breaks its digest; a forger who also recomputes the digest is caught by the chain.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[3] = lines[3]!.replace('\\"i\\":2', '\\"i\\":9');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(verifyAuditArchive(file)).toMatchObject({ ok: false, reason: expect.stringContaining('digest') });
    const body = lines.slice(0, -1);
    body.push(JSON.stringify({ t: 'trailer', digest: sm3Hex(body.map((l) => `${l}\n`).join('')) }));
    writeFileSync(file, `${body.join('\n')}\n`);
    expect(verifyAuditArchive(file)).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'entry was altered' });
  });
});
