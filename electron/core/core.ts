import { join } from 'node:path';
import type { CallName, CallParsedRequest, CallResponse, QueueStatus } from '../contract/index.ts';
import type { TaxChannel } from './channel/client.ts';
import type { AppConfig } from './config.ts';
import { CoreEvents } from './events.ts';
import { computeInvoice, type CalcContext } from './invoice/compute.ts';
import { Decimal } from './invoice/money.ts';
import { searchTaxCodes } from './invoice/taxcodes.ts';
import { queueCounts } from './outbox/queue.ts';
import { SyncWorker, type WorkerOptions } from './outbox/worker.ts';
import { openDatabase, type Db } from './store/db.ts';
import { getInvoice, listInvoices, storeNewInvoice } from './store/invoices.ts';

export const APP_VERSION = '0.1.0';

export type Handlers = {
  [N in CallName]: (request: CallParsedRequest<N>) => Promise<CallResponse<N>>;
};

export interface CoreOptions {
  dataDir: string;
  config: AppConfig;
  channel: TaxChannel;
  now?: () => number;
  worker?: Partial<Pick<WorkerOptions, 'batchSize' | 'backoff' | 'probeIntervalMs'>>;
  /** Start the sync worker at once (default). The CLI's one-shot commands do not. */
  autoSync?: boolean;
}

export interface Core {
  readonly db: Db;
  readonly handlers: Handlers;
  readonly events: CoreEvents;
  readonly worker: SyncWorker;
  queueStatus(): QueueStatus;
  close(): Promise<void>;
}

/** The engine: pure Node, never Electron. Every shell (Electron main, headless host, CLI) drives this. */
export function openCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const db = openDatabase(join(options.dataDir, 'fapiao.db'));
  const events = new CoreEvents();
  const { config } = options;
  const calcContext: CalcContext = { maxLines: config.limits.maxLines };
  if (config.limits.maxInvoiceTotal !== undefined) calcContext.maxInvoiceTotal = new Decimal(config.limits.maxInvoiceTotal);

  const queueStatus = (): QueueStatus => ({ online: worker.online, ...queueCounts(db, now()) });
  const worker = new SyncWorker({
    db,
    channel: options.channel,
    seller: config.seller,
    now,
    ...options.worker,
    onInvoiceChanged: (orderNo) => {
      const stored = getInvoice(db, orderNo);
      if (stored) events.emit('invoiceUpdated', stored.view);
    },
    onStatusChanged: () => events.emit('queueChanged', queueStatus()),
  });

  const handlers: Handlers = {
    appInfo: async () => ({
      version: APP_VERSION,
      channelMode: config.channelMode,
      seller: { name: config.seller.name, taxId: config.seller.taxId, taxpayerType: config.seller.taxpayerType },
    }),
    calcInvoice: async (draft) => computeInvoice(draft, calcContext),
    issueInvoice: async (draft) => {
      const existing = getInvoice(db, draft.orderNo);
      if (existing) return { ok: true, invoice: existing.view, duplicate: true };
      const result = computeInvoice(draft, calcContext);
      if (!result.ok) return result;
      const stored = storeNewInvoice(db, { draft, computed: result.invoice, kind: 'blue', now: now(), actor: draft.cashier ?? 'cashier' });
      if (!stored.duplicate) {
        events.emit('queueChanged', queueStatus());
        worker.kick();
      }
      return { ok: true, ...stored };
    },
    getInvoice: async ({ orderNo }) => getInvoice(db, orderNo)?.view ?? null,
    listInvoices: async ({ status, limit }) => listInvoices(db, { status, limit }),
    queueStatus: async () => queueStatus(),
    syncNow: async () => {
      worker.kick();
      await worker.whenIdle();
      return queueStatus();
    },
    searchTaxCodes: async ({ query, limit }) => searchTaxCodes(query, limit),
  };

  if (options.autoSync !== false) worker.start();

  return {
    db,
    handlers,
    events,
    worker,
    queueStatus,
    async close() {
      await worker.stop();
      db.close();
    },
  };
}
