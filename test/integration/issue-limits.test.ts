import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { IssueResult } from '../../electron/contract/index.ts';
import { unconfiguredChannel } from '../../electron/core/channel/switchable.ts';
import { openCore, type Core } from '../../electron/core/core.ts';
import { getInvoice } from '../../electron/core/store/invoices.ts';
import { openOfflineCore, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const tshirts = (orderNo: string, quantity: string, unitPrice = '99.00') =>
  sampleDraft(orderNo, { lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity, unitPrice, rate: '0.13' }] });
const codes = (r: { ok: true } | { ok: false; errors: Array<{ code: string }> }) => (r.ok ? [] : r.errors.map((e) => e.code));

describe('the same order number: a repeat is idempotent, other content is ORDER_NO_CONFLICT', () => {
  const cleanups = cleanupsAfterEach();
  const offline = (): Core => {
    const data = tempDir();
    const core = openOfflineCore(data.path);
    cleanups.push(() => data.remove());
    cleanups.push(() => core.close());
    return core;
  };

  test('an identical repeat answers the stored invoice; different content is refused and the stored one stays', async () => {
    const core = offline();
    const first = await core.handlers.issueInvoice(tshirts('R1', '2'));
    expect(first).toMatchObject({ ok: true, duplicate: false });
    // The same draft again, even with the key order changed and the confirmation flag: a repeat.
    const { lines, buyer, ...rest } = tshirts('R1', '2');
    expect(await core.handlers.issueInvoice({ lines, ...rest, buyer, confirmed: true })).toMatchObject({ ok: true, duplicate: true });
    // Amounts re-serialised by the POS ("2.0", "99") are the same numbers on the same invoice: still a repeat.
    expect(await core.handlers.issueInvoice(tshirts('R1', '2.0', '99'))).toMatchObject({ ok: true, duplicate: true });

    const other = await core.handlers.issueInvoice(tshirts('R1', '3'));
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.errors).toMatchObject([{ code: 'ORDER_NO_CONFLICT', path: 'orderNo' }]);
    expect(await core.handlers.issueInvoice(sampleDraft('R1', { buyer: { name: '李四', naturalPerson: true } }))).toMatchObject({ ok: false, errors: [{ code: 'ORDER_NO_CONFLICT' }] });
    expect(getInvoice(core.db, 'R1')!.view.invoice.total).toBe('198.00');
    expect(core.db.prepare('SELECT COUNT(*) FROM invoices').pluck().get()).toBe(1);
  });

  test('two OS processes issue the same order number with different content at once: one stores it, the other gets ORDER_NO_CONFLICT', { timeout: 60_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    openOfflineCore(data.path).close(); // migrated before the race
    for (let round = 0; round < 3; round++) {
      const orderNo = `RACE${round}`;
      const children = ['1', '2'].map((quantity) => {
        const child = fork(fileURLToPath(new URL('./issue-child.ts', import.meta.url)), [data.path, orderNo, quantity], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        cleanups.push(async () => {
          child.kill('SIGKILL');
          await exited;
        });
        const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
        const result = new Promise<IssueResult>((resolve) => child.on('message', (m: { type: string; result?: IssueResult }) => m.type === 'result' && resolve(m.result!)));
        return { child, ready, result };
      });
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.child.send('go');
      const results = await Promise.all(children.map((c) => c.result));
      expect(results.filter((r) => r.ok).map((r) => r.ok && r.duplicate)).toEqual([false]);
      expect(results.filter((r) => !r.ok).map(codes)).toEqual([['ORDER_NO_CONFLICT']]);
    }
    const core = openOfflineCore(data.path);
    cleanups.push(() => core.close());
    expect(core.db.prepare('SELECT COUNT(*) FROM invoices').pluck().get()).toBe(3);
  });
});

describe('per-invoice limits and the offline allowance', () => {
  const cleanups = cleanupsAfterEach();
  const open = (config = testConfig()): Core => {
    const data = tempDir();
    const core = openCore({ dataDir: data.path, config, channel: unconfiguredChannel('offline in this test'), autoSync: false });
    cleanups.push(() => data.remove());
    cleanups.push(() => core.close());
    return core;
  };

  test('a scanner slip (¥9,999,999,900) is refused by the default ¥100,000 maximum; the store edits it on screen', async () => {
    const core = open();
    expect(codes(await core.handlers.issueInvoice(tshirts('S1', '100000000', '99.99')))).toEqual(['INVOICE_LIMIT']);
    expect((await core.handlers.getSettings({})).limits).toMatchObject({ maxInvoiceTotal: '100000.00', confirmAbove: '10000.00' });
    // 1,100 × 99.00 = 108,900.00: above the default, confirmed by the cashier.
    expect(codes(await core.handlers.issueInvoice({ ...tshirts('S2', '1100'), confirmed: true }))).toEqual(['INVOICE_LIMIT']);
    await core.handlers.saveSettings({ limits: { maxInvoiceTotal: '200000.00' } });
    expect(await core.handlers.issueInvoice({ ...tshirts('S2', '1100'), confirmed: true })).toMatchObject({ ok: true });
    expect(codes(await core.handlers.calcInvoice(tshirts('S3', '3000')))).toEqual(['INVOICE_LIMIT']);
  });

  test('above the confirmation threshold the cashier confirms: AMOUNT_NEEDS_CONFIRM, then `confirmed: true` issues it', async () => {
    const core = open();
    // 102 × 99.00 = 10,098.00 > 10,000.00
    const asked = await core.handlers.issueInvoice(tshirts('C1', '102'));
    expect(asked).toMatchObject({ ok: false, errors: [{ code: 'AMOUNT_NEEDS_CONFIRM', path: 'confirmed' }] });
    if (!asked.ok) expect(asked.errors[0]!.message_zh).toContain('10098.00');
    expect(getInvoice(core.db, 'C1')).toBeUndefined();
    expect(await core.handlers.issueInvoice({ ...tshirts('C1', '102'), confirmed: true })).toMatchObject({ ok: true, duplicate: false });
    // At or below the threshold nothing is asked; the threshold is a setting.
    expect(await core.handlers.issueInvoice(tshirts('C2', '101'))).toMatchObject({ ok: true });
    await core.handlers.saveSettings({ limits: { confirmAbove: '100.00' } });
    expect(codes(await core.handlers.issueInvoice(tshirts('C3', '2')))).toEqual(['AMOUNT_NEEDS_CONFIRM']);
  });

  test('the offline amount limit counts the new invoice itself', async () => {
    const core = open(testConfig({ maxUnsentAmount: '300.00' }));
    expect(await core.handlers.issueInvoice(tshirts('O1', '2'))).toMatchObject({ ok: true }); // 198.00 unsent
    // 198.00 + 198.00 = 396.00 > 300.00: refused although the backlog alone is below the limit.
    const refused = await core.handlers.issueInvoice(tshirts('O2', '2'));
    expect(codes(refused)).toEqual(['OFFLINE_LIMIT_REACHED']);
    if (!refused.ok) expect(refused.errors[0]!.message_zh).toContain('102.00');
    expect(getInvoice(core.db, 'O2')).toBeUndefined();
    // 198.00 + 99.00 = 297.00 fits.
    expect(await core.handlers.issueInvoice(tshirts('O3', '1'))).toMatchObject({ ok: true });
  });
});
