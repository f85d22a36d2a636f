import type { CallName, CallParsedRequest, CallResponse, ChannelMode, QueueStatus } from '../../contract/index.ts';
import type { AppConfig } from '../config.ts';
import type { SecretStore } from '../secrets.ts';
import type { SignerSlot } from '../signer/slot.ts';
import type { CoreEvents } from '../events.ts';
import type { CalcContext } from '../invoice/compute.ts';
import type { IssueLimits } from '../invoice/issue-limits.ts';
import type { SyncWorker } from '../outbox/worker.ts';
import type { Db } from '../store/db.ts';
import type { CallSession } from '../auth/session.ts';
import type { PinGuard } from './pin-guard.ts';

/** A call as the CLI, tests and dispatchers make it: bound to one session (core.handlers: the local IT session). */
export type Handler<N extends CallName> = (request: CallParsedRequest<N>) => Promise<CallResponse<N>>;
export type Handlers = { [N in CallName]: Handler<N> };
/** A handler as core implements it: the session says who is acting (auth/session.ts); never the request. */
export type SessionHandler<N extends CallName> = (request: CallParsedRequest<N>, session: CallSession) => Promise<CallResponse<N>>;
export type SessionHandlers = { [N in CallName]: SessionHandler<N> };
/** What one domain's handler factory returns: the handlers of its own calls. */
export type HandlersFor<N extends CallName> = { [K in N]: SessionHandler<K> };

/** What every domain's handlers may use; built once by openCore. */
export interface CoreContext {
  db: Db;
  config: AppConfig;
  events: CoreEvents;
  worker: SyncWorker;
  now: () => number;
  calcContext: CalcContext;
  /** The channel's time (its last signed reply, advanced since), when known: a clock ahead of it is CLOCK_AHEAD. */
  trustedNow(): number | undefined;
  /** Per-invoice limits from the settings (calcContext.maxInvoiceTotal follows maxInvoiceTotal); edited live. */
  issueLimits: IssueLimits;
  queueStatus(): QueueStatus;
  secrets: SecretStore;
  /** Every PIN check, with one lockout against guessing. */
  pins: PinGuard;
  /** The key the channel signs with, as the UI sees it. */
  signer: SignerSlot;
  /** The channel mode in force (the settings' choice over config.json): new invoices are bound to it. */
  channelMode(): ChannelMode;
  /** Tell the shell the channel, signer or their secrets changed. */
  channelSettingsChanged(): void;
  /** Brings the database file up to date with its WAL now (before a backup). */
  checkpointNow(): Promise<unknown>;
}
