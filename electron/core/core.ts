import { join } from 'node:path';
import type { QueueStatus } from '../contract/index.ts';
import type { TaxChannel } from './channel/client.ts';
import type { AppConfig } from './config.ts';
import { CoreEvents } from './events.ts';
import type { CalcContext } from './invoice/compute.ts';
import type { CoreContext, Handlers } from './handlers/context.ts';
import { createRefusingSecretStore, type SecretStore } from './secrets.ts';
import { SignerSlot } from './signer/slot.ts';
import { signerHandlers } from './handlers/signer.ts';
import { appHandlers } from './handlers/app.ts';
import { invoiceHandlers } from './handlers/invoice.ts';
import { createPinGuard } from './handlers/pin-guard.ts';
import { offlinePolicy, queueHandlers, storeFaults, withIssuePolicy } from './handlers/queue.ts';
import { catalogHandlers } from './handlers/catalog.ts';
import { reportHandlers } from './handlers/report.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { Decimal } from './invoice/money.ts';
import { queueStatusOf } from './outbox/status.ts';
import { workerTuning } from './outbox/tuning.ts';
import { SyncWorker, type WorkerOptions } from './outbox/worker.ts';
import { openDatabase, type Db } from './store/db.ts';
import { getInvoice } from './store/invoices.ts';
import { readChannelSettings } from './store/settings.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { awaitBackgroundCheck } from './store/integrity.ts';

export { APP_VERSION } from './version.ts';
export type { Handlers } from './handlers/context.ts';

export interface CoreOptions {
  dataDir: string;
  config: AppConfig;
  channel: TaxChannel;
  now?: () => number;
  worker?: Partial<Pick<WorkerOptions, 'batchSize' | 'backoff' | 'probeIntervalMs' | 'leaseMs' | 'breaker' | 'random'>>;
  /** Start the sync worker at once (default). The CLI's one-shot commands do not. */
  autoSync?: boolean;
  /** Where production secrets are kept; default: none (plain Node refuses to keep them). */
  secrets?: SecretStore;
  /** Called after the manager changed the channel, signer or their secrets: the shell re-points the channel. */
  onChannelSettingsChanged?: () => void;
}

export interface Core {
  readonly db: Db;
  readonly handlers: Handlers;
  readonly events: CoreEvents;
  readonly worker: SyncWorker;
  /** The shell puts the signer of the channel in force here; the UI reads it through the contract. */
  readonly signer: SignerSlot;
  queueStatus(): QueueStatus;
  close(): Promise<void>;
}

/** The engine: pure Node, never Electron. Every shell (Electron main, headless host, CLI) drives this. */
export function openCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const db = openDatabase(join(options.dataDir, 'fapiao.db'));
  const events = new CoreEvents();
  const { config } = options;
  const calcContext: CalcContext = { maxLines: config.limits.maxLines, seller: config.seller };
  if (config.limits.maxInvoiceTotal !== undefined) calcContext.maxInvoiceTotal = new Decimal(config.limits.maxInvoiceTotal);

  const queueStatus = (): QueueStatus => {
    const status = queueStatusOf(db, now(), worker, offlinePolicy(config), storeFaults.get(db));
    // A channel that cannot send yet says why, so the till shows what is missing.
    const unusable = options.channel.unusableReason?.();
    return unusable === undefined || status.lastError !== undefined ? status : { ...status, lastError: unusable };
  };
  const log = (m: string) => console.error(m);
  const checkpointer = startCheckpointer(db.name, () => db.pragma('wal_checkpoint(PASSIVE)'), log);
  const worker = new SyncWorker({
    db,
    checkpoint: () => checkpointer.request(),
    channel: options.channel,
    seller: config.seller,
    now,
    ...workerTuning(config),
    ...options.worker,
    onInvoiceChanged: (orderNo) => {
      const stored = getInvoice(db, orderNo);
      if (stored) events.emit('invoiceUpdated', stored.view);
    },
    onStatusChanged: () => events.emit('queueChanged', queueStatus()),
  });

  const signer = new SignerSlot(
    () => config.seller.taxId,
    (status) => events.emit('signerChanged', status),
    () => worker.channelChanged(),
  );
  const ctx: CoreContext = {
    db,
    signer,
    config,
    events,
    worker,
    now,
    calcContext,
    queueStatus,
    secrets: options.secrets ?? createRefusingSecretStore(),
    pins: createPinGuard(db, now),
    channelMode: () => readChannelSettings(db, config).mode,
    channelSettingsChanged: () => options.onChannelSettingsChanged?.(),
  };
  // One factory per domain; `satisfies` makes a call without a handler a type error.
  const handlers = withIssuePolicy(ctx, {
    ...appHandlers(ctx),
    ...invoiceHandlers(ctx),
    ...queueHandlers(ctx),
    ...catalogHandlers(ctx),
    ...reportHandlers(ctx),
    ...settingsHandlers(ctx),
    ...signerHandlers(ctx),
  } satisfies Handlers);

  if (options.autoSync !== false) worker.start();

  return {
    db,
    handlers,
    events,
    worker,
    signer,
    queueStatus,
    async close() {
      await worker.stop();
      await checkpointer.close();
      await awaitBackgroundCheck(db);
      db.close();
    },
  };
}
