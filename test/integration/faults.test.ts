import { describe, expect, test } from 'vitest';
import { openCore, type Core } from '../../electron/core/core.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { queueEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel, setFaults } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const N = 1_000;

describe('sync through a faulty channel (sandbox process with injected faults)', () => {
  const cleanups = cleanupsAfterEach();

  test(`${N} invoices, 30% faults of every kind: all issued exactly once, none lost, queue empty`, { timeout: 240_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    // 6% each: system busy, HTTP 500, dropped connection, timeout after commit (held past the client's
    // timeout), and a "duplicate" reply after commit; plus latency and, mid-run, a maintenance window.
    const faults = 'seed=20261122,latency=0-4,busy=0.06,5xx=0.06,drop=0.06,after=0.06,dup=0.06,hang=400';
    const { sandbox, channel } = await sandboxWithChannel(data.path, 0, { faults, timeoutMs: 250 });
    cleanups.push(() => sandbox.stop());
    const core: Core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: FAST_WORKER });
    cleanups.push(() => core.close());

    const orders: string[] = [];
    for (let i = 0; i < N; i++) {
      const orderNo = `F-${String(i).padStart(5, '0')}`;
      orders.push(orderNo);
      const r = await core.handlers.issueInvoice(sampleDraft(orderNo));
      expect(r.ok).toBe(true);
      if (i === N / 2) await setFaults(sandbox, { maintenanceUntil: Date.now() + 300 });
    }
    await queueEvent(core, (s) => s.pending === 0, 200_000);

    const atSandbox = await sandboxInvoices(sandbox);
    expect(atSandbox).toHaveLength(N);
    expect(new Set(atSandbox.map((i) => i.orderNo))).toEqual(new Set(orders));
    const local = core.db.prepare("SELECT order_no, number FROM invoices WHERE status = 'issued'").all() as Array<{ order_no: string; number: string }>;
    expect(local).toHaveLength(N);
    const byOrder = new Map(atSandbox.map((i) => [i.orderNo, i.number]));
    for (const row of local) expect(row.number).toBe(byOrder.get(row.order_no));
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
    expect(core.queueStatus()).toMatchObject({ pending: 0, rejected: 0 });
    // The faults really happened: some items needed more than one attempt, some were queried.
    const retried = core.db.prepare("SELECT COUNT(DISTINCT subject) AS n FROM audit WHERE type = 'invoice.retry'").get() as { n: number };
    expect(retried.n).toBeGreaterThan(50);
    expect(verifyAudit(core.db).ok).toBe(true);
  });
});
