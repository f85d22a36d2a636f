import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { openOfflineCore } from '../support/core.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { openDatabase } from '../../electron/core/store/db.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';

describe('day close (日结)', () => {
  const data = tempDir();
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    data.remove();
  });

  test('the Z report is recorded in the audit chain and takes the day-close backup, which holds the day', async () => {
    core = openOfflineCore(data.path);
    for (const n of ['Z1', 'Z2']) expect((await core.handlers.issueInvoice(sampleDraft(n))).ok).toBe(true);
    const from = Date.now() - 3_600_000;
    const r = await core.handlers.recordZReport({ from, to: Date.now() + 3_600_000, utcOffsetMinutes: 480 });
    expect(r.report.count).toBe(2);
    expect(r.backupError).toBeUndefined();
    expect(r.backup && existsSync(r.backup.path)).toBe(true);

    const copy = openDatabase(r.backup!.path);
    try {
      const orders = copy.prepare('SELECT order_no FROM invoices ORDER BY order_no').pluck().all();
      expect(orders).toEqual(['Z1', 'Z2']);
      expect(verifyAudit(copy).ok).toBe(true);
    } finally {
      copy.close();
    }
    const types = core.db.prepare('SELECT type FROM audit ORDER BY seq').pluck().all();
    expect(types).toEqual(expect.arrayContaining(['report.z', 'store.backup']));
  });
});
