import { randomBytes } from 'node:crypto';
import { uptime } from 'node:os';
import type { ChannelMode } from '../../contract/index.ts';
import type { Signer } from '../signer/signer.ts';
import {
  ChannelReplySchema,
  HEADER,
  replySigningInput,
  signingInput,
  type ChannelReply,
  type Submission,
  type TillMark,
} from './protocol.ts';
import { sm4Seal } from './sm4.ts';
import { verifySm2 } from '../signer/soft-signer.ts';

export interface ChannelConfig {
  baseUrl: string;
  appId: string;
  /** SM4 key, 32 hex characters. A secret: never logged. */
  sm4KeyHex: string;
  /**
   * The channel's SM2 public key (pinned: the sandbox's from registration, a gateway's from the settings):
   * a reply that does not verify under it is no reply at all (docs/channel-protocol.md, "Reply signatures").
   */
  replyKeyHex: string;
  timeoutMs?: number;
}

/** The channel's clock as its last verified reply gave it, and the system's uptime (s) then. */
export interface ChannelTime {
  channelMs: number;
  uptimeS: number;
}

/**
 * The channel's time now: its signed time advanced by the system uptime since, a clock that setting the
 * date does not move and that keeps counting through sleep (unlike performance.now()); 1 s resolution.
 */
export function trustedNowFrom(t: ChannelTime | undefined): number | undefined {
  return t === undefined ? undefined : t.channelMs + (uptime() - t.uptimeS) * 1000;
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
  /** `till`: the till's high-water mark, sent along so the channel holds it (protocol `till`). */
  issue(invoices: Submission[], till?: TillMark): Promise<ChannelReply>;
  query(orderNos: string[]): Promise<ChannelReply>;
  /** The issued invoice's file (XML) by order number. Optional: not every channel offers it. */
  download?(orderNo: string): Promise<ChannelReply>;
  health(): Promise<boolean>;
  /** The channel's time from its last verified reply (clock-ahead detection), when it gives one. */
  channelTime?(): ChannelTime | undefined;
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

/** The largest reply the till reads (a batch's results, an invoice file): more is no reply, before any hashing or parsing. */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

async function readCapped(response: Response): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_REPLY_BYTES) {
    await response.body?.cancel();
    throw new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let r = await reader?.read(); r !== undefined && !r.done; r = await reader?.read()) {
    size += r.value.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await reader?.cancel();
      throw new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`);
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The till's own channel protocol over HTTP: sealed with SM4, signed with the store's SM2 key. */
export function createHttpChannel(config: ChannelConfig, signer: Signer): TaxChannel {
  const timeoutMs = config.timeoutMs ?? 15_000;
  let lastTime: ChannelTime | undefined;

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
        // A redirect would carry the sealed batch to an address nobody checked (an https gateway to http://…).
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readCapped(response);
    } catch (err) {
      throw new ChannelUnreachable(err);
    }
    if (response.status >= 500 && response.status !== 503) throw new ChannelUnreachable(new Error(`HTTP ${response.status}`));
    // Unsigned, altered, or an old reply replayed for another request: treated as no reply (outcome unknown,
    // query later), never as issued or rejected. Checked before anything of the body is parsed.
    const at = response.headers.get(HEADER.replyTimestamp) ?? '';
    const replySignature = response.headers.get(HEADER.replySignature) ?? '';
    if (!/^\d{1,15}$/.test(at) || !verifySm2(replySigningInput(config.appId, nonce, at, response.status, text), replySignature, config.replyKeyHex))
      throw new ChannelUnreachable(new Error(`HTTP ${response.status}: reply signature does not verify (回复签名无效)`));
    lastTime = { channelMs: Number(at), uptimeS: uptime() };
    try {
      return ChannelReplySchema.parse(JSON.parse(text));
    } catch {
      throw new ChannelUnreachable(new Error(`HTTP ${response.status}: unreadable reply`));
    }
  }

  return {
    issue: (invoices, till) => post('/v1/invoices/issue', till === undefined ? { invoices } : { invoices, till }),
    query: (orderNos) => post('/v1/invoices/query', { orderNos }),
    download: (orderNo) => post('/v1/invoices/file', { orderNo, format: 'xml' }),
    channelTime: () => lastTime,
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
