import { startApp } from '../../core/bootstrap.ts';
import { readDraft } from '../draft.ts';
import { nodeSandboxLauncher } from '../../sandbox/node-launcher.ts';
import { EXIT, printJson, type Command } from '../io.ts';

export const issueCommand: Command = {
  summary: 'validate, store and queue an invoice (the same order number twice gives one invoice)',
  usage: 'fapiao issue <draft.json|->',
  async run({ args, dataDir }) {
    const draft = readDraft(args[0]);
    const app = await startApp({ dataDir, launchSandbox: nodeSandboxLauncher, autoSync: false });
    try {
      const result = await app.core.handlers.issueInvoice(draft);
      printJson(result);
      return result.ok ? EXIT.ok : EXIT.failed;
    } finally {
      await app.stop();
    }
  },
};

export const queueCommand: Command = {
  summary: 'show the offline queue: pending, rejected, oldest unsent, offline limits left, warnings',
  usage: 'fapiao queue [--rejected]   (--rejected: the manager\'s list, with the channel\'s messages)',
  async run({ args, dataDir }) {
    const app = await startApp({ dataDir, launchSandbox: nodeSandboxLauncher, autoSync: false });
    try {
      if (args.includes('--rejected')) {
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
      printJson({ ...counts, items: pending.map((i) => ({ orderNo: i.orderNo, status: i.status, total: i.invoice.total })) });
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
      printJson(status);
      return status.pending === 0 ? EXIT.ok : EXIT.failed;
    } finally {
      await app.stop();
    }
  },
};
