import { afterEach, describe, expect, test } from 'vitest';
import { ChannelUnreachable, channelBinding, type TaxChannel } from '../../../electron/core/channel/client.ts';
import { switchableChannel } from '../../../electron/core/channel/switchable.ts';
import { RETURN_CODE } from '../../../electron/core/channel/protocol.ts';
import { backoffDelay, seededRandom } from '../../../electron/core/outbox/backoff.ts';
import { BusyBreaker } from '../../../electron/core/outbox/breaker.ts';
import { claimForSending } from '../../../electron/core/outbox/queue.ts';
import { SyncWorker, type WorkerOptions } from '../../../electron/core/outbox/worker.ts';
import { openDatabase, type Db } from '../../../electron/core/store/db.ts';
import { getInvoice } from '../../../electron/core/store/invoices.ts';
import { tempDir } from '../../support/tmp.ts';
import { FakeChannel, count, queueOne } from './helpers.ts';

const SELLER = { name: '门店', taxId: '91310115591693856A', taxpayerType: 'general' as const };

describe('backoff and busy breaker', () => {
  test('10 s, 30 s, 60 s … capped at the last step, with bounded jitter, reproducible from a seed', () => {
    const p = { stepsMs: [10_000, 30_000, 60_000], jitter: 0.2 };
    expect([1, 2, 3, 4, 9].map((a) => backoffDelay(p, a, () => 0.5))).toEqual([10_000, 30_000, 60_000, 60_000, 60_000]);
    const r1 = seededRandom(7);
    const r2 = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(p, 1, r1);
      expect(d).toBe(backoffDelay(p, 1, r2));
      expect(d).toBeGreaterThanOrEqual(8_000);
      expect(d).toBeLessThanOrEqual(12_000);
    }
  });

  test('each busy answer in a row doubles the pause up to the cap; a real answer resets it', () => {
    const b = new BusyBreaker({ baseMs: 100, maxMs: 350 });
    expect(b.trip(0)).toBe(100);
    expect(b.trip(0)).toBe(200);
    expect(b.trip(0)).toBe(350);
    expect(b.isOpen(349)).toBe(true);
    b.reset();
    expect(b.isOpen(1)).toBe(false);
    expect(b.trip(0)).toBe(100);
  });
});

describe('SyncWorker against a scripted channel', () => {
  const data = tempDir();
  let db: Db;
  let worker: SyncWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    db?.close();
  });

  let listeners: Array<() => void> = [];
  function start(channel: TaxChannel, o: Partial<WorkerOptions> = {}): SyncWorker {
    listeners = [];
    worker = new SyncWorker({
      db,
      channel,
      seller: SELLER,
      batchSize: 10,
      backoff: { stepsMs: [5, 10], jitter: 0 },
      breaker: { baseMs: 50, maxMs: 100 },
      probeIntervalMs: 5,
      log: () => {},
      onInvoiceChanged: () => {},
      ...o,
      onStatusChanged: () => {
        o.onStatusChanged?.();
        listeners.forEach((l) => l());
      },
    });
    worker.start();
    return worker;
  }

  /** Resolves when the outbox is empty, checked on every status event the worker sends. */
  function drained(_w: SyncWorker): Promise<void> {
    const empty = () => count(db, 'SELECT COUNT(*) AS n FROM outbox') === 0;
    if (empty()) return Promise.resolve();
    return new Promise((resolve) => listeners.push(() => empty() && resolve()));
  }

  test('a timeout after the channel committed: queried by order number, accepted, never sent twice', async () => {
    db = openDatabase(`${data.path}/w1.db`);
    queueOne(db, 'T1');
    queueOne(db, 'T2');
    const ch = new FakeChannel();
    ch.script = (op, _o, call) => (op === 'issue' && call === 1 ? 'commitThenThrow' : undefined);
    const w = start(ch);
    await drained(w);
    expect(ch.calls.map((c) => c.op)).toEqual(['issue', 'query']);
    expect(getInvoice(db, 'T1')?.view.number).toBe(ch.issued.get('T1')?.number);
    expect(getInvoice(db, 'T2')?.view.status).toBe('issued');
  });

  test('a retry resends the body of the first attempt byte for byte, even if settings changed meanwhile', async () => {
    db = openDatabase(`${data.path}/w8.db`);
    queueOne(db, 'R1');
    const seller = { ...SELLER };
    const ch = new FakeChannel();
    ch.script = (op, _o, call) => {
      if (op === 'issue' && call === 1) {
        seller.name = '改名后的门店';
        throw new ChannelUnreachable(new Error('reset'));
      }
      return undefined;
    };
    const w = start(ch, { seller });
    await drained(w);
    expect(ch.sent.map((s) => s.seller.name)).toEqual([SELLER.name, SELLER.name]);
    expect(JSON.stringify(ch.sent[1])).toBe(JSON.stringify(ch.sent[0]));
    expect(count(db, 'SELECT COUNT(*) AS n FROM outbox_bodies')).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.submitting' AND data_json LIKE '%bodySm3%'")).toBe(1);
  });

  test('"duplicate" without the invoice: fetched by query and accepted', async () => {
    db = openDatabase(`${data.path}/w2.db`);
    queueOne(db, 'D1');
    const ch = new FakeChannel();
    ch.script = (op, orderNos, call) => {
      if (op !== 'issue' || call !== 1) return undefined;
      orderNos.forEach((o) => ch.issued.set(o, { number: '26311000000000000999', issuedAt: 1, qr: 'q' }));
      return { code: RETURN_CODE.ok, message: 'ok', results: orderNos.map((o) => ({ orderNo: o, code: RETURN_CODE.duplicate, message: '重复' })) };
    };
    const w = start(ch);
    await drained(w);
    expect(getInvoice(db, 'D1')?.view).toMatchObject({ status: 'issued', number: '26311000000000000999' });
    expect(ch.calls.filter((c) => c.op === 'issue')).toHaveLength(1);
  });

  test('parameter error and permission denied are permanent: rejected with the channel message; others go on', async () => {
    db = openDatabase(`${data.path}/w3.db`);
    for (const o of ['P1', 'P2', 'P3']) queueOne(db, o);
    const ch = new FakeChannel();
    ch.script = (op, orderNos) =>
      op === 'issue' && orderNos.includes('P1')
        ? {
            code: RETURN_CODE.ok,
            message: 'ok',
            results: [
              { orderNo: 'P1', code: RETURN_CODE.parameterError, message: '购买方税号有误' },
              { orderNo: 'P2', code: RETURN_CODE.permissionDenied, message: '无开票权限' },
              { orderNo: 'P3', code: RETURN_CODE.ok, message: 'ok', issued: { number: '26311000000000000003', issuedAt: 1, qr: 'q' } },
            ],
          }
        : undefined;
    const w = start(ch);
    await drained(w);
    expect(getInvoice(db, 'P1')?.view).toMatchObject({ status: 'rejected', rejectCode: '1001', rejectMessage: '购买方税号有误' });
    expect(getInvoice(db, 'P2')?.view).toMatchObject({ status: 'rejected', rejectCode: '1002' });
    expect(getInvoice(db, 'P3')?.view.status).toBe('issued');
  });

  test('"system busy" pauses the whole worker (breaker) and then everything goes out', async () => {
    db = openDatabase(`${data.path}/w4.db`);
    for (let i = 0; i < 25; i++) queueOne(db, `B${i}`);
    const ch = new FakeChannel();
    let busy = 3;
    ch.script = (op) => (op === 'issue' && busy-- > 0 ? { code: RETURN_CODE.systemBusy, message: '系统繁忙' } : undefined);
    let sawBusy = false;
    const w = start(ch, { onStatusChanged: () => (sawBusy ||= worker?.busyUntil !== undefined) });
    await drained(w);
    expect(sawBusy).toBe(true);
    expect(count(db, "SELECT COUNT(*) AS n FROM invoices WHERE status = 'issued'")).toBe(25);
    expect(ch.issued.size).toBe(25);
  });

  test('offline: items wait, the probe finds the channel back, the backlog drains oldest first in batches', async () => {
    db = openDatabase(`${data.path}/w5.db`);
    for (let i = 0; i < 25; i++) queueOne(db, `O${String(i).padStart(2, '0')}`, 1000 + i);
    const ch = new FakeChannel();
    let down = true;
    ch.healthy = false;
    ch.script = () => {
      if (down) throw new ChannelUnreachable(new Error('ECONNREFUSED'));
      return undefined;
    };
    let online = true;
    const w = start(ch, { onStatusChanged: () => (online = worker!.online), backoff: { stepsMs: [60_000], jitter: 0 } });
    // A real outage: the probe fails at least once before the channel is back.
    await new Promise<void>((resolve) => (ch.onHealth = (ok) => !ok && resolve()));
    expect(online).toBe(false);
    down = false;
    ch.healthy = true;
    await drained(w);
    expect(online).toBe(true);
    const issues = ch.calls.filter((c) => c.op === 'issue').slice(1);
    expect(issues.map((c) => c.orderNos.length)).toEqual([10, 10, 5]);
    expect(issues[0]!.orderNos[0]).toBe('O00');
  });

  test('a batch refused as a whole (envelope 1001): each invoice goes alone, the bad one waits, the rest are issued', async () => {
    db = openDatabase(`${data.path}/w7.db`);
    for (const o of ['H1', 'HBAD', 'H2', 'H3']) queueOne(db, o);
    const ch = new FakeChannel();
    ch.script = (op, orderNos) => (op === 'issue' && orderNos.includes('HBAD') ? { code: RETURN_CODE.parameterError, message: 'bad request' } : undefined);
    const w = start(ch, { backoff: { stepsMs: [60_000], jitter: 0 } });
    await new Promise<void>((resolve) => listeners.push(() => count(db, 'SELECT COUNT(*) AS n FROM outbox') === 1 && resolve()));
    await w.whenIdle();
    expect(['H1', 'H2', 'H3'].map((o) => getInvoice(db, o)?.view.status)).toEqual(['issued', 'issued', 'issued']);
    expect(getInvoice(db, 'HBAD')?.view.status).toBe('retry');
  });

  test('sent one by one past the lease: each claim is renewed first, and one another pass took meanwhile is not sent again', async () => {
    db = openDatabase(`${data.path}/w11.db`);
    for (const o of ['L1', 'L2', 'L3']) queueOne(db, o, 0);
    const LEASE = 1_000;
    let clock = 1;
    let other: string[] = [];
    const ch = new FakeChannel();
    ch.script = (op, orderNos, call) => {
      if (op === 'issue' && call === 1) return { code: RETURN_CODE.parameterError, message: 'bad request' };
      if (call === 2) {
        // The first lone request is slow: every lease has run out, and another pass of this till claims L3.
        clock += LEASE + 1;
        other = claimForSending(db, ['L3'], clock, LEASE);
      }
      return undefined;
    };
    const w = start(ch, { now: () => clock, leaseMs: LEASE });
    await new Promise<void>((resolve) => listeners.push(() => getInvoice(db, 'L2')?.view.status === 'issued' && resolve()));
    await w.whenIdle();
    expect(other).toEqual(['L3']);
    expect(ch.calls.map((c) => c.orderNos.join())).toEqual(['L1,L2,L3', 'L1', 'L2']);
    expect(getInvoice(db, 'L3')?.view.status).toBe('submitting');
    expect(count(db, 'SELECT next_attempt_at AS n FROM outbox WHERE order_no = ?', 'L3')).toBe(clock + LEASE);
  });

  test('a channel switch mid-batch: the batch ends at the channel its items were claimed for, the other never hears of them', async () => {
    db = openDatabase(`${data.path}/w9.db`);
    queueOne(db, 'P1');
    const a = new FakeChannel();
    const b = new FakeChannel();
    const sw = switchableChannel(a);
    sw.use(a, channelBinding('sandbox', 'a'));
    a.script = (op, _o, call) => {
      if (op === 'issue' && call === 1) throw new ChannelUnreachable(new Error('reset')); // lost before it arrived
      if (op === 'query') sw.use(b, channelBinding('sandbox', 'b')); // the manager switches while A is asked
      return undefined;
    };
    start(sw);
    await new Promise<void>((resolve) => listeners.push(() => getInvoice(db, 'P1')?.view.status === 'issued' && resolve()));
    // Asked at A ("not found"), then sent in the same batch: to A, where it was claimed, not to B.
    expect(a.calls.map((c) => c.op)).toEqual(['issue', 'query', 'issue']);
    expect(b.calls).toEqual([]);
    expect(getInvoice(db, 'P1')?.view.number).toBe(a.issued.get('P1')?.number);
  });

  test('items bound to another channel wait for it: not claimed, not scheduled, and sent once it is back', async () => {
    db = openDatabase(`${data.path}/w10.db`);
    queueOne(db, 'Q1'); // issued in sandbox mode
    const prod = new FakeChannel();
    const sandbox = new FakeChannel();
    const sw = switchableChannel(prod);
    sw.use(prod, channelBinding('production', 'p'));
    const w = start(sw);
    await w.whenIdle();
    expect(prod.calls).toEqual([]);
    expect(w.binding).toEqual({ mode: 'production', identity: 'production:p' });
    expect(count(db, "SELECT COUNT(*) AS n FROM outbox WHERE bound_to = 'sandbox' AND attempts = 0")).toBe(1);
    sw.use(sandbox, channelBinding('sandbox', 's'));
    w.channelChanged();
    await new Promise<void>((resolve) => listeners.push(() => getInvoice(db, 'Q1')?.view.status === 'issued' && resolve()));
    expect(sandbox.calls.map((c) => c.op)).toEqual(['issue']);
    expect(prod.calls).toEqual([]);
  });

  test('a kick during a drain runs one more pass; whenIdle waits for it', async () => {
    db = openDatabase(`${data.path}/w6.db`);
    queueOne(db, 'K1');
    const ch = new FakeChannel();
    const w = start(ch);
    queueOne(db, 'K2');
    w.kick();
    await w.whenIdle();
    expect(getInvoice(db, 'K1')?.view.status).toBe('issued');
    expect(getInvoice(db, 'K2')?.view.status).toBe('issued');
  });
});
