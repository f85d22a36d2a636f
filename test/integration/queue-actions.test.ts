import { describe, expect, test } from 'vitest';
import { RETURN_CODE } from '../../electron/core/channel/protocol.ts';
import { openCore, type Core } from '../../electron/core/core.ts';
import { computeInvoice } from '../../electron/core/invoice/compute.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { storeNewInvoice } from '../../electron/core/store/invoices.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { redFormAction, sandboxInvoices, sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const COMPANY = { name: '上海某某贸易有限公司', taxId: '91310115591693856A' };

describe("the manager's queue actions against the sandbox process", () => {
  const cleanups = cleanupsAfterEach();

  async function setup() {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const core: Core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: FAST_WORKER });
    cleanups.push(() => core.close());
    const issue = async (orderNo: string, overrides = {}) => {
      const done = invoiceEvent(core, (i) => i.orderNo === orderNo && i.status === 'issued');
      const r = await core.handlers.issueInvoice(sampleDraft(orderNo, overrides));
      expect(r.ok).toBe(true);
      return done;
    };
    return { core, sandbox, issue };
  }

  test('red-letter: full reversal without confirmation (01) is issued, linked to its original', async () => {
    const { core, sandbox, issue } = await setup();
    const blue = await issue('RB-1');
    const done = invoiceEvent(core, (i) => i.orderNo === 'RR-1' && i.status === 'issued');
    const r = await core.handlers.requestRedInvoice({ originalOrderNo: 'RB-1', orderNo: 'RR-1', reason: 'goodsReturned', });
    expect(r.ok && r.red.invoice.invoice.total).toBe(`-${blue.invoice.total}`);
    const red = await done;
    expect(red.kind).toBe('red');
    const again = await core.handlers.requestRedInvoice({ originalOrderNo: 'RB-1', orderNo: 'RR-1', reason: 'goodsReturned', });
    expect(again.ok && again.duplicate).toBe(true);
    // The same red order number for another request (reason or lines) is a conflict, not the first red invoice.
    const other = await core.handlers.requestRedInvoice({ originalOrderNo: 'RB-1', orderNo: 'RR-1', reason: 'issuedInError' });
    expect(other).toMatchObject({ ok: false, errors: [{ code: 'ORDER_NO_CONFLICT', path: 'orderNo' }] });
    const part = await core.handlers.requestRedInvoice({ originalOrderNo: 'RB-1', orderNo: 'RR-1', reason: 'goodsReturned', lines: [{ lineNo: 1, quantity: '1' }] });
    expect(part).toMatchObject({ ok: false, errors: [{ code: 'ORDER_NO_CONFLICT' }] });
    const [view] = await core.handlers.listRedInvoices({ originalOrderNo: 'RB-1', limit: 100 });
    expect(view).toMatchObject({ originalOrderNo: 'RB-1', formState: 'redIssued', reason: 'goodsReturned' });
    // Nothing is left to reverse.
    const more = await core.handlers.requestRedInvoice({ originalOrderNo: 'RB-1', orderNo: 'RR-2', reason: 'goodsReturned', });
    expect(more.ok ? 'ok' : more.errors[0]!.code).toBe('RED_NOTHING_LEFT');
    const atSandbox = await sandboxInvoices(sandbox);
    expect(atSandbox.find((i) => i.orderNo === 'RR-1')).toMatchObject({ kind: 'red', originalOrderNo: 'RB-1', number: red.number });
    expect(verifyAudit(core.db).ok).toBe(true);
  });

  test('a training (sandbox) sale is never reversed in production: refused, nothing stored', async () => {
    const { core, issue } = await setup();
    const blue = await issue('MB-1');
    expect(blue.mode).toBe('sandbox');
    await core.handlers.saveSettings({ channel: { mode: 'production', baseUrl: 'https://gateway.invalid', appId: 'prod' } });
    const r = await core.handlers.requestRedInvoice({ originalOrderNo: 'MB-1', orderNo: 'MR-1', reason: 'goodsReturned', });
    expect(r.ok ? 'ok' : r.errors.map((e) => [e.code, e.path])).toEqual([['RED_OTHER_MODE', 'originalOrderNo']]);
    expect(await core.handlers.getInvoice({ orderNo: 'MR-1' })).toBeNull();
    expect(await core.handlers.listRedInvoices({ originalOrderNo: 'MB-1', limit: 100 })).toEqual([]);

    await core.handlers.saveSettings({ channel: { mode: 'sandbox' } });
    const done = invoiceEvent(core, (i) => i.orderNo === 'MR-1' && i.status === 'issued');
    const back = await core.handlers.requestRedInvoice({ originalOrderNo: 'MB-1', orderNo: 'MR-1', reason: 'goodsReturned', });
    expect(back.ok).toBe(true);
    expect((await done).mode).toBe('sandbox');
  });

  test('red-letter to a registered buyer: the form waits for the buyer (02), is issued once confirmed (04); a denied one is rejected', async () => {
    const { core, sandbox, issue } = await setup();
    await issue('CB-1', { buyer: COMPANY });
    await issue('CB-2', { buyer: COMPANY });
    const pending = invoiceEvent(core, (i) => i.orderNo === 'CR-1' && i.status === 'retry');
    await core.handlers.requestRedInvoice({ originalOrderNo: 'CB-1', orderNo: 'CR-1', reason: 'salesAllowance', lines: [{ lineNo: 1, amount: '50.00' }], });
    await pending;
    const [form] = await core.handlers.listRedInvoices({ originalOrderNo: 'CB-1', limit: 100 });
    expect(form).toMatchObject({ formState: '02' });
    const issued = invoiceEvent(core, (i) => i.orderNo === 'CR-1' && i.status === 'issued');
    await redFormAction(sandbox, form!.formNo!, 'confirm');
    expect((await issued).invoice.total).toBe('-50.00');

    const waiting = invoiceEvent(core, (i) => i.orderNo === 'CR-2' && i.status === 'retry');
    await core.handlers.requestRedInvoice({ originalOrderNo: 'CB-2', orderNo: 'CR-2', reason: 'issuedInError', });
    await waiting;
    const [form2] = await core.handlers.listRedInvoices({ originalOrderNo: 'CB-2', limit: 100 });
    const rejected = invoiceEvent(core, (i) => i.orderNo === 'CR-2' && i.status === 'rejected');
    await redFormAction(sandbox, form2!.formNo!, 'deny');
    expect((await rejected).rejectCode).toBe(RETURN_CODE.redFormVoid);
    const [again] = await core.handlers.listRedInvoices({ originalOrderNo: 'CB-2', limit: 100 });
    expect(again!.formState).toBe('05');
  });

  test('cancel a queued invoice; a refused invoice goes to the rejected list and is fixed under a new order number', async () => {
    const { core, sandbox } = await setup();
    await core.worker.stop();
    await core.handlers.issueInvoice(sampleDraft('Q-1'));
    expect((await core.handlers.cancelInvoice({ orderNo: 'Q-1', reason: '顾客不要了' })).status).toBe('cancelled');

    // An invoice whose stored figures do not match its lines: the channel refuses it for good.
    const draft = sampleDraft('BAD-1');
    const computed = computeInvoice(draft);
    if (!computed.ok) throw new Error('sample must be valid');
    storeNewInvoice(core.db, { draft, computed: { ...computed.invoice, total: '1.00' }, kind: 'blue', now: Date.now(), actor: 'test', mode: 'sandbox' });
    const rejected = invoiceEvent(core, (i) => i.orderNo === 'BAD-1' && i.status === 'rejected');
    core.worker.start();
    expect((await rejected).rejectMessage).toBe('价税合计与明细不符');
    const [item] = await core.handlers.listRejected({ includeResolved: false, limit: 100 });
    expect(item).toMatchObject({ code: RETURN_CODE.parameterError, message: '价税合计与明细不符', invoice: { orderNo: 'BAD-1' } });

    const fixed = invoiceEvent(core, (i) => i.orderNo === 'BAD-1-R1' && i.status === 'issued');
    const r = await core.handlers.resubmitRejected({ rejectedOrderNo: 'BAD-1', draft: sampleDraft('BAD-1-R1'), });
    expect(r.ok).toBe(true);
    await fixed;
    expect(await core.handlers.listRejected({ includeResolved: false, limit: 100 })).toEqual([]);
    expect((await core.handlers.listRejected({ includeResolved: true, limit: 100 }))[0]).toMatchObject({ resubmittedAs: 'BAD-1-R1' });
    await expect(core.handlers.resubmitRejected({ rejectedOrderNo: 'BAD-1', draft: sampleDraft('BAD-1-R2'), })).rejects.toThrow(/ALREADY_RESUBMITTED/);
    // The resubmission's order number is its idempotency key too: a repeat is the same invoice, other content a conflict.
    expect(await core.handlers.resubmitRejected({ rejectedOrderNo: 'BAD-1', draft: sampleDraft('BAD-1-R1') })).toMatchObject({ ok: true, duplicate: true });
    await expect(
      core.handlers.resubmitRejected({ rejectedOrderNo: 'BAD-1', draft: sampleDraft('BAD-1-R1', { buyer: { name: '李四', naturalPerson: true } }) }),
    ).rejects.toThrow(/ORDER_NO_CONFLICT/);
    const orders = (await sandboxInvoices(sandbox)).map((i) => i.orderNo);
    expect(orders).toEqual(['BAD-1-R1']);
    expect(verifyAudit(core.db).ok).toBe(true);
  });
});
