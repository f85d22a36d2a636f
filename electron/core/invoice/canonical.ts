import type { Draft } from '../../contract/index.ts';
import { withNormalizedBuyer } from './buyer.ts';
import { Decimal } from './money.ts';

/**
 * One text per value, whatever the key order: object keys sorted, undefined members dropped, arrays in
 * their order. What two drafts are compared by (and what a content hash can be taken of).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Request fields that say who sent a draft or how, not what the invoice says. */
const NOT_CONTENT = ['cashier', 'actor', 'approval', 'confirmed'] as const;

/**
 * A draft's content as stored (buyer normalised as storeNewInvoice keeps it), without request metadata:
 * the same order number with the same content is a repeat, with any other content ORDER_NO_CONFLICT.
 */
export function canonicalDraft(draft: Draft): string {
  const content: Record<string, unknown> = { ...withNormalizedBuyer(draft), lines: draft.lines.map(byValue) };
  for (const k of NOT_CONTENT) delete content[k];
  return canonicalJson(content);
}

const DECIMALS = ['quantity', 'unitPrice', 'amount', 'rate', 'discount'] as const;

/** A line's numbers by value: "2.0" and "2", "99" and "99.00" are the same sale (a POS may re-serialise them). */
function byValue(line: Draft['lines'][number]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...line };
  for (const k of DECIMALS) if (line[k] !== undefined) out[k] = new Decimal(line[k]).toFixed();
  return out;
}
