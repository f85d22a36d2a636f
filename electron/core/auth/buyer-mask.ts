import type { BuyerHit, Draft } from '../../contract/index.ts';
import type { Db } from '../store/db.ts';

/**
 * Least privilege at the till: a cashier's buyer lookup shows a past buyer's bank account, phone and e-mail
 * masked (the manager sees them whole). The cashier can still issue to that buyer: a draft that carries
 * exactly the masked value for a known buyer gets the stored value back in core (unmaskDraftBuyer).
 */

const keepEnds = (v: string, head: number, tail: number): string =>
  v.length <= head + tail ? '*'.repeat(v.length) : `${v.slice(0, head)}${'*'.repeat(Math.max(4, v.length - head - tail))}${v.slice(-tail)}`;

export const maskAccount = (v: string): string => keepEnds(v.replace(/\s+/g, ''), 0, 4);
export const maskPhone = (v: string): string => (v.length >= 11 ? keepEnds(v, 3, 4) : keepEnds(v, 0, 2));
export function maskEmail(v: string): string {
  const at = v.lastIndexOf('@');
  return at <= 0 ? keepEnds(v, 1, 0) : `${v[0]}***${v.slice(at)}`;
}

export function maskBuyer(hit: BuyerHit): BuyerHit {
  const out = { ...hit };
  if (out.account !== undefined) out.account = maskAccount(out.account);
  if (out.phone !== undefined) out.phone = maskPhone(out.phone);
  if (out.email !== undefined) out.email = maskEmail(out.email);
  return out;
}

interface StoredBuyer {
  phone: string | null;
  account: string | null;
  email: string | null;
}

/** The draft with the stored values where it carries a known buyer's masked ones (as the cashier's lookup gave them). */
export function unmaskDraftBuyer<D extends Pick<Draft, 'buyer'>>(db: Db, draft: D): D {
  const { buyer } = draft;
  const taxId = buyer.taxId?.trim().toUpperCase();
  if (!taxId || !(buyer.phone?.includes('*') || buyer.account?.includes('*') || buyer.email?.includes('*'))) return draft;
  const stored = db.prepare('SELECT phone, account, email FROM buyers WHERE tax_id = ?').get(taxId) as StoredBuyer | undefined;
  if (!stored) return draft;
  const next = { ...buyer };
  if (stored.phone !== null && buyer.phone === maskPhone(stored.phone)) next.phone = stored.phone;
  if (stored.account !== null && buyer.account === maskAccount(stored.account)) next.account = stored.account;
  if (stored.email !== null && buyer.email === maskEmail(stored.email)) next.email = stored.email;
  return { ...draft, buyer: next };
}
