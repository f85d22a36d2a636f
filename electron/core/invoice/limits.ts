import type { AppError } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { moneyString, type Decimal } from './money.ts';

/**
 * Per-invoice limits from settings (docs/invoice-rules.md §4.5–4.6: 数电 publishes neither figure, so both are
 * configuration). The amount limit applies to 价税合计 by default, or to 合计金额 (tax excluded, as the
 * 税控 single-invoice limit and the 数电 授信额度 count) when `basis` is 'amount'.
 */
export interface InvoiceLimits {
  maxInvoiceTotal?: Decimal;
  maxLines?: number;
  basis?: 'total' | 'amount';
}

/** `lineCount` counts lines as printed: each discount line counts. */
export function checkLimits(sums: { amount: Decimal; total: Decimal }, lineCount: number, limits: InvoiceLimits): AppError[] {
  const errors: AppError[] = [];
  if (limits.maxLines !== undefined && lineCount > limits.maxLines)
    errors.push(
      appError('TOO_MANY_LINES', `发票共 ${lineCount} 行（含折扣行），超过上限 ${limits.maxLines} 行，请分开开票`, `${lineCount} lines (discount lines included) exceed the limit of ${limits.maxLines}; split the invoice`, 'lines'),
    );
  if (limits.maxInvoiceTotal !== undefined) {
    const byAmount = limits.basis === 'amount';
    const sum = byAmount ? sums.amount : sums.total;
    if (sum.greaterThan(limits.maxInvoiceTotal)) {
      const what = byAmount ? ['合计金额（不含税）', 'Amount before tax'] : ['价税合计', 'Total'];
      errors.push(
        appError('INVOICE_LIMIT', `${what[0]} ${moneyString(sum)} 超过单张发票限额 ${moneyString(limits.maxInvoiceTotal)}，请分开开票`, `${what[1]} ${moneyString(sum)} exceeds the single-invoice limit ${moneyString(limits.maxInvoiceTotal)}; split the invoice`, 'lines'),
      );
    }
  }
  return errors;
}
