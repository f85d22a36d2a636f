import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { LOCAL_ACTOR } from '../../electron/core/auth/session.ts';
import { unconfiguredChannel } from '../../electron/core/channel/switchable.ts';
import { openCore } from '../../electron/core/core.ts';
import { sql } from '../../electron/core/store/db.ts';
import { getInvoice } from '../../electron/core/store/invoices.ts';
import { FAST_WORKER, openOfflineCore, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const CLI = 'electron/cli/fapiao.ts';

describe("the till's clock", () => {
  const cleanups = cleanupsAfterEach();

  test('a clock ahead of the channel is shown (CLOCK_AHEAD, with the minutes) and no invoice is stored with a future time', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    let aheadMs = 0;
    const core = openCore({ dataDir: data.path, config: testConfig(), channel, now: () => Date.now() + aheadMs, worker: FAST_WORKER });
    cleanups.push(() => core.close());

    // The channel's signed replies give it the channel's time.
    const issued = invoiceEvent(core, (i) => i.orderNo === 'CLK-1' && i.status === 'issued');
    await core.handlers.issueInvoice(sampleDraft('CLK-1'));
    await issued;
    expect(core.queueStatus().blocked).toBeUndefined();

    aheadMs = 30 * 60_000;
    const status = core.queueStatus();
    expect(status.blocked).toMatchObject({ code: 'CLOCK_AHEAD' });
    expect(status.warnings?.find((w) => w.code === 'CLOCK_AHEAD')?.message_zh).toContain('快了 30 分钟');
    const refused = await core.handlers.issueInvoice(sampleDraft('CLK-2'));
    expect(refused.ok ? 'stored' : refused.errors[0]!.code).toBe('CLOCK_AHEAD');
    expect(getInvoice(core.db, 'CLK-2')).toBeUndefined();

    // Corrected: issuing goes on at once.
    aheadMs = 0;
    expect((await core.handlers.issueInvoice(sampleDraft('CLK-2'))).ok).toBe(true);
  });

  test('`fapiao clock confirm` lifts CLOCK_BACKWARDS from the command line, audited with the CLI session as actor', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const fapiao = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, '--data', data.path, 'clock', ...args], { encoding: 'utf8', timeout: 30_000 });
      return { code: r.status, out: JSON.parse(r.stdout || 'null') as Record<string, unknown>, err: r.stderr };
    };
    // The till ran an hour ahead and was then set right: its records are "in the future".
    const ahead = openCore({ dataDir: data.path, config: testConfig(), channel: unconfiguredChannel('offline'), autoSync: false, now: () => Date.now() + 3_600_000 });
    expect((await ahead.handlers.issueInvoice(sampleDraft('FUT-1'))).ok).toBe(true);
    await ahead.close();

    const shown = fapiao();
    expect(shown.code).toBe(1);
    expect(shown.out).toMatchObject({ ok: false, errors: [{ code: 'CLOCK_BACKWARDS' }] });

    const confirmed = fapiao('confirm');
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toMatchObject({ ok: true, confirmed: true });
    expect(fapiao().code).toBe(0);
    expect(fapiao('confirm', 'now').code).toBe(2);

    const core = openOfflineCore(data.path);
    cleanups.push(() => core.close());
    const entry = sql(core.db, "SELECT actor, type FROM audit WHERE type = 'clock.confirmed'").get() as { actor: string; type: string } | undefined;
    // The CLI acts as the till's local IT session: the actor comes from it, never from the command line.
    expect(entry).toEqual({ type: 'clock.confirmed', actor: LOCAL_ACTOR });
    expect((await core.handlers.issueInvoice(sampleDraft('NOW-1'))).ok).toBe(true);
  });
});
