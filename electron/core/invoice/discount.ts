import type { ComputedInvoice } from '../../contract/index.ts';
import { lineFigures, type Rate } from './figures.ts';
import { moneyString, type Decimal } from './money.ts';
import type { LineNumbers } from './checks.ts';

type ComputedLine = ComputedInvoice['lines'][number];

/**
 * The 折扣行 for a line (docs/invoice-rules.md §4.4): right after the line it reduces, same name, code and rate,
 * negative amount and tax computed the same way, amounts only (no quantity or price). The caller has
 * checked the discount: positive, at most 2 decimals, no larger than the line.
 */
export function discountLine(discounted: ComputedLine, discount: Decimal, rate: Rate, pricesIncludeTax: boolean): { line: ComputedLine; numbers: LineNumbers } {
  // Half-up rounds away from zero, so the figures of −discount are exactly the negated figures of discount.
  const { amount, tax } = lineFigures(discount.negated(), rate, pricesIncludeTax);
  return {
    line: { kind: 'discount', itemName: discounted.itemName, taxCode: discounted.taxCode, amount: moneyString(amount), rate: discounted.rate, tax: moneyString(tax) },
    numbers: { amount, tax, rate },
  };
}
