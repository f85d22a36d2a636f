import type { AppError, ComputedInvoice } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { rateOf, type Rate } from './figures.ts';
import { DEFAULT_TOLERANCES, Decimal, ZERO, isWithin, moneyString, type Tolerances } from './money.ts';
import { amountInWords } from './words.ts';

/** One line's figures as decimals: what the totals and the tolerance checks read. */
export interface LineNumbers {
  amount: Decimal;
  tax: Decimal;
  rate: Rate;
  quantity?: Decimal;
  unitPrice?: Decimal;
}

/**
 * The most a computed line's tax can miss amount × rate by. Tax-exclusive: tax = round(amount × rate),
 * off by at most half a fen. Tax-inclusive: amount × rate − tax = (1 + rate) × (gross × rate / (1 + rate)
 * − tax), at most 0.005 × (1 + rate) < 0.01. The property tests hold every computed line to it.
 */
export const COMPUTED_LINE_TAX_ERROR = new Decimal('0.01');

/** 合计金额, 合计税额 and 价税合计 as decimals. */
export interface Sums {
  amount: Decimal;
  tax: Decimal;
  total: Decimal;
}

/**
 * The totals of the lines, and the tolerances of docs/invoice-rules.md §4.2 on them: per line |amount × rate − tax|
 * and |quantity × price − amount|; per invoice |Σ (amount × rate − tax)|, which many small same-sign errors
 * can push past 1.27 (≈230 lines at 0.0055), so it is always checked. One pass, amounts summed per rate:
 * Σ (amount × rate − tax) = Σ rate × (Σ amount at that rate) − Σ tax, with no running sum per line.
 * `computed`: the lines come from lineFigures, whose per-line tax error is below COMPUTED_LINE_TAX_ERROR.
 */
export function tallyLines(lines: readonly LineNumbers[], tolerances: Tolerances = DEFAULT_TOLERANCES, computed = false): { sums: Sums; errors: AppError[] } {
  const errors: AppError[] = [];
  const perLineTax = !computed || tolerances.lineTax.lessThan(COMPUTED_LINE_TAX_ERROR);
  const amountByRate = new Map<Rate, Decimal>();
  let tax = ZERO;
  lines.forEach((line, i) => {
    amountByRate.set(line.rate, amountByRate.get(line.rate)?.plus(line.amount) ?? line.amount);
    tax = tax.plus(line.tax);
    if (perLineTax && !isWithin(line.amount.times(line.rate.value).minus(line.tax), tolerances.lineTax))
      errors.push(
        appError('LINE_TAX_TOLERANCE', `第${i + 1}行：金额×税率与税额相差超过 ${tolerances.lineTax.toFixed(2)}`, `Line ${i + 1}: amount × rate differs from the tax by more than ${tolerances.lineTax.toFixed(2)}`, `lines[${i}].tax`),
      );
    if (line.quantity !== undefined && line.unitPrice !== undefined && !isWithin(line.quantity.times(line.unitPrice).minus(line.amount), tolerances.linePrice))
      errors.push(
        appError('LINE_PRICE_TOLERANCE', `第${i + 1}行：数量×单价与金额相差超过 ${tolerances.linePrice.toFixed(2)}`, `Line ${i + 1}: quantity × unit price differs from the amount by more than ${tolerances.linePrice.toFixed(2)}`, `lines[${i}].amount`),
      );
  });
  let amount = ZERO;
  let taxOfAmounts = ZERO;
  for (const [rate, sum] of amountByRate) {
    amount = amount.plus(sum);
    taxOfAmounts = taxOfAmounts.plus(sum.times(rate.value));
  }
  const taxError = taxOfAmounts.minus(tax).abs();
  if (taxError.greaterThan(tolerances.invoiceTax))
    errors.push(
      appError('INVOICE_TAX_TOLERANCE', `整张发票税额误差合计 ${moneyString(taxError)} 超过 ${tolerances.invoiceTax.toFixed(2)}，请拆分发票`, `The invoice's summed tax error ${moneyString(taxError)} exceeds ${tolerances.invoiceTax.toFixed(2)}; split the invoice`, 'lines'),
    );
  return { sums: { amount, tax, total: amount.plus(tax) }, errors };
}

/**
 * Checks the figures of a finished invoice, whoever computed them: the tolerances (§4.2), quantity and
 * price together (§4.3), discount-line pairing (§4.4) and the totals identity (§4.1). The checks bite on
 * figures that were given (red invoices, imported or re-split invoices); computed ones pass by construction.
 */
export function checkInvoiceFigures(invoice: ComputedInvoice, tolerances: Tolerances = DEFAULT_TOLERANCES): AppError[] {
  const errors: AppError[] = [];
  const numbers: LineNumbers[] = invoice.lines.map((l) => ({
    amount: new Decimal(l.amount),
    tax: new Decimal(l.tax),
    rate: rateOf(l.rate),
    ...(l.quantity === undefined ? {} : { quantity: new Decimal(l.quantity) }),
    ...(l.unitPrice === undefined ? {} : { unitPrice: new Decimal(l.unitPrice) }),
  }));
  const { sums, errors: toleranceErrors } = tallyLines(numbers, tolerances);
  errors.push(...toleranceErrors);
  invoice.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    const n = `第${i + 1}行`;
    const l = `Line ${i + 1}`;
    if ((line.quantity === undefined) !== (line.unitPrice === undefined))
      errors.push(appError('QTY_PRICE_PAIR', `${n}：数量和单价须同时填写或同时不填`, `${l}: quantity and unit price go together`, `${path}.quantity`));
    if (line.kind === 'discount') {
      const prev = invoice.lines[i - 1];
      const amount = numbers[i]!.amount;
      const ok =
        prev !== undefined &&
        prev.kind === 'normal' &&
        prev.taxCode === line.taxCode &&
        prev.itemName === line.itemName &&
        numbers[i - 1]!.rate.value.equals(numbers[i]!.rate.value) &&
        amount.isNegative() &&
        amount.abs().lessThanOrEqualTo(numbers[i - 1]!.amount) &&
        line.quantity === undefined;
      if (!ok)
        errors.push(
          appError(
            'DISCOUNT_PAIRING',
            `${n}：折扣行须紧跟被折扣的商品行，编码、名称、税率相同，金额为负且不超过该行，且不填数量单价`,
            `${l}: a discount line must follow the line it reduces, with the same code, name and rate, a negative amount no larger than that line, and no quantity or price`,
            path,
          ),
        );
    }
  });
  if (!sums.amount.equals(invoice.totalAmount) || !sums.tax.equals(invoice.totalTax) || !new Decimal(invoice.totalAmount).plus(invoice.totalTax).equals(invoice.total))
    errors.push(appError('TOTALS_MISMATCH', '合计金额、合计税额与价税合计不一致', 'Totals do not add up: 合计金额 + 合计税额 must equal 价税合计', 'total'));
  if (invoice.totalInWords !== amountInWords(invoice.total))
    errors.push(appError('TOTAL_WORDS_MISMATCH', '价税合计大写与小写金额不符', 'The total in words does not match the total', 'totalInWords'));
  return errors;
}

/** The totals as the invoice carries them: 价税合计 = 合计金额 + 合计税额, with the capitals. */
export function totalsOfSums(sums: Sums): Omit<ComputedInvoice, 'lines'> {
  return { totalAmount: moneyString(sums.amount), totalTax: moneyString(sums.tax), total: moneyString(sums.total), totalInWords: amountInWords(sums.total) };
}

/** Totals of finished lines (strings), e.g. a red invoice's. */
export function totalsOf(lines: ComputedInvoice['lines']): Omit<ComputedInvoice, 'lines'> {
  return totalsOfSums(tallyLines(lines.map((l) => ({ amount: new Decimal(l.amount), tax: new Decimal(l.tax), rate: rateOf(l.rate) }))).sums);
}
