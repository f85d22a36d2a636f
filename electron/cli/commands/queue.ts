import { startApp } from '../../core/bootstrap.ts';
import { readDraft } from '../draft.ts';
import { nodeSandboxLauncher } from '../../sandbox/node-launcher.ts';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

export const issueCommand: Command = {
  summary: 'validate, store and queue an invoice (the same draft twice gives one invoice; other content under a used order number: ORDER_NO_CONFLICT)',
  usage: 'fapiao issue <draft.json|-> [--confirm]   (--confirm: the total above limits.confirmAbove was checked); exit 0 stored, 1 refused',
  async run({ args, dataDir }) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { confirm: { type: 'boolean' } }, allowPositionals: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (parsed.positionals.length !== 1) throw new UsageError('give one draft file, or - for standard input');
    // A draft the schema refuses is answered as `calc` answers it: JSON errors, exit 1, nothing opened.
    const draft = readDraft(parsed.positionals[0]);
    if (!draft.ok) {
      printJson(draft);
      return EXIT.failed;
    }
    const app = await startApp({ dataDir, launchSandbox: nodeSandboxLauncher, autoSync: false });
    try {
      const result = await app.core.handlers.issueInvoice(parsed.values.confirm ? { ...draft.draft, confirmed: true } : draft.draft);
      printJson(result);
      return result.ok ? EXIT.ok : EXIT.failed;
    } finally {
      await app.stop();
    }
  },
};

export const queueCommand: Command = {
  summary: 'show the offline queue: pending, set aside (with the reason), rejected, oldest unsent, offline limits left, warnings',
  usage:
    'fapiao queue [--rejected] [--retry ORDER_NO]   (--rejected: the manager\'s list, with the channel\'s messages; --retry: send a set-aside invoice again)',
  async run({ args, dataDir }) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { rejected: { type: 'boolean' }, retry: { type: 'string' } } });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const app = await startApp({ dataDir, launchSandbox: nodeSandboxLauncher, autoSync: false });
    try {
      if (parsed.values.retry !== undefined) {
        const { online: _unknown, ...counts } = await app.core.handlers.retrySetAside({ orderNo: parsed.values.retry });
        printJson(counts);
        return EXIT.ok;
      }
      if (parsed.values.rejected) {
        const rejected = await app.core.handlers.listRejected({ includeResolved: true, limit: 500 });
        printJson(rejected.map((r) => ({ orderNo: r.invoice.orderNo, code: r.code, message: r.message, total: r.invoice.invoice.total, resubmittedAs: r.resubmittedAs })));
        return EXIT.ok;
      }
      const pending = [
        ...(await app.core.handlers.listInvoices({ status: 'queued', limit: 500 })),
        ...(await app.core.handlers.listInvoices({ status: 'retry', limit: 500 })),
        ...(await app.core.handlers.listInvoices({ status: 'submitting', limit: 500 })),
      ];
      const { online: _unknownUntilSynced, ...counts } = app.core.queueStatus();
      const aside = new Map((await app.core.handlers.listSetAside({ limit: 500 })).map((a) => [a.invoice.orderNo, a]));
      printJson({
        ...counts,
        items: pending.map((i) => {
          const a = aside.get(i.orderNo);
          return { orderNo: i.orderNo, status: i.status, total: i.invoice.total, ...(a ? { setAside: { reason: a.reason, at: a.at } } : {}) };
        }),
      });
      return EXIT.ok;
    } finally {
      await app.stop();
    }
  },
};

export const syncCommand: Command = {
  summary: 'send the queue to the channel now and wait until nothing is due',
  usage: 'fapiao sync',
  async run({ dataDir }) {
    const app = await startApp({ dataDir, launchSandbox: nodeSandboxLauncher, autoSync: false });
    try {
      await app.channelApplied();
      app.core.worker.start();
      const status = await app.core.handlers.syncNow({});
      // A full or read-only disk is said as an error code, beside the queue's state (docs/it-guide.md).
      const storeFault = status.blocked?.code.startsWith('STORE_') ? status.blocked : undefined;
      printJson(storeFault ? { ok: false, errors: [storeFault], ...status } : status);
      return status.pending === 0 && !storeFault ? EXIT.ok : EXIT.failed;
    } finally {
      await app.stop();
    }
  },
};
