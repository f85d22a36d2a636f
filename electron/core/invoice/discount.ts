import type { AppError, ComputedInvoice } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { figuresOfRounded } from './figures.ts';
import type { Decimal } from './money.ts';

type ComputedLine = ComputedInvoice['lines'][number];

/**
 * The 折扣行 for a line (reference §4.4): right after the line it reduces, same name, code and rate,
 * negative amount and tax computed the same way, amounts only (no quantity or price), and no larger
 * than the line. `gross` is the discounted line's value in the draft's basis (with or without tax).
 */
export function discountLine(
  discounted: ComputedLine,
  gross: Decimal,
  discount: Decimal,
  rate: Decimal,
  pricesIncludeTax: boolean,
  path: string,
  lineNo: number,
): { line?: ComputedLine; numbers?: { amount: Decimal; tax: Decimal; rate: Decimal }; errors: AppError[] } {
  if (discount.greaterThan(gross))
    return {
      errors: [
        appError(
          'DISCOUNT_EXCEEDS_LINE',
          `第${lineNo}行：折扣 ${discount.toFixed(2)} 超过该行金额 ${gross.toFixed(2)}`,
          `Line ${lineNo}: discount ${discount.toFixed(2)} exceeds the line amount ${gross.toFixed(2)}`,
          `${path}.discount`,
        ),
      ],
    };
  const off = figuresOfRounded(discount, rate, pricesIncludeTax); // at most 2 decimals, checked by the caller
  const amount = off.amount.negated();
  const tax = off.tax.negated();
  return {
    line: {
      kind: 'discount',
      itemName: discounted.itemName,
      taxCode: discounted.taxCode,
      amount: amount.toFixed(2),
      rate: discounted.rate,
      tax: tax.toFixed(2),
    },
    numbers: { amount, tax, rate },
    errors: [],
  };
}
