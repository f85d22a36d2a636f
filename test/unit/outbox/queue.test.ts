import { afterEach, describe, expect, test } from 'vitest';
import { FapiaoError } from '../../../electron/contract/index.ts';
import { cancelQueued } from '../../../electron/core/outbox/actions.ts';
import { claimForSending, dueItems, makeAllDue, markIssued, markRejected, markRetry } from '../../../electron/core/outbox/queue.ts';
import { verifyAudit } from '../../../electron/core/store/audit.ts';
import { openDatabase, type Db } from '../../../electron/core/store/db.ts';
import { getInvoice } from '../../../electron/core/store/invoices.ts';
import { tempDir } from '../../support/tmp.ts';
import { count, queueOne } from './helpers.ts';

const ISSUED = { number: '26311000000000000001', issuedAt: 1, qr: 'q' };

describe('outbox transitions (real SQLite file)', () => {
  const data = tempDir();
  let db: Db;
  afterEach(() => db?.close());

  test('queued → submitting → issued, each step audited; a second claim of the same item gets nothing', () => {
    db = openDatabase(`${data.path}/a.db`);
    queueOne(db, 'A', 1000);
    expect(dueItems(db, 1000, 10).map((i) => i.orderNo)).toEqual(['A']);
    expect(claimForSending(db, ['A'], 1000, 60_000)).toEqual(['A']);
    // Another process of the same till tries the same item: the lease holds.
    expect(claimForSending(db, ['A'], 1001, 60_000)).toEqual([]);
    expect(getInvoice(db, 'A')?.view.status).toBe('submitting');
    expect(markIssued(db, 'A', ISSUED, 1002)).toBe(true);
    expect(getInvoice(db, 'A')?.view).toMatchObject({ status: 'issued', number: ISSUED.number });
    expect(count(db, 'SELECT COUNT(*) AS n FROM outbox')).toBe(0);
    const types = (db.prepare('SELECT type FROM audit ORDER BY seq').all() as Array<{ type: string }>).map((r) => r.type);
    expect(types).toEqual(['invoice.queued', 'invoice.submitting', 'invoice.issued']);
  });

  test('the channel coming back makes waiting items due, but never an item another pass holds', () => {
    db = openDatabase(`${data.path}/lease.db`);
    queueOne(db, 'HELD', 1000);
    queueOne(db, 'WAITING', 1000);
    claimForSending(db, ['HELD', 'WAITING'], 1000, 60_000);
    markRetry(db, 'WAITING', 'timeout', 31_000, true, 1001);
    makeAllDue(db, 2000);
    // WAITING goes out at once; HELD stays with the pass that claimed it until its lease ends.
    expect(dueItems(db, 2000, 10).map((i) => i.orderNo)).toEqual(['WAITING']);
    expect(dueItems(db, 61_000, 10).map((i) => i.orderNo).sort()).toEqual(['HELD', 'WAITING']);
  });

  test('late answers never move a settled invoice: issued twice, retry after issued, rejected after issued', () => {
    db = openDatabase(`${data.path}/b.db`);
    queueOne(db, 'B', 1000);
    claimForSending(db, ['B'], 1000, 60_000);
    markIssued(db, 'B', ISSUED, 1001);
    expect(markIssued(db, 'B', { ...ISSUED, number: '26311000000000000002' }, 1002)).toBe(false);
    expect(markRetry(db, 'B', 'late timeout', 5000, true, 1003)).toBe(false);
    expect(markRejected(db, 'B', '1001', 'late', 1004)).toBe(false);
    expect(getInvoice(db, 'B')?.view).toMatchObject({ status: 'issued', number: ISSUED.number });
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 3 });
  });

  test('a lease that runs out (a process died holding it) makes the item due again, outcome unknown', () => {
    db = openDatabase(`${data.path}/c.db`);
    queueOne(db, 'C', 1000);
    claimForSending(db, ['C'], 1000, 500);
    expect(dueItems(db, 1499, 10)).toHaveLength(0);
    const [item] = dueItems(db, 1500, 10);
    expect(item).toMatchObject({ orderNo: 'C', outcomeUnknown: true, attempts: 1 });
  });

  test('retry keeps the item with its own time; oldest first, others not blocked', () => {
    db = openDatabase(`${data.path}/d.db`);
    queueOne(db, 'D1', 1000);
    queueOne(db, 'D2', 1001);
    claimForSending(db, ['D1'], 1002, 60_000);
    markRetry(db, 'D1', '2001 busy', 10_000, false, 1003);
    expect(dueItems(db, 2000, 10).map((i) => i.orderNo)).toEqual(['D2']);
    expect(dueItems(db, 10_000, 10).map((i) => i.orderNo)).toEqual(['D1', 'D2']);
  });

  test('cancel: only a queued invoice never handed to the channel; audited; refused once claimed', () => {
    db = openDatabase(`${data.path}/e.db`);
    queueOne(db, 'E1', 1000);
    queueOne(db, 'E2', 1000);
    expect(cancelQueued(db, 'E1', 'mgr', '顾客取消', 2000).status).toBe('cancelled');
    expect(count(db, "SELECT COUNT(*) AS n FROM outbox WHERE order_no = 'E1'")).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.cancelled' AND actor = 'mgr'")).toBe(1);
    claimForSending(db, ['E2'], 2000, 60_000);
    markRetry(db, 'E2', 'timeout', 3000, true, 2001);
    const err = (() => {
      try {
        cancelQueued(db, 'E2', 'mgr', undefined, 2002);
      } catch (e) {
        return e as FapiaoError;
      }
    })();
    expect(err?.code).toBe('SUBMITTED_CANNOT_CANCEL');
    expect(() => cancelQueued(db, 'E1', 'mgr', undefined, 2003)).toThrow(/already cancelled/);
    expect(() => cancelQueued(db, 'nope', 'mgr', undefined, 2003)).toThrow(FapiaoError);
    expect(verifyAudit(db).ok).toBe(true);
  });
});
