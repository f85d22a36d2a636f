import { describe, expect, test } from 'vitest';
import { calls } from '../../../electron/contract/index.ts';
import type { TaxChannel } from '../../../electron/core/channel/client.ts';
import { openCore, type Core } from '../../../electron/core/core.ts';
import { createDispatcher } from '../../../electron/core/dispatch.ts';
import { markIssued, markRejected } from '../../../electron/core/outbox/queue.ts';
import { testConfig } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const OFFLINE: TaxChannel = {
  issue: async () => ({ code: '2001', message: 'busy' }),
  query: async () => ({ code: '2001', message: 'busy' }),
  health: async () => false,
};

describe('queue calls through the dispatcher: requests validated, answers match the contract', () => {
  const cleanups = cleanupsAfterEach();

  test('every queue call answers what its response schema says', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core: Core = openCore({ dataDir: data.path, config: testConfig(), channel: OFFLINE, autoSync: false });
    cleanups.push(() => core.close());
    const dispatch = createDispatcher(core.handlers, () => {});
    const call = async (name: keyof typeof calls, payload: unknown) => {
      const reply = await dispatch(name, payload);
      if (!reply.ok) return reply;
      calls[name].response.parse(reply.value);
      return reply;
    };
    for (const o of ['A', 'B', 'C']) expect((await call('issueInvoice', sampleDraft(o))).ok).toBe(true);
    markIssued(core.db, 'B', { number: '26311000000000000001', issuedAt: Date.now(), qr: 'q' }, Date.now());
    markRejected(core.db, 'C', '1001', '购买方名称有误', Date.now());

    expect((await call('queueStatus', {})).ok).toBe(true);
    expect((await call('cancelInvoice', { orderNo: 'A' })).ok).toBe(true);
    const refused = await call('cancelInvoice', { orderNo: 'B' });
    expect(refused.ok ? '' : refused.errors[0]!.code).toBe('ISSUED_CANNOT_VOID');
    expect((await call('requestRedInvoice', { originalOrderNo: 'B', orderNo: 'B-R', reason: 'goodsReturned' })).ok).toBe(true);
    expect((await call('listRedInvoices', {})).ok).toBe(true);
    expect((await call('listRejected', {})).ok).toBe(true);
    expect((await call('resubmitRejected', { rejectedOrderNo: 'C', draft: sampleDraft('C-2') })).ok).toBe(true);
    expect((await call('confirmClock', {})).ok).toBe(true);
    expect((await call('verifyAudit', {})).ok).toBe(true);
    expect((await call('acceptStoreRollback', { reason: 'nothing to accept' })).ok).toBe(true);
    const noReason = await call('acceptStoreRollback', { reason: ' ' });
    expect(noReason.ok ? '' : noReason.errors[0]!.code).toBe('BAD_REQUEST');
    expect((await call('backupNow', { reason: 'manual' })).ok).toBe(true);
    const bad = await call('requestRedInvoice', { originalOrderNo: 'B', reason: 'nonsense' });
    expect(bad.ok ? '' : bad.errors[0]!.code).toBe('BAD_REQUEST');
    // In the manager's words, at its field: not the schema library's English.
    expect(bad.ok ? {} : bad.errors[0]).toMatchObject({ path: 'reason', message_zh: expect.stringMatching(/^请求数据有误（reason）：取值无效，可选：/) });
  });
});
