import { ChannelUnreachable, type TaxChannel } from '../channel/client.ts';
import { RETURN_CODE, type ChannelReply, type ItemResult, type Submission } from '../channel/protocol.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
import { dueItems, makeAllDue, markIssued, markRejected, markRetry, markSubmitting, nextDueAt, type DueItem } from './queue.ts';

export interface WorkerOptions {
  db: Db;
  channel: TaxChannel;
  seller: Submission['seller'];
  now?: () => number;
  batchSize?: number;
  backoff?: BackoffPolicy;
  /** How often to probe the channel while it is unreachable. */
  probeIntervalMs?: number;
  onInvoiceChanged: (orderNo: string) => void;
  onStatusChanged: () => void;
}

const PERMANENT = new Set<string>([RETURN_CODE.parameterError, RETURN_CODE.permissionDenied]);

/**
 * Sends the outbox to the channel: oldest first, in signed batches, each item with its own backoff
 * (no head-of-line blocking). A request without an answer leaves its items "outcome unknown":
 * they are looked up by order number before they are ever sent again.
 */
export class SyncWorker {
  private readonly o: Required<Omit<WorkerOptions, 'onInvoiceChanged' | 'onStatusChanged'>> & WorkerOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  online = true;
  /** Resolves whenever a drain pass ends; tests and shutdown await it instead of sleeping. */
  private idleWaiters: Array<() => void> = [];

  constructor(options: WorkerOptions) {
    this.o = {
      now: Date.now,
      batchSize: 50,
      backoff: DEFAULT_BACKOFF,
      probeIntervalMs: 2_000,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Drain now (a new invoice was queued, or someone pressed 同步). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.schedule();
        for (const w of this.idleWaiters.splice(0)) w();
      }
    });
  }

  /** Resolves when the worker has nothing due right now (the next pass, if one is running, has ended). */
  whenIdle(): Promise<void> {
    if (!this.running && !this.again) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (!this.online) {
      this.timer = setTimeout(() => void this.probe(), this.o.probeIntervalMs);
      return;
    }
    const next = nextDueAt(this.o.db);
    if (next === undefined) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, next - this.o.now()));
  }

  private async probe(): Promise<void> {
    if (this.stopped) return;
    if (await this.o.channel.health()) {
      makeAllDue(this.o.db, this.o.now());
      this.setOnline(true);
      this.kick();
    } else this.schedule();
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.o.onStatusChanged();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const items = dueItems(this.o.db, this.o.now(), this.o.batchSize);
      if (items.length === 0) return;
      try {
        await this.sendBatch(items);
        this.setOnline(true);
      } catch (err) {
        if (!(err instanceof ChannelUnreachable)) throw err;
        for (const item of items) this.retry(item, err.message, true);
        this.setOnline(false);
        return;
      }
    }
  }

  private async sendBatch(items: DueItem[]): Promise<void> {
    const now = this.o.now();
    markSubmitting(this.o.db, items.map((i) => i.orderNo), now);
    items.forEach((i) => this.o.onInvoiceChanged(i.orderNo));

    // Items whose earlier attempt got no answer: ask before sending again.
    let toSend = items;
    const unknown = items.filter((i) => i.outcomeUnknown);
    if (unknown.length > 0) {
      const reply = await this.o.channel.query(unknown.map((i) => i.orderNo));
      const settled = this.apply(unknown, reply, { notFoundMeansSend: true });
      toSend = items.filter((i) => !settled.has(i.orderNo));
    }
    if (toSend.length === 0) return;
    const reply = await this.o.channel.issue(toSend.map((i) => this.submission(i)));
    this.apply(toSend, reply, { notFoundMeansSend: false });
  }

  /** Applies a channel reply to items; returns the order numbers it settled (issued, rejected or retried). */
  private apply(items: DueItem[], reply: ChannelReply, opts: { notFoundMeansSend: boolean }): Set<string> {
    const settled = new Set<string>();
    const byOrder = new Map<string, ItemResult>((reply.results ?? []).map((r) => [r.orderNo, r]));
    const now = this.o.now();
    for (const item of items) {
      const result = byOrder.get(item.orderNo);
      const code = result?.code ?? reply.code;
      const message = result?.message ?? reply.message;
      if (result?.issued && (code === RETURN_CODE.ok || code === RETURN_CODE.duplicate)) {
        markIssued(this.o.db, item.orderNo, result.issued, now);
      } else if (code === RETURN_CODE.notFound && opts.notFoundMeansSend) {
        continue;
      } else if (PERMANENT.has(code) && result !== undefined) {
        markRejected(this.o.db, item.orderNo, code, message, now);
      } else {
        // Busy, maintenance, a duplicate not yet fetched, or an envelope-level refusal: try again later.
        // While a query could not settle it, or the channel says it exists, the outcome stays unknown.
        this.retry(item, `${code} ${message}`, opts.notFoundMeansSend || code === RETURN_CODE.duplicate);
        settled.add(item.orderNo);
        continue;
      }
      settled.add(item.orderNo);
      this.o.onInvoiceChanged(item.orderNo);
    }
    this.o.onStatusChanged();
    return settled;
  }

  private retry(item: DueItem, error: string, outcomeUnknown: boolean): void {
    const now = this.o.now();
    markRetry(this.o.db, item.orderNo, error, now + backoffDelay(this.o.backoff, item.attempts + 1), outcomeUnknown, now);
    this.o.onInvoiceChanged(item.orderNo);
  }

  private submission(item: DueItem): Submission {
    return {
      orderNo: item.orderNo,
      kind: item.kind,
      draft: item.draft,
      computed: item.computed,
      seller: this.o.seller,
      createdAt: item.createdAt,
    };
  }
}
