import { describe, expect, test } from 'vitest';
import { AppConfigSchema } from '../../electron/core/config.ts';
import { openCore, type Core } from '../../electron/core/core.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

describe('core + real SQLite file + the sandbox process over loopback', () => {
  const cleanups = cleanupsAfterEach();

  test('issued while the sandbox is down: stays queued, goes out once when it is back, no restart', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const first = await sandboxWithChannel(data.path);
    const port = first.sandbox.port;
    const core: Core = openCore({
      dataDir: data.path,
      config: AppConfigSchema.parse({}),
      channel: first.channel,
      worker: { probeIntervalMs: 50 },
    });
    cleanups.push(() => core.close());

    // Online: issued straight away.
    const issuedOnline = invoiceEvent(core, (i) => i.orderNo === 'ON-1' && i.status === 'issued');
    await core.handlers.issueInvoice(sampleDraft('ON-1'));
    expect((await issuedOnline).number).toMatch(/^\d{20}$/);

    // The channel goes away.
    await first.sandbox.stop();
    const wentRetry = invoiceEvent(core, (i) => i.orderNo === 'OFF-1' && i.status === 'retry');
    const r = await core.handlers.issueInvoice(sampleDraft('OFF-1'));
    expect(r.ok && r.invoice.status).toBe('queued');
    await wentRetry;
    expect(core.queueStatus()).toMatchObject({ online: false, pending: 1 });
    // The same order number again gives the same invoice, never a second one.
    const again = await core.handlers.issueInvoice(sampleDraft('OFF-1'));
    expect(again.ok && again.duplicate).toBe(true);

    // The channel comes back on the same address; the queue drains by itself.
    const issuedLater = invoiceEvent(core, (i) => i.orderNo === 'OFF-1' && i.status === 'issued');
    const second = await import('../../electron/sandbox/node-launcher.ts').then((m) => m.nodeSandboxLauncher(`${data.path}/sandbox`, port));
    cleanups.push(() => second.stop());
    const issued = await issuedLater;
    expect(issued.number).toMatch(/^\d{20}$/);
    expect(core.queueStatus()).toMatchObject({ online: true, pending: 0 });

    const atSandbox = await sandboxInvoices(second);
    expect(atSandbox.map((i) => i.orderNo).sort()).toEqual(['OFF-1', 'ON-1']);
    expect(atSandbox.find((i) => i.orderNo === 'OFF-1')?.number).toBe(issued.number);
    expect(verifyAudit(core.db).ok).toBe(true);
  });
});
