import { randomBytes } from 'node:crypto';
import type { ChannelMode } from '../../contract/index.ts';
import type { Signer } from '../signer/signer.ts';
import {
  ChannelReplySchema,
  HEADER,
  signingInput,
  type ChannelReply,
  type Submission,
} from './protocol.ts';
import { sm4Seal } from './sm4.ts';

export interface ChannelConfig {
  baseUrl: string;
  appId: string;
  /** SM4 key, 32 hex characters. A secret: never logged. */
  sm4KeyHex: string;
  timeoutMs?: number;
}

/** The request never got an answer: it may or may not have reached the channel. */
export class ChannelUnreachable extends Error {
  constructor(cause: unknown) {
    super(`channel unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ChannelUnreachable';
  }
}

/**
 * Where an unsent invoice may go (docs/queue-and-sync.md, "Channel binding"): an invoice issued in one
 * mode never goes out in the other, and once sent it is only queried or resent where it was sent, the
 * channel that deduplicates its order number. `identity` is `<mode>:<AppID>`: the AppID is the account
 * the channel deduplicates on, so a gateway that only moved to a new URL stays the same channel.
 */
export interface ChannelBinding {
  mode: ChannelMode;
  identity: string;
}

export function channelBinding(mode: ChannelBinding['mode'], appId: string): ChannelBinding {
  return { mode, identity: `${mode}:${appId}` };
}

/** The TaxChannel every provider adapter implements; the sync worker knows only this. */
export interface TaxChannel {
  issue(invoices: Submission[]): Promise<ChannelReply>;
  query(orderNos: string[]): Promise<ChannelReply>;
  /** The issued invoice's file (XML) by order number. Optional: not every channel offers it. */
  download?(orderNo: string): Promise<ChannelReply>;
  health(): Promise<boolean>;
  /** Why the channel cannot send at all (not configured yet), or undefined when it can: while set, nothing is claimed. */
  unusableReason?(): string | undefined;
  /**
   * The channel in force and its binding, fixed for one batch, so a switch during a request can never
   * send items bound to one channel to another. A bare channel (tests, tools) has none: it is its own
   * channel, unbound, and every item may go to it.
   */
  pin?(): PinnedChannel;
}

export interface PinnedChannel {
  channel: TaxChannel;
  binding: ChannelBinding | undefined;
}

/** The till's own channel protocol over HTTP: sealed with SM4, signed with the store's SM2 key. */
export function createHttpChannel(config: ChannelConfig, signer: Signer): TaxChannel {
  const timeoutMs = config.timeoutMs ?? 15_000;

  async function post(path: string, payload: unknown): Promise<ChannelReply> {
    const body = JSON.stringify(sm4Seal(JSON.stringify(payload), config.sm4KeyHex));
    const timestamp = String(Date.now());
    const nonce = randomBytes(16).toString('hex');
    const signature = await signer.sign(signingInput(config.appId, timestamp, nonce, body));
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(path, config.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [HEADER.appId]: config.appId,
          [HEADER.timestamp]: timestamp,
          [HEADER.nonce]: nonce,
          [HEADER.signature]: signature,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw new ChannelUnreachable(err);
    }
    if (response.status >= 500 && response.status !== 503) throw new ChannelUnreachable(new Error(`HTTP ${response.status}`));
    try {
      return ChannelReplySchema.parse(JSON.parse(text));
    } catch {
      throw new ChannelUnreachable(new Error(`HTTP ${response.status}: unreadable reply`));
    }
  }

  return {
    issue: (invoices) => post('/v1/invoices/issue', { invoices }),
    query: (orderNos) => post('/v1/invoices/query', { orderNos }),
    download: (orderNo) => post('/v1/invoices/file', { orderNo, format: 'xml' }),
    async health() {
      try {
        const res = await fetch(new URL('/v1/health', config.baseUrl), { signal: AbortSignal.timeout(3_000) });
        await res.text();
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}
