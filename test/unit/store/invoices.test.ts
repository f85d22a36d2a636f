import { afterEach, describe, expect, test } from 'vitest';
import { computeInvoice } from '../../../electron/core/invoice/compute.ts';
import { verifyAudit } from '../../../electron/core/store/audit.ts';
import { openDatabase, type Db } from '../../../electron/core/store/db.ts';
import { getInvoice, storeNewInvoice } from '../../../electron/core/store/invoices.ts';
import { markIssued } from '../../../electron/core/outbox/queue.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';

function store(db: Db, orderNo: string) {
  const draft = sampleDraft(orderNo);
  const r = computeInvoice(draft);
  if (!r.ok) throw new Error('sample draft must be valid');
  return storeNewInvoice(db, { draft, computed: r.invoice, kind: 'blue', now: Date.now(), actor: 'test', mode: 'sandbox' });
}

describe('invoice store (real SQLite file)', () => {
  const data = tempDir();
  let db: Db;
  afterEach(() => db?.close());

  test('opens in WAL with synchronous=FULL', () => {
    db = openDatabase(`${data.path}/a.db`);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  test('the same order number stores one invoice, one outbox row, one audit event', () => {
    db = openDatabase(`${data.path}/b.db`);
    expect(store(db, 'X1').duplicate).toBe(false);
    expect(store(db, 'X1').duplicate).toBe(true);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM invoices')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM outbox')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM invoice_lines')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM audit')).toBe(1);
  });

  test('an issued invoice can be neither edited nor deleted', () => {
    db = openDatabase(`${data.path}/c.db`);
    store(db, 'X2');
    markIssued(db, 'X2', { number: '26311000000000000001', issuedAt: Date.now(), qr: 'q' }, Date.now());
    expect(() => db.prepare("UPDATE invoices SET buyer_name = 'x' WHERE order_no = 'X2'").run()).toThrow(/never edited/);
    expect(() => db.prepare("UPDATE invoices SET status = 'cancelled' WHERE order_no = 'X2'").run()).toThrow(/never edited/);
    expect(() => db.prepare("DELETE FROM invoices WHERE order_no = 'X2'").run()).toThrow(/never deleted/);
    expect(getInvoice(db, 'X2')?.view.number).toBe('26311000000000000001');
  });

  test('the audit chain verifies, and an edit made behind the triggers is found', () => {
    db = openDatabase(`${data.path}/d.db`);
    for (const n of ['A', 'B', 'C']) store(db, n);
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 3 });
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET data_json = '{\"total\":\"0.01\"}' WHERE seq = 2").run();
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
