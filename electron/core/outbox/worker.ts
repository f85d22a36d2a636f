import { ChannelUnreachable, type ChannelBinding, type PinnedChannel, type TaxChannel } from '../channel/client.ts';
import { RETURN_CODE, type ChannelReply, type ItemResult, type Submission } from '../channel/protocol.ts';
import { FapiaoError } from '../../contract/index.ts';
import type { Db } from '../store/db.ts';
import { storageError } from '../store/faults.ts';
import { auditKeyring } from '../store/audit.ts';
import { noteChannelMark, tillMark } from '../store/evidence.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
import { BusyBreaker, DEFAULT_BREAKER, type BreakerPolicy } from './breaker.ts';
import { claimForSending, dueItems, makeAllDue, markIssued, markRedForm, markRejected, markRetry, nextDueAt, renewLease, setAside, strike, type DueItem } from './queue.ts';

export interface WorkerOptions {
  db: Db;
  channel: TaxChannel;
  seller: Submission['seller'];
  now?: () => number;
  /** Invoices per signed request. */
  batchSize?: number;
  /**
   * Bytes of invoices (their submission JSON) per signed request: a batch is cut before it would pass this,
   * and an invoice whose request alone is larger is set aside (it could never be sent).
   */
  batchBytes?: number;
  /** Whole-request refusals of an invoice sent alone (while others were accepted) before it is set aside. */
  poisonStrikes?: number;
  backoff?: BackoffPolicy;
  breaker?: BreakerPolicy;
  /** How often to probe the channel while it is unreachable. */
  probeIntervalMs?: number;
  /**
   * How long a claim on an item lasts. Longer than any request can take (the channel timeout and
   * signing); when a process dies holding items, they come back after this and are queried first.
   */
  leaseMs?: number;
  random?: () => number;
  log?: (msg: string) => void;
  /** Copies the WAL into the database; by default inline, core gives it its own thread (store/checkpointer.ts). */
  checkpoint?: () => void;
  onInvoiceChanged: (orderNo: string) => void;
  onStatusChanged: () => void;
  /** A pass stopped by the store itself (STORE_FULL, STORE_READONLY, …): core frees the disk reserve and shows it. */
  onStorageFault?: (fault: FapiaoError) => void;
}

/** Refused for good: the invoice itself is wrong or not allowed; the manager must act (with the channel's message). */
const PERMANENT = new Set<string>([RETURN_CODE.parameterError, RETURN_CODE.permissionDenied, RETURN_CODE.redFormVoid]);
const BUSY = new Set<string>([RETURN_CODE.systemBusy, RETURN_CODE.maintenance]);

/** Default byte cap of one batch's invoices (their JSON): well under what a gateway takes in one request. */
export const DEFAULT_BATCH_BYTES = 1_000_000;

/** The channel refused the request as a whole (its envelope), answering for no invoice. */
const refusedWhole = (reply: ChannelReply): boolean => reply.results === undefined && PERMANENT.has(reply.code);

type Phase = 'query' | 'issue';
type Options = Required<Omit<WorkerOptions, 'onInvoiceChanged' | 'onStatusChanged' | 'onStorageFault'>> & WorkerOptions;

/**
 * Sends the outbox to the channel: oldest first, in signed batches, each item with its own backoff
 * (no head-of-line blocking). A request without an answer leaves its items "outcome unknown":
 * they are looked up by order number before they are ever sent again. "System busy" pauses the whole
 * worker (BusyBreaker). Nothing here is the source of truth: every decision reads the database.
 */
export class SyncWorker {
  private readonly o: Options;
  private readonly breaker: BusyBreaker;
  private timer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private probeFailures = 0;
  /** The channel has answered a request invoice by invoice (it works): a whole-request refusal of one invoice sent alone is that invoice's. */
  private answered = false;
  online = true;
  /** Resolves whenever a drain pass ends; tests and shutdown await it instead of sleeping. */
  private idleWaiters: Array<() => void> = [];

  constructor(options: WorkerOptions) {
    this.o = {
      now: Date.now,
      batchSize: 100,
      batchBytes: DEFAULT_BATCH_BYTES,
      poisonStrikes: 3,
      backoff: DEFAULT_BACKOFF,
      breaker: DEFAULT_BREAKER,
      probeIntervalMs: 2_000,
      leaseMs: 60_000,
      random: Math.random,
      log: (m: string) => console.error(m),
      checkpoint: () => options.db.pragma('wal_checkpoint(PASSIVE)'),
      ...options,
    };
    this.breaker = new BusyBreaker(this.o.breaker);
  }

  /** The channel in force for the next batch, and which invoices it may take (see ChannelBinding). */
  private pinned(): PinnedChannel {
    return this.o.channel.pin?.() ?? { channel: this.o.channel, binding: undefined };
  }

  get binding(): ChannelBinding | undefined {
    return this.pinned().binding;
  }

  /** When the channel said "busy": sending resumes after this (ms since the epoch), else undefined. */
  get busyUntil(): number | undefined {
    return this.breaker.isOpen(this.o.now()) ? this.breaker.openUntil : undefined;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    await this.running;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Drain now (a new invoice was queued, or someone pressed 同步). A kick during a pass runs one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // The pass starts on a later turn of the event loop: a kick from issueInvoice must not make the
    // cashier's call pay for claiming, sealing and signing a batch.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .catch((err: unknown) => this.passFailed(err))
      .finally(() => {
        this.running = undefined;
        this.checkpoint();
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        } else {
          this.again = false;
          this.schedule();
          for (const w of this.idleWaiters.splice(0)) w();
        }
      });
  }

  /**
   * A full or read-only disk is the store's state, not a bug: core is told (its items keep their lease and
   * are asked about first next time) and the log gets the code, not a stack trace.
   */
  private passFailed(err: unknown): void {
    const fault = storageError(err, this.o.db.name);
    if (fault instanceof FapiaoError) {
      this.o.log(`sync pass stopped: ${fault.code}: ${fault.errors[0]?.message_en ?? ''}`);
      this.o.onStorageFault?.(fault);
      return;
    }
    this.o.log(`sync pass failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  private lastCheckpoint = 0;

  /**
   * Copies the WAL into the database after batches and passes (at most once a second), so the WAL stays
   * small and the cashier's commit is never the one that hits the auto-checkpoint (see store/db.ts).
   */
  private checkpoint(): void {
    const now = Date.now();
    if (now - this.lastCheckpoint < 1_000) return;
    this.lastCheckpoint = now;
    try {
      this.o.checkpoint();
    } catch (err) {
      this.o.log(`checkpoint failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * The channel was re-pointed (the manager changed the channel, signer or key): whatever waits goes
   * out now rather than at its backoff, which was earned against the old channel.
   */
  channelChanged(): void {
    this.answered = false;
    makeAllDue(this.o.db, this.o.now());
    this.probeFailures = 0;
    this.setOnline(true);
    this.kick();
  }

  /** Resolves when the current pass (and any pass a kick asked for) has ended. */
  whenIdle(): Promise<void> {
    if (!this.running && !this.again) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // Without the audit key nothing can be recorded (AUDIT_KEY_MISSING): wait for IT, do not spin.
    if (auditKeyring(this.o.db)?.problem) return;
    if (!this.online) {
      // One probe timer at a time: kicks from new invoices must not keep postponing it.
      this.probeTimer ??= setTimeout(() => {
        this.probeTimer = undefined;
        void this.probe();
      }, this.o.probeIntervalMs);
      return;
    }
    const next = nextDueAt(this.o.db, this.binding);
    if (next === undefined) return;
    const at = Math.max(next, this.breaker.openUntil);
    this.timer = setTimeout(() => this.kick(), Math.min(2 ** 31 - 1, Math.max(0, at - this.o.now())));
  }

  private async probe(): Promise<void> {
    if (this.stopped) return;
    const healthy = await this.o.channel.health();
    if (this.stopped) return;
    if (healthy) {
      // Back after a real outage: the backlog goes out at once, oldest first. After a mere blip
      // (the first probe succeeds) items keep their own backoff.
      if (this.probeFailures > 0) makeAllDue(this.o.db, this.o.now());
      this.probeFailures = 0;
      this.setOnline(true);
      this.kick();
    } else {
      this.probeFailures++;
      this.schedule();
    }
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.o.onStatusChanged();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped || !this.online || auditKeyring(this.o.db)?.problem) return;
      const now = this.o.now();
      if (this.breaker.isOpen(now)) return;
      const { channel, binding } = this.pinned();
      // Nothing can be sent: leave every item as it is (unclaimed, cancellable) and wait for a usable channel.
      if (channel.unusableReason?.() !== undefined) {
        this.setOnline(false);
        return;
      }
      const due = dueItems(this.o.db, now, this.o.batchSize, binding);
      if (due.length === 0) return;
      // Another process of this till may have claimed some in the meantime: send only what we hold.
      // First attempts get their body fixed now; retries resend the stored one byte for byte.
      const bodies = new Map(due.filter((i) => i.body === undefined).map((i) => [i.orderNo, JSON.stringify(this.build(i))]));
      const batch = this.fitBytes(due, bodies, now);
      if (batch.length === 0) continue;
      const claimed = new Set(claimForSending(this.o.db, batch.map((i) => i.orderNo), now, this.o.leaseMs, bodies, binding));
      const items = batch.filter((i) => claimed.has(i.orderNo)).map((i) => (i.body === undefined ? { ...i, body: bodies.get(i.orderNo)! } : i));
      items.forEach((i) => this.o.onInvoiceChanged(i.orderNo));
      if (items.length === 0) continue;
      try {
        await this.sendBatch(channel, items, now + this.o.leaseMs);
        this.checkpoint();
      } catch (err) {
        // No answer (timeout, reset, 5xx) or a local failure (signer): nobody knows whether it arrived.
        const message = err instanceof Error ? err.message : String(err);
        this.o.db.transaction(() => items.forEach((item) => this.retry(item, message, true))).immediate();
        this.o.onStatusChanged();
        if (err instanceof ChannelUnreachable) this.setOnline(false);
        else this.o.log(`sync batch failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return;
      }
    }
  }

  /** `leaseUntil`: the lease the items were claimed with, renewed when sending them one by one. */
  private async sendBatch(channel: TaxChannel, items: DueItem[], leaseUntil: number): Promise<void> {
    // Items whose earlier attempt got no answer: ask before sending again.
    let toSend = items;
    const unknown = items.filter((i) => i.outcomeUnknown);
    if (unknown.length > 0) {
      const reply = await channel.query(unknown.map((i) => i.orderNo));
      const settled = this.apply(unknown, reply, 'query');
      toSend = items.filter((i) => !settled.has(i.orderNo));
    }
    if (toSend.length === 0) return;
    const reply = await channel.issue(toSend.map((i) => this.submission(i)), tillMark(this.o.db));
    noteChannelMark(this.o.db, reply.till);
    if (refusedWhole(reply) && toSend.length === 1 && this.answered) {
      // Refused alone, again, by a channel that answers other invoices: this invoice poisons its request.
      this.strike(toSend[0]!, reply);
      return;
    }
    if (reply.code === RETURN_CODE.parameterError && reply.results === undefined && toSend.length > 1) {
      // The channel refused the whole batch: one bad invoice must not hold up the rest, so each goes alone.
      // That can outlast the lease: each item's is renewed first, and one another pass took meanwhile is left to it.
      const refusedAlone: Array<[DueItem, ChannelReply]> = [];
      let answeredAlone = false;
      for (const item of toSend) {
        if (!renewLease(this.o.db, item.orderNo, leaseUntil, this.o.now() + this.o.leaseMs)) continue;
        const alone = await channel.issue([this.submission(item)], tillMark(this.o.db));
        noteChannelMark(this.o.db, alone.till);
        if (refusedWhole(alone)) refusedAlone.push([item, alone]);
        else {
          answeredAlone ||= alone.results !== undefined;
          this.apply([item], alone, 'issue');
        }
      }
      // Refused as a whole alone while others went through: the invoice itself poisons the request (a
      // strike, set aside at poisonStrikes). If nothing went through, the channel refuses everything
      // (a key, a setting): no item is to blame, each just waits, and until the channel answers invoice
      // by invoice again no lone refusal counts either.
      if (!answeredAlone && refusedAlone.length > 1) this.answered = false;
      for (const [item, alone] of refusedAlone) {
        if (answeredAlone || this.answered) this.strike(item, alone);
        else this.apply([item], alone, 'issue');
      }
      return;
    }
    this.apply(toSend, reply, 'issue');
  }

  /**
   * Applies a channel reply to items; returns the order numbers it settled (issued, rejected or retried).
   * One transaction for the whole reply: one fsync per batch, not per invoice.
   */
  private apply(items: DueItem[], reply: ChannelReply, phase: Phase): Set<string> {
    if (reply.results !== undefined) this.answered = true;
    const changed: string[] = [];
    const settled = this.o.db.transaction(() => this.applyAll(items, reply, phase, changed)).immediate();
    changed.forEach((orderNo) => this.o.onInvoiceChanged(orderNo));
    this.o.onStatusChanged();
    return settled;
  }

  private applyAll(items: DueItem[], reply: ChannelReply, phase: Phase, changed: string[]): Set<string> {
    const settled = new Set<string>();
    const byOrder = new Map<string, ItemResult>((reply.results ?? []).map((r) => [r.orderNo, r]));
    const now = this.o.now();
    if (BUSY.has(reply.code) && reply.results === undefined) {
      // The request was not processed: nothing changed at the channel, whatever we knew before stands.
      const resumeAt = this.breaker.trip(now);
      for (const item of items) {
        markRetry(this.o.db, item.orderNo, `${reply.code} ${reply.message}`, resumeAt, phase === 'query', now);
        changed.push(item.orderNo);
        settled.add(item.orderNo);
      }
      return settled;
    }
    this.breaker.reset();
    for (const item of items) {
      const result = byOrder.get(item.orderNo);
      const code = result?.code ?? reply.code;
      const message = result?.message ?? reply.message;
      if (result?.redForm) markRedForm(this.o.db, item.orderNo, result.redForm.formNo, result.redForm.state, now);
      if (result?.issued && (code === RETURN_CODE.ok || code === RETURN_CODE.duplicate)) {
        markIssued(this.o.db, item.orderNo, result.issued, now);
      } else if (code === RETURN_CODE.notFound && phase === 'query' && result !== undefined) {
        continue; // Never arrived: send it now, in this same batch.
      } else if (PERMANENT.has(code) && result !== undefined && (phase === 'issue' || code === RETURN_CODE.redFormVoid)) {
        // Only a refused submission (or a voided 确认单) is final; a refused query says nothing about the invoice.
        markRejected(this.o.db, item.orderNo, code, message, now);
      } else {
        // Busy for this item, a duplicate without the invoice, a red form awaiting the buyer, an envelope
        // refusal (signature, timestamp): later. "Duplicate" and unanswered queries stay outcome-unknown.
        const unknown =
          code === RETURN_CODE.duplicate ||
          (phase === 'query' && code !== RETURN_CODE.redFormPending) ||
          (result === undefined && reply.code === RETURN_CODE.ok);
        this.retry(item, `${code} ${message}`, unknown, changed);
        settled.add(item.orderNo);
        continue;
      }
      settled.add(item.orderNo);
      changed.push(item.orderNo);
    }
    return settled;
  }

  /**
   * The batch, capped by bytes as well as count: items in order while their bodies fit in batchBytes (the
   * rest stay due for the next batch). One whose body alone is larger can never be sent: set aside.
   * The bodies are the strings sent anyway: measured, never serialised again.
   */
  private fitBytes(due: DueItem[], bodies: ReadonlyMap<string, string>, now: number): DueItem[] {
    const batch: DueItem[] = [];
    let bytes = 0;
    for (const item of due) {
      const size = Buffer.byteLength(item.body ?? bodies.get(item.orderNo)!, 'utf8');
      if (size > this.o.batchBytes) {
        const reason = `TOO_LARGE 上传请求 ${size} 字节，超过单批上限 ${this.o.batchBytes} 字节 / request of ${size} bytes is over the batch cap of ${this.o.batchBytes}`;
        if (setAside(this.o.db, item.orderNo, reason, now)) {
          this.o.log(`set aside ${item.orderNo}: ${size} bytes > batch cap ${this.o.batchBytes}`);
          this.o.onInvoiceChanged(item.orderNo);
          this.o.onStatusChanged();
        }
        continue;
      }
      if (batch.length > 0 && bytes + size > this.o.batchBytes) break;
      bytes += size;
      batch.push(item);
    }
    return batch;
  }

  /** One more whole-request refusal of an item sent alone; set aside at poisonStrikes (queue.ts strike). */
  private strike(item: DueItem, reply: ChannelReply): void {
    const now = this.o.now();
    const next = now + backoffDelay(this.o.backoff, item.attempts + 1, this.o.random);
    if (strike(this.o.db, item.orderNo, `${reply.code} ${reply.message}`, now, this.o.poisonStrikes, next)) this.o.log(`set aside ${item.orderNo}: ${reply.code} ${reply.message}`);
    this.o.onInvoiceChanged(item.orderNo);
    this.o.onStatusChanged();
  }

  private retry(item: DueItem, error: string, outcomeUnknown: boolean, changed?: string[]): void {
    const now = this.o.now();
    const delay = backoffDelay(this.o.backoff, item.attempts + 1, this.o.random);
    markRetry(this.o.db, item.orderNo, error, now + delay, outcomeUnknown, now);
    if (changed) changed.push(item.orderNo);
    else this.o.onInvoiceChanged(item.orderNo);
  }

  /** What is sent for an item: the body stored at its first claim. */
  private submission(item: DueItem): Submission {
    return item.body === undefined ? this.build(item) : (JSON.parse(item.body) as Submission);
  }

  private build(item: DueItem): Submission {
    const s: Submission = {
      orderNo: item.orderNo,
      kind: item.kind,
      draft: item.draft,
      computed: item.computed,
      seller: this.o.seller,
      createdAt: item.createdAt,
    };
    if (item.red) s.red = item.red;
    if (item.tillSeq !== undefined) s.tillSeq = item.tillSeq;
    return s;
  }
}
