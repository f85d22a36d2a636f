import { describe, expect, test } from 'vitest';
import type { TaxChannel } from '../../electron/core/channel/client.ts';
import { openCore, type Core } from '../../electron/core/core.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { queueEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel, setFaults } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

/** The real channel, with each issue request's invoice count and JSON size noted on the way out. */
function observed(channel: TaxChannel) {
  const requests: Array<{ count: number; bytes: number }> = [];
  const watched: TaxChannel = {
    ...channel,
    issue: (invoices, ...rest) => {
      requests.push({ count: invoices.length, bytes: invoices.reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s)), 0) });
      return (channel.issue as (...a: unknown[]) => ReturnType<TaxChannel['issue']>)(invoices, ...rest);
    },
  };
  return { watched, requests };
}

/** A sale of 100 long-named lines: within every field limit, yet tens of kilobytes on the wire. */
const bulky = (orderNo: string) =>
  sampleDraft(orderNo, {
    remark: '备'.repeat(200),
    lines: Array.from({ length: 100 }, (_, i) => ({ name: `${'长'.repeat(80)}${i}`, taxCode: '1040201100000000000', quantity: '1', unitPrice: '1.00', rate: '0.13', spec: '规'.repeat(40), unit: '件' })),
  });

const auditCount = (core: Core, type: string, subject: string) =>
  core.db.prepare('SELECT COUNT(*) FROM audit WHERE type = ? AND subject = ?').pluck().get(type, subject) as number;

describe('one oversized or poisoned invoice never blocks the queue', () => {
  const cleanups = cleanupsAfterEach();

  test('batches are capped by bytes; an invoice whose request alone is over the cap is set aside with its reason; the manager retries it', { timeout: 60_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const { watched, requests } = observed(channel);
    const open = (batchBytes: number) => openCore({ dataDir: data.path, config: testConfig(), channel: watched, autoSync: false, worker: { ...FAST_WORKER, batchBytes } });
    const core = open(10_000);
    // The bulky sale first: oldest, so it heads every batch the worker builds.
    expect((await core.handlers.issueInvoice({ ...bulky('BIG-1'), confirmed: true })).ok).toBe(true);
    for (let i = 0; i < 30; i++) expect((await core.handlers.issueInvoice(sampleDraft(`N${i}`))).ok).toBe(true);
    core.worker.start();
    const status = await queueEvent(core, (s) => s.pending === 1 && s.setAside === 1);
    expect(status.warnings?.map((w) => w.code)).toContain('QUEUE_ITEMS_SET_ASIDE');

    // Every request within the cap, several of them: 30 invoices of ~1 kB do not go in one 10 kB batch.
    expect(requests.every((r) => r.bytes <= 10_000)).toBe(true);
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.flatMap((r) => r.count).reduce((a, b) => a + b)).toBe(30);
    const atSandbox = await sandboxInvoices(sandbox);
    expect(atSandbox.map((i) => i.orderNo).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `N${i}`).sort());

    // Set aside: not rejected, not deleted, never sent; the manager sees why.
    const [aside] = await core.handlers.listSetAside({ limit: 10 });
    expect(aside).toMatchObject({ invoice: { orderNo: 'BIG-1', status: 'retry' }, reason: expect.stringMatching(/^TOO_LARGE .*10000/) });
    expect(await core.handlers.listRejected({ includeResolved: true, limit: 10 })).toEqual([]);
    expect(auditCount(core, 'invoice.set_aside', 'BIG-1')).toBe(1);
    expect(auditCount(core, 'invoice.submitting', 'BIG-1')).toBe(0);
    await core.close();

    // IT raises offline.batchBytes; the manager retries it: sent once, issued once.
    const wider = open(1_000_000);
    cleanups.push(() => wider.close());
    wider.worker.start();
    const after = await wider.handlers.retrySetAside({ orderNo: 'BIG-1' });
    expect(after.setAside ?? 0).toBe(0);
    await queueEvent(wider, (s) => s.pending === 0);
    expect((await sandboxInvoices(sandbox)).filter((i) => i.orderNo === 'BIG-1')).toHaveLength(1);
    expect(auditCount(wider, 'invoice.issued', 'BIG-1')).toBe(1);
    expect(auditCount(wider, 'invoice.set_aside_retry', 'BIG-1')).toBe(1);
  });

  test('an invoice whose request the channel refuses as a whole, again and again, is set aside; the rest are issued; exactly once after the retry', { timeout: 60_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path, 0, { faults: 'poison=P-' });
    cleanups.push(() => sandbox.stop());
    const core = openCore({ dataDir: data.path, config: testConfig(), channel, autoSync: false, worker: FAST_WORKER });
    cleanups.push(() => core.close());
    expect((await core.handlers.issueInvoice(sampleDraft('P-1'))).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await core.handlers.issueInvoice(sampleDraft(`Q${i}`))).ok).toBe(true);
    core.worker.start();
    await queueEvent(core, (s) => s.setAside === 1 && s.pending === 1);
    expect((await sandboxInvoices(sandbox)).map((i) => i.orderNo).sort()).toEqual(['Q0', 'Q1', 'Q2', 'Q3', 'Q4']);
    const [aside] = await core.handlers.listSetAside({ limit: 10 });
    expect(aside).toMatchObject({ invoice: { orderNo: 'P-1' }, reason: expect.stringMatching(/^1001 /) });
    expect(core.db.prepare('SELECT strikes FROM outbox WHERE order_no = ?').pluck().get('P-1')).toBe(3);
    // Nothing more is sent for it while it is set aside.
    core.worker.kick();
    await core.worker.whenIdle();
    expect(core.queueStatus()).toMatchObject({ pending: 1, setAside: 1 });

    // The gateway is fixed; the manager retries: issued exactly once.
    await setFaults(sandbox, { poisonPrefix: '' });
    await core.handlers.retrySetAside({ orderNo: 'P-1' });
    await queueEvent(core, (s) => s.pending === 0);
    expect((await sandboxInvoices(sandbox)).filter((i) => i.orderNo === 'P-1')).toHaveLength(1);
    expect(auditCount(core, 'invoice.issued', 'P-1')).toBe(1);
    await expect(core.handlers.retrySetAside({ orderNo: 'P-1' })).rejects.toMatchObject({ code: 'NOT_SET_ASIDE' });
  });

  test('a channel that refuses every request as a whole (a wrong key, a setting) sets nothing aside', { timeout: 60_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: FAST_WORKER });
    cleanups.push(() => core.close());
    // It worked: one invoice issued.
    expect((await core.handlers.issueInvoice(sampleDraft('OK-1'))).ok).toBe(true);
    await queueEvent(core, (s) => s.pending === 0);
    // Then it refuses every request carrying any of these: all of them, alone too.
    await setFaults(sandbox, { poisonPrefix: 'Z' });
    for (const o of ['Z1', 'Z2', 'Z3']) expect((await core.handlers.issueInvoice(sampleDraft(o))).ok).toBe(true);
    const attempts = () => core.db.prepare('SELECT MIN(attempts) FROM outbox').pluck().get() as number;
    await queueEvent(core, (s) => attempts() >= 4 || (s.setAside ?? 0) > 0);
    expect(core.queueStatus()).toMatchObject({ pending: 3 });
    expect(core.queueStatus().setAside ?? 0).toBe(0);
    expect(core.db.prepare('SELECT MAX(strikes) FROM outbox').pluck().get()).toBe(0);
  });
});
