import type { Core } from '../../electron/core/core.ts';
import type { InvoiceView, QueueStatus } from '../../electron/contract/index.ts';

/** Resolves on the first invoiceUpdated event that satisfies the predicate: tests await events, not sleeps. */
export function invoiceEvent(core: Core, predicate: (inv: InvoiceView) => boolean, timeoutMs = 20_000): Promise<InvoiceView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for the invoice event'));
    }, timeoutMs);
    const off = core.events.on('invoiceUpdated', (inv) => {
      if (!predicate(inv)) return;
      clearTimeout(timer);
      off();
      resolve(inv);
    });
  });
}

/** Resolves on the first queueChanged event (or the current status) that satisfies the predicate. */
export function queueEvent(core: Core, predicate: (s: QueueStatus) => boolean, timeoutMs = 60_000): Promise<QueueStatus> {
  const now = core.queueStatus();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for the queue: ${JSON.stringify(core.queueStatus())}`));
    }, timeoutMs);
    const off = core.events.on('queueChanged', (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
