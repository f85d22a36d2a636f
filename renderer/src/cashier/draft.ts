import type { DraftInput } from '../../../electron/contract/index.ts';

export interface LineForm {
  key: number;
  name: string;
  taxCode: string;
  quantity: string;
  unitPrice: string;
  rate: string;
}

export interface BuyerForm {
  kind: 'person' | 'company';
  name: string;
  taxId: string;
}

let lineKey = 0;
export const emptyLine = (): LineForm => ({ key: ++lineKey, name: '', taxCode: '', quantity: '1', unitPrice: '', rate: '0.13' });

/** The cashier's form as a contract draft; decimals stay strings all the way. */
export function toDraft(orderNo: string, buyer: BuyerForm, lines: LineForm[], type: 'normal' | 'special'): DraftInput {
  return {
    type,
    pricesIncludeTax: true,
    orderNo,
    buyer:
      buyer.kind === 'person'
        ? { name: buyer.name.trim(), naturalPerson: true }
        : { name: buyer.name.trim(), taxId: buyer.taxId.trim().toUpperCase() },
    lines: lines.map((l) => ({
      name: l.name.trim(),
      taxCode: l.taxCode.trim(),
      quantity: l.quantity.trim() || '0',
      unitPrice: l.unitPrice.trim() || '0',
      rate: l.rate,
    })),
  };
}
