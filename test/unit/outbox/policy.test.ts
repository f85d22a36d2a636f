import { describe, expect, test } from 'vitest';
import type { TaxChannel } from '../../../electron/core/channel/client.ts';
import { openCore, type Core } from '../../../electron/core/core.ts';
import { evaluatePolicy, monthBounds, DEFAULT_OFFLINE_POLICY } from '../../../electron/core/outbox/policy.ts';
import { testConfig } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const OFFLINE: TaxChannel = {
  issue: async () => ({ code: '2001', message: 'busy' }),
  query: async () => ({ code: '2001', message: 'busy' }),
  health: async () => false,
};
const H = 3_600_000;
// 2026-11-15 12:00 China time.
const MID_MONTH = Date.UTC(2026, 10, 15, 4);

describe('offline policy (pure)', () => {
  const p = { ...DEFAULT_OFFLINE_POLICY, maxUnsentHours: 10, maxUnsentAmount: '1000.00', maxUnsentCount: 10 };
  const counts = { pending: 0, rejected: 0, unsentFen: 0, previousMonthUnsent: 0, setAside: 0 };

  test('figures left, a warning from 80%, a block with a clear code at the limit', () => {
    expect(evaluatePolicy(p, counts, MID_MONTH, undefined)).toMatchObject({ warnings: [], limits: { amountLeft: '1000.00', countLeft: 10 } });
    const near = evaluatePolicy(p, { ...counts, pending: 2, unsentFen: 85_000, oldestPendingAt: MID_MONTH - H }, MID_MONTH, MID_MONTH);
    expect(near.blocked).toBeUndefined();
    expect(near.warnings.map((w) => w.code)).toEqual(['OFFLINE_NEAR_LIMIT']);
    expect(near.limits).toMatchObject({ unsentAmount: '850.00', amountLeft: '150.00', hoursLeft: 9, countLeft: 8 });
    expect(evaluatePolicy(p, { ...counts, pending: 1, unsentFen: 100_000, oldestPendingAt: MID_MONTH }, MID_MONTH, MID_MONTH).blocked?.code).toBe('OFFLINE_LIMIT_REACHED');
    expect(evaluatePolicy(p, { ...counts, pending: 1, unsentFen: 100, oldestPendingAt: MID_MONTH - 10 * H }, MID_MONTH, MID_MONTH).blocked?.code).toBe('OFFLINE_LIMIT_REACHED');
    expect(evaluatePolicy(p, { ...counts, pending: 10, unsentFen: 100, oldestPendingAt: MID_MONTH }, MID_MONTH, MID_MONTH).blocked?.code).toBe('OFFLINE_LIMIT_REACHED');
  });

  test('a clock behind the last recorded event beyond the tolerance blocks; within it does not', () => {
    expect(evaluatePolicy(p, counts, MID_MONTH - 4 * 60_000, MID_MONTH).blocked).toBeUndefined();
    const v = evaluatePolicy(p, counts, MID_MONTH - 6 * 60_000, MID_MONTH);
    expect(v.blocked?.code).toBe('CLOCK_BACKWARDS');
    expect(v.blocked?.message_zh).toContain('请校正电脑时间');
  });

  test('month end: unsent invoices are flagged near the end of the month and when from an earlier month', () => {
    const { next } = monthBounds(MID_MONTH);
    expect(next).toBe(Date.UTC(2026, 10, 30, 16));
    const late = evaluatePolicy(p, { ...counts, pending: 1, unsentFen: 1, oldestPendingAt: next - H }, next - H, next - H);
    expect(late.warnings.map((w) => w.code)).toContain('MONTH_END_UNSENT');
    const old = evaluatePolicy(p, { ...counts, pending: 1, unsentFen: 1, previousMonthUnsent: 1, oldestPendingAt: next - H }, next + H, next + H);
    expect(old.warnings.map((w) => w.code)).toContain('PREVIOUS_MONTH_UNSENT');
  });
});

describe('offline policy in core', () => {
  const cleanups = cleanupsAfterEach();

  test('issuing stops at the limit with OFFLINE_LIMIT_REACHED; a repeat of a stored order is still answered; status tells the UI', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core: Core = openCore({ dataDir: data.path, config: testConfig({ maxUnsentCount: 5 }), channel: OFFLINE, autoSync: false });
    cleanups.push(() => core.close());
    for (const o of ['L1', 'L2', 'L3', 'L4']) expect((await core.handlers.issueInvoice(sampleDraft(o))).ok).toBe(true);
    expect(core.queueStatus().warnings?.map((w) => w.code)).toContain('OFFLINE_NEAR_LIMIT');
    expect((await core.handlers.issueInvoice(sampleDraft('L5'))).ok).toBe(true);
    const refused = await core.handlers.issueInvoice(sampleDraft('L6'));
    expect(refused.ok ? 'ok' : refused.errors[0]!.code).toBe('OFFLINE_LIMIT_REACHED');
    expect((await core.handlers.issueInvoice(sampleDraft('L1'))).ok).toBe(true);
    expect(core.queueStatus()).toMatchObject({ pending: 5, blocked: { code: 'OFFLINE_LIMIT_REACHED' }, limits: { countLeft: 0 } });
  });

  test('a clock that jumped backwards stops issuing until it is right again', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    let now = MID_MONTH;
    const core: Core = openCore({ dataDir: data.path, config: testConfig(), channel: OFFLINE, autoSync: false, now: () => now });
    cleanups.push(() => core.close());
    expect((await core.handlers.issueInvoice(sampleDraft('T1'))).ok).toBe(true);
    now = MID_MONTH - 2 * H;
    const r = await core.handlers.issueInvoice(sampleDraft('T2'));
    expect(r.ok ? 'ok' : r.errors[0]!.code).toBe('CLOCK_BACKWARDS');
    expect(core.queueStatus().blocked?.code).toBe('CLOCK_BACKWARDS');
    now = MID_MONTH + 60_000;
    expect((await core.handlers.issueInvoice(sampleDraft('T2'))).ok).toBe(true);

    // A clock that had run ahead and was then corrected: the manager confirms the time, audited.
    now = MID_MONTH - 3 * H;
    expect((await core.handlers.confirmClock({})).blocked).toBeUndefined();
    expect((await core.handlers.issueInvoice(sampleDraft('T3'))).ok).toBe(true);
    // The actor is the session's: here the local one (IT at the till's command line).
    expect(core.db.prepare("SELECT actor FROM audit WHERE type = 'clock.confirmed'").pluck().get()).toBe('it');
  });
});
