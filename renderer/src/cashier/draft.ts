import type { DraftInput } from '../../../electron/contract/index.ts';
import type { Item } from '../../../electron/contract/calls-catalog.ts';

export interface LineForm {
  key: number;
  itemId?: number | undefined;
  barcode?: string | undefined;
  name: string;
  taxCode: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  rate: string;
}

export interface BuyerForm {
  kind: 'person' | 'company';
  name: string;
  taxId: string;
  address: string;
  phone: string;
  bank: string;
  account: string;
  email: string;
}

let lineKey = 0;
export const emptyLine = (): LineForm => ({ key: ++lineKey, name: '', taxCode: '', unit: '', quantity: '1', unitPrice: '', discount: '', rate: '0.13' });
export const emptyBuyer = (): BuyerForm => ({ kind: 'person', name: '个人', taxId: '', address: '', phone: '', bank: '', account: '', email: '' });

export const lineFromItem = (item: Item): LineForm => ({
  key: ++lineKey,
  itemId: item.id,
  barcode: item.barcode,
  name: item.name,
  taxCode: item.taxCode,
  unit: item.unit ?? '',
  quantity: '1',
  unitPrice: item.price,
  discount: '',
  rate: item.rate,
});

const isBlank = (l: LineForm) => l.name === '' && l.taxCode === '' && l.unitPrice === '';

/** Adds an item: the same item again adds one to its line's quantity; a blank first line is replaced. */
export function addItem(lines: LineForm[], item: Item): LineForm[] {
  const same = lines.findIndex((l) => item.id !== undefined && l.itemId === item.id);
  if (same >= 0) {
    const l = lines[same]!;
    const q = /^\d+$/.test(l.quantity) ? String(Number(l.quantity) + 1) : l.quantity;
    return lines.map((x, i) => (i === same ? { ...x, quantity: q } : x));
  }
  const kept = lines.filter((l) => !isBlank(l));
  return [...kept, lineFromItem(item)];
}

/** The cashier's form as a contract draft; decimals stay strings all the way. */
export function toDraft(orderNo: string, buyer: BuyerForm, lines: LineForm[], type: 'normal' | 'special'): DraftInput {
  const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const company = { name: buyer.name.trim(), taxId: buyer.taxId.trim().toUpperCase() };
  const extra = Object.fromEntries(
    (['address', 'phone', 'bank', 'account', 'email'] as const).flatMap((k) => (opt(buyer[k]) === undefined ? [] : [[k, opt(buyer[k])]])),
  ) as Partial<Record<'address' | 'phone' | 'bank' | 'account' | 'email', string>>;
  return {
    type,
    pricesIncludeTax: true,
    orderNo,
    buyer: buyer.kind === 'person' ? { name: buyer.name.trim(), naturalPerson: true, ...(extra.email ? { email: extra.email } : {}) } : { ...company, ...extra },
    lines: lines.map((l) => ({
      name: l.name.trim(),
      taxCode: l.taxCode.trim(),
      quantity: l.quantity.trim() || '0',
      unitPrice: l.unitPrice.trim() || '0',
      rate: l.rate,
      ...(opt(l.unit) ? { unit: opt(l.unit) } : {}),
      ...(opt(l.discount) ? { discount: opt(l.discount) } : {}),
    })),
  };
}
