import { join } from 'node:path';
import type { QueueStatus } from '../contract/index.ts';
import { trustedNowFrom, type TaxChannel } from './channel/client.ts';
import type { AppConfig } from './config.ts';
import { CoreEvents } from './events.ts';
import type { CalcContext } from './invoice/compute.ts';
import type { CoreContext, Handlers, SessionHandlers } from './handlers/context.ts';
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
import { staffSessionHandlers } from './handlers/staff-session.ts';
import { bindSession as bindHandlersTo } from './auth/bind.ts';
import { createLocalSession, type Session } from './auth/session.ts';
import { managerExists } from './store/settings.ts';
import { DEFAULT_ISSUE_LIMITS, issueLimitsOf } from './invoice/issue-limits.ts';
import { queueStatusOf } from './outbox/status.ts';
import { workerTuning } from './outbox/tuning.ts';
import { SyncWorker, type WorkerOptions } from './outbox/worker.ts';
import { closeDatabase, openDatabase, type Db } from './store/db.ts';
import { getInvoice } from './store/invoices.ts';
import { readChannelSettings } from './store/settings.ts';
import { startCheckpointer, type Checkpointer } from './store/checkpointer.ts';
import { checkDiskSpace, diskFull } from './store/reserve.ts';
import { awaitBackgroundCheck } from './store/integrity.ts';
import type { AuditKey } from './store/audit-key.ts';
import { attachEvidence, closeEvidence } from './store/evidence.ts';
import { closeOnCrash, onceAsync } from './last-resort.ts';

export { APP_VERSION } from './version.ts';
export type { Handlers } from './handlers/context.ts';

export interface CoreOptions {
  dataDir: string;
  config: AppConfig;
  channel: TaxChannel;
  now?: () => number;
  worker?: Partial<Pick<WorkerOptions, 'batchSize' | 'batchBytes' | 'backoff' | 'probeIntervalMs' | 'leaseMs' | 'breaker' | 'random'>>;
  /** Start the sync worker at once (default). The CLI's one-shot commands do not. */
  autoSync?: boolean;
  /** Where production secrets are kept; default: none (plain Node refuses to keep them). */
  secrets?: SecretStore;
  /** Called after the manager changed the channel, signer or their secrets: the shell re-points the channel. */
  onChannelSettingsChanged?: () => void;
  /** The audit chain's key from the OS secret store (desktop app); otherwise the key file (store/audit-key.ts). */
  auditKey?: AuditKey;
}

export interface Core {
  readonly db: Db;
  /** Every call as the local session (CLI, tests, the shell itself): the store's IT, actor `it`, every role. */
  readonly handlers: Handlers;
  /** The calls as one window or browser tab may make them: roles checked, actor from that session (auth/bind.ts). */
  bindSession(session: Session): Handlers;
  readonly events: CoreEvents;
  readonly worker: SyncWorker;
  /** The shell puts the signer of the channel in force here; the UI reads it through the contract. */
  readonly signer: SignerSlot;
  /** WAL checkpoints (store/checkpointer.ts): await `whenSaved()` to know sales are in fapiao.db itself. */
  readonly checkpoints: Pick<Checkpointer, 'whenSaved' | 'onCheckpoint' | 'flush'>;
  queueStatus(): QueueStatus;
  close(): Promise<void>;
}

/** The engine: pure Node, never Electron. Every shell (Electron main, headless host, CLI) drives this. */
export function openCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const db = openDatabase(join(options.dataDir, 'fapiao.db'));
  // Audit key, keyed chain, high-water check (a database behind its mark: STORE_ROLLED_BACK, issuing stops).
  try {
    attachEvidence(db, { now, ...(options.auditKey ? { auditKey: options.auditKey } : {}) });
  } catch (err) {
    db.close();
    throw err;
  }
  const events = new CoreEvents();
  const { config } = options;
  // Per-invoice limits: config.json's maxInvoiceTotal (IT) or the default; the settings screen's win (handlers/settings.ts).
  const issueLimits = issueLimitsOf({ ...DEFAULT_ISSUE_LIMITS, ...(config.limits.maxInvoiceTotal === undefined ? {} : { maxInvoiceTotal: config.limits.maxInvoiceTotal }) });
  const calcContext: CalcContext = { maxLines: config.limits.maxLines, seller: config.seller, maxInvoiceTotal: issueLimits.maxInvoiceTotal };

  // The channel's time from its last signed reply, when it has answered since start (CLOCK_AHEAD).
  const trustedNow = (): number | undefined => trustedNowFrom(options.channel.channelTime?.());
  const queueStatus = (): QueueStatus => {
    const status = queueStatusOf(db, now(), worker, offlinePolicy(config), storeFaults.get(db), trustedNow());
    // A channel that cannot send yet says why, so the till shows what is missing.
    const unusable = options.channel.unusableReason?.();
    return unusable === undefined || status.lastError !== undefined ? status : { ...status, lastError: unusable };
  };
  const log = (m: string) => console.error(m);
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const checkpointer = startCheckpointer(db.name, () => totalChanges.get() as number, () => db.pragma('wal_checkpoint(PASSIVE)'), log);
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
    onStorageFault: (fault) => {
      if (fault.code === 'STORE_FULL') diskFull(db);
      events.emit('queueChanged', queueStatus());
    },
  });

  const signer = new SignerSlot(
    () => config.seller.taxId,
    (status) => events.emit('signerChanged', status),
    () => worker.channelChanged(),
  );
  const ctx: CoreContext = {
    db,
    checkpointNow: () => checkpointer.flush(),
    signer,
    config,
    events,
    worker,
    now,
    calcContext,
    trustedNow,
    issueLimits,
    queueStatus,
    secrets: options.secrets ?? createRefusingSecretStore(),
    pins: createPinGuard(db, now),
    channelMode: () => readChannelSettings(db, config).mode,
    channelSettingsChanged: () => options.onChannelSettingsChanged?.(),
  };
  // One factory per domain; `satisfies` makes a call without a handler a type error.
  const sessionHandlers = withIssuePolicy(ctx, {
    ...appHandlers(ctx),
    ...invoiceHandlers(ctx),
    ...queueHandlers(ctx),
    ...catalogHandlers(ctx),
    ...reportHandlers(ctx),
    ...settingsHandlers(ctx),
    ...signerHandlers(ctx),
    ...staffSessionHandlers(ctx),
  } satisfies SessionHandlers);
  const bindDeps = { now, managerExists: () => managerExists(db) };
  const bindSession = (session: Session): Handlers => bindHandlersTo(sessionHandlers, session, bindDeps);
  const handlers = bindSession(createLocalSession());

  if (options.autoSync !== false) worker.start();

  // The disk reserve (store/reserve.ts): made at open, freed when the disk fills, made again once there is room.
  checkDiskSpace(db);
  const diskWatch = setInterval(() => {
    if (checkDiskSpace(db)) events.emit('queueChanged', queueStatus());
  }, 5_000).unref();

  // Closed once, normally or by the process's last-resort handler (so a crash still checkpoints the database).
  const close = onceAsync(async () => {
    forgetOnCrash();
    clearInterval(diskWatch);
    await worker.stop();
    await closeEvidence(db);
    await checkpointer.close();
    await awaitBackgroundCheck(db);
    closeDatabase(db, log);
  });
  const forgetOnCrash = closeOnCrash(close);

  return {
    db,
    handlers,
    bindSession,
    events,
    worker,
    signer,
    checkpoints: checkpointer,
    queueStatus,
    close,
  };
}
