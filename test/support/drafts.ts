import type { Draft } from '../../electron/contract/index.ts';
import { DraftSchema } from '../../electron/contract/index.ts';

/** A valid sale of `count` T-shirts to a natural person. */
export function sampleDraft(orderNo: string, overrides: Partial<Draft> = {}): Draft {
  return DraftSchema.parse({
    type: 'normal',
    pricesIncludeTax: true,
    orderNo,
    buyer: { name: '张三', naturalPerson: true },
    lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '2', unitPrice: '99.00', rate: '0.13' }],
    ...overrides,
  });
}
