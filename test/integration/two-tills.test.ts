import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openCore, type Core } from '../../electron/core/core.ts';
import { verifyAudit } from '../../electron/core/store/audit.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { queueEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

describe('two processes of the same till on one database (the app and `fapiao sync`)', () => {
  const cleanups = cleanupsAfterEach();

  test('both issue and drain at once: each invoice sent and recorded exactly once, one chain', { timeout: 120_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path, 0, { faults: 'seed=3,latency=0-10,after=0.1,dup=0.05', timeoutMs: 500 });
    cleanups.push(() => sandbox.stop());
    const open = (): Core => openCore({ dataDir: data.path, config: testConfig(), channel, worker: { ...FAST_WORKER, batchSize: 7, leaseMs: 2_000 } });
    const a = open();
    const b = open();
    cleanups.push(() => a.close(), () => b.close());
    const issues: Array<Promise<unknown>> = [];
    for (let i = 0; i < 150; i++) issues.push(a.handlers.issueInvoice(sampleDraft(`A${i}`)), b.handlers.issueInvoice(sampleDraft(`B${i}`)));
    await Promise.all(issues);
    // One database: whichever process empties the outbox, both see it empty.
    await Promise.race([queueEvent(a, (s) => s.pending === 0, 100_000), queueEvent(b, (s) => s.pending === 0, 100_000)]);
    expect(b.queueStatus().pending).toBe(0);

    const atSandbox = await sandboxInvoices(sandbox);
    expect(atSandbox).toHaveLength(300);
    const issuedEvents = a.db.prepare("SELECT subject, COUNT(*) AS n FROM audit WHERE type = 'invoice.issued' GROUP BY subject").all() as Array<{ n: number }>;
    expect(issuedEvents).toHaveLength(300);
    expect(issuedEvents.every((r) => r.n === 1)).toBe(true);
    const numbers = new Map(atSandbox.map((i) => [i.orderNo, i.number]));
    for (const r of a.db.prepare('SELECT order_no, number FROM invoices').all() as Array<{ order_no: string; number: string }>)
      expect(r.number).toBe(numbers.get(r.order_no));
    expect(verifyAudit(a.db).ok).toBe(true);
  });

  test('a second OS process issuing and syncing on the same database at the same time: no lost write, no double send', { timeout: 120_000 }, async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path, 0, { faults: 'seed=5,latency=0-10,after=0.05', timeoutMs: 1_000 });
    cleanups.push(() => sandbox.stop());
    const core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: { ...FAST_WORKER, batchSize: 7, leaseMs: 2_000 } });
    cleanups.push(() => core.close());
    // The crash test's child: issues and syncs in a loop in its own process, reporting each accepted order.
    const child = fork(fileURLToPath(new URL('./crash-child.ts', import.meta.url)), [data.path, sandbox.url, 'P'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const childAccepted: string[] = [];
    const enough = new Promise<void>((resolve) =>
      child.on('message', (m: { type: string; orderNo?: string }) => {
        if (m.type === 'accepted') childAccepted.push(m.orderNo!);
        if (childAccepted.length === 100) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    for (let i = 0; i < 100; i++) expect((await core.handlers.issueInvoice(sampleDraft(`M${i}`))).ok).toBe(true);
    await enough;
    child.kill('SIGKILL');
    await exited;
    core.worker.kick();
    await queueEvent(core, (s) => s.pending === 0, 100_000);

    const atSandbox = await sandboxInvoices(sandbox);
    const local = core.db.prepare("SELECT order_no, number FROM invoices WHERE status = 'issued'").all() as Array<{ order_no: string; number: string }>;
    expect(atSandbox).toHaveLength(local.length);
    const numbers = new Map(atSandbox.map((i) => [i.orderNo, i.number]));
    for (const r of local) expect(r.number).toBe(numbers.get(r.order_no));
    for (const o of childAccepted) expect(numbers.has(o), o).toBe(true);
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM invoices').pluck().get()).toBe(local.length);
    expect(verifyAudit(core.db).ok).toBe(true);
  });
});
