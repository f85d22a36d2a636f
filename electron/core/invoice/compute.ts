import type { AppError, CalcResult, Draft } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { DEFAULT_BUYER_RULES, checkBuyer, checkOverrides, type BuyerRules } from './buyer.ts';
import { tallyLines, totalsOfSums } from './checks.ts';
import { checkLimits, type InvoiceLimits } from './limits.ts';
import { computeDraftLine, type LinesOut } from './lines.ts';
import { DEFAULT_TOLERANCES, isBeyondMaxAmount, type Decimal, type Tolerances } from './money.ts';
import { DEFAULT_RATE_RULES, type RateRules, type TaxpayerType } from './rates.ts';
import { taxCodeTable, type TaxCodeLookup } from './taxcodes.ts';

/** Everything the rules take from settings; all optional, defaults are the reference's. */
export interface CalcContext {
  /** Largest 价税合计 (or 合计金额, see limitBasis) one invoice may carry; absent = no limit. */
  maxInvoiceTotal?: Decimal;
  maxLines?: number;
  limitBasis?: InvoiceLimits['basis'];
  /** The seller from settings; its taxpayer type wins over the draft's. */
  seller?: { name?: string; taxId?: string; taxpayerType: TaxpayerType };
  rates?: Partial<RateRules>;
  tolerances?: Partial<Tolerances>;
  buyer?: Partial<BuyerRules>;
  /** The code table; the shipped one by default. */
  taxCodes?: TaxCodeLookup;
}

/**
 * Validates a draft and computes its lines and totals. All violations are reported at once;
 * the same function serves the till, the CLI and the sandbox's re-validation.
 */
export function computeInvoice(draft: Draft, ctx: CalcContext = {}): CalcResult {
  const errors: AppError[] = [];
  const tolerances = { ...DEFAULT_TOLERANCES, ...ctx.tolerances };

  if (!/^[A-Za-z0-9_-]{1,40}$/.test(draft.orderNo))
    errors.push(appError('ORDER_NO_INVALID', '流水号须为 1–40 位字母、数字、下划线或连字符', 'Order number must be 1–40 letters, digits, _ or -', 'orderNo'));
  errors.push(...checkOverrides(draft), ...checkBuyer(draft, { ...DEFAULT_BUYER_RULES, ...ctx.buyer }));
  if (draft.lines.length === 0) errors.push(appError('LINES_EMPTY', '发票至少需要一行商品', 'An invoice needs at least one line', 'lines'));

  const lineCtx = {
    pricesIncludeTax: draft.pricesIncludeTax,
    taxpayerType: ctx.seller?.taxpayerType ?? draft.seller?.taxpayerType ?? 'general',
    taxCodes: ctx.taxCodes ?? taxCodeTable(),
    rates: ctx.rates === undefined ? DEFAULT_RATE_RULES : { ...DEFAULT_RATE_RULES, ...ctx.rates },
    tolerances,
  };
  const out: LinesOut = { lines: [], numbers: [], errors };
  const beforeLines = errors.length;
  draft.lines.forEach((line, i) => computeDraftLine(line, i, lineCtx, out));
  const linesComplete = errors.length === beforeLines;
  // Counted from the draft so a line with errors still counts, with its discount line.
  // A decimal string is non-zero exactly when it has a non-zero digit: no parse needed.
  const printedLines = draft.lines.reduce((n, l) => n + (l.discount !== undefined && /[1-9]/.test(l.discount) ? 2 : 1), 0);
  const { sums, errors: toleranceErrors } = tallyLines(out.numbers, tolerances, true);
  errors.push(...checkLimits(sums, printedLines, { maxInvoiceTotal: ctx.maxInvoiceTotal, maxLines: ctx.maxLines, basis: ctx.limitBasis }));
  if (isBeyondMaxAmount(sums.total))
    errors.push(appError('AMOUNT_TOO_LARGE', '价税合计超出发票可开范围', 'The total is beyond what an invoice can carry', 'lines'));
  // Pairing, totals and each line's tax error hold by construction (the property tests prove it); the
  // rest of the tolerances are checked every time, since many lines can add up past 1.27. They are
  // judged on complete lines only: with a line missing, its sums say nothing.
  if (linesComplete) {
    errors.push(...toleranceErrors);
    // Every line fully discounted: the platform issues no invoice of 0.00.
    if (out.lines.length > 0 && sums.total.isZero())
      errors.push(appError('TOTAL_ZERO', '价税合计为 0.00 元，不能开具发票', 'The total is 0.00: no invoice can be issued', 'lines'));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, invoice: { lines: out.lines, ...totalsOfSums(sums) } };
}
