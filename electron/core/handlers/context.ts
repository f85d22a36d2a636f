import type { CallName, CallParsedRequest, CallResponse, ChannelMode, QueueStatus } from '../../contract/index.ts';
import type { AppConfig } from '../config.ts';
import type { SecretStore } from '../secrets.ts';
import type { SignerSlot } from '../signer/slot.ts';
import type { CoreEvents } from '../events.ts';
import type { CalcContext } from '../invoice/compute.ts';
import type { SyncWorker } from '../outbox/worker.ts';
import type { Db } from '../store/db.ts';
import type { PinGuard } from './pin-guard.ts';

export type Handler<N extends CallName> = (request: CallParsedRequest<N>) => Promise<CallResponse<N>>;
export type Handlers = { [N in CallName]: Handler<N> };
/** What one domain's handler factory returns: the handlers of its own calls. */
export type HandlersFor<N extends CallName> = { [K in N]: Handler<K> };

/** What every domain's handlers may use; built once by openCore. */
export interface CoreContext {
  db: Db;
  config: AppConfig;
  events: CoreEvents;
  worker: SyncWorker;
  now: () => number;
  calcContext: CalcContext;
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
}
