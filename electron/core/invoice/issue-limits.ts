import type { AppError } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { Decimal, moneyString } from './money.ts';

/**
 * Per-invoice limits the store sets on screen (设置 → 限额): the most one invoice may total (a scanner slip
 * must not make a ¥9,999,999,900 invoice: INVOICE_LIMIT) and the total above which the cashier confirms it
 * (AMOUNT_NEEDS_CONFIRM). config.json's limits.maxInvoiceTotal is IT's default for the first.
 */
export const DEFAULT_ISSUE_LIMITS = { maxInvoiceTotal: '100000.00', confirmAbove: '10000.00' } as const;

export interface IssueLimits {
  maxInvoiceTotal: Decimal;
  confirmAbove: Decimal;
}

export function issueLimitsOf(l: { maxInvoiceTotal: string; confirmAbove: string }): IssueLimits {
  return { maxInvoiceTotal: new Decimal(l.maxInvoiceTotal), confirmAbove: new Decimal(l.confirmAbove) };
}

/** A total above the threshold the cashier has not confirmed yet: the screen asks, then sends `confirmed: true`. */
export function confirmationNeeded(total: string, limits: IssueLimits, confirmed: boolean | undefined): AppError | undefined {
  if (confirmed === true || !new Decimal(total).greaterThan(limits.confirmAbove)) return undefined;
  const shown = moneyString(total);
  return appError(
    'AMOUNT_NEEDS_CONFIRM',
    `价税合计 ${shown} 元，超过 ${moneyString(limits.confirmAbove)} 元，请收银员核对金额后确认开票`,
    `The total ${shown} is above ${moneyString(limits.confirmAbove)}: the cashier must check and confirm it`,
    'confirmed',
  );
}
