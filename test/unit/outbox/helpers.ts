import type { TaxChannel } from '../../../electron/core/channel/client.ts';
import { RETURN_CODE, type ChannelReply, type Submission } from '../../../electron/core/channel/protocol.ts';
import { computeInvoice } from '../../../electron/core/invoice/compute.ts';
import type { Db } from '../../../electron/core/store/db.ts';
import { storeNewInvoice } from '../../../electron/core/store/invoices.ts';
import { sampleDraft } from '../../support/drafts.ts';

export function queueOne(db: Db, orderNo: string, now = Date.now()): void {
  const draft = sampleDraft(orderNo);
  const r = computeInvoice(draft);
  if (!r.ok) throw new Error('sample draft must be valid');
  storeNewInvoice(db, { draft, computed: r.invoice, kind: 'blue', now, actor: 'test', mode: 'sandbox' });
}

export const count = (db: Db, sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;

/**
 * A scripted channel in memory: keeps what it "issued" by order number (so it is idempotent like the
 * real one) and lets each test decide the reply of each call.
 */
export class FakeChannel implements TaxChannel {
  issued = new Map<string, { number: string; issuedAt: number; qr: string }>();
  calls: Array<{ op: 'issue' | 'query'; orderNos: string[] }> = [];
  /** Every submission received, in order. */
  sent: Submission[] = [];
  private seq = 0;
  /** Returns a reply to use instead of the normal one, or undefined; may throw (no answer). */
  script: (op: 'issue' | 'query', orderNos: string[], call: number) => ChannelReply | undefined | 'commitThenThrow' = () => undefined;
  healthy = true;

  private issueOne(orderNo: string) {
    let inv = this.issued.get(orderNo);
    if (!inv) {
      inv = { number: `2631100000${String(++this.seq).padStart(10, '0')}`, issuedAt: Date.now(), qr: 'qr' };
      this.issued.set(orderNo, inv);
      return { orderNo, code: RETURN_CODE.ok, message: 'issued', issued: inv };
    }
    return { orderNo, code: RETURN_CODE.duplicate, message: 'already issued', issued: inv };
  }

  async issue(invoices: Submission[]): Promise<ChannelReply> {
    const orderNos = invoices.map((i) => i.orderNo);
    this.calls.push({ op: 'issue', orderNos });
    this.sent.push(...invoices);
    const s = this.script('issue', orderNos, this.calls.length);
    if (s === 'commitThenThrow') {
      orderNos.forEach((o) => this.issueOne(o));
      throw new (await import('../../../electron/core/channel/client.ts')).ChannelUnreachable(new Error('timeout'));
    }
    if (s) return s;
    return { code: RETURN_CODE.ok, message: 'ok', results: orderNos.map((o) => this.issueOne(o)) };
  }

  async query(orderNos: string[]): Promise<ChannelReply> {
    this.calls.push({ op: 'query', orderNos });
    const s = this.script('query', orderNos, this.calls.length);
    if (s && s !== 'commitThenThrow') return s;
    return {
      code: RETURN_CODE.ok,
      message: 'ok',
      results: orderNos.map((o) => {
        const inv = this.issued.get(o);
        return inv ? { orderNo: o, code: RETURN_CODE.ok, message: 'issued', issued: inv } : { orderNo: o, code: RETURN_CODE.notFound, message: 'not found' };
      }),
    };
  }

  /** Called on each health probe, with what it answered. */
  onHealth: (healthy: boolean) => void = () => {};

  async health(): Promise<boolean> {
    this.onHealth(this.healthy);
    return this.healthy;
  }
}
