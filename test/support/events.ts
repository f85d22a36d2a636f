import type { Core } from '../../electron/core/core.ts';
import type { InvoiceView } from '../../electron/contract/index.ts';

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
