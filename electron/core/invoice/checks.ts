import type { AppError, ComputedInvoice } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { DEFAULT_TOLERANCES, Decimal, ZERO, moneyString, type Tolerances } from './money.ts';
import { amountInWords } from './words.ts';

/** One line's figures as decimals: what the tolerance checks read. */
export interface LineNumbers {
  amount: Decimal;
  tax: Decimal;
  rate: Decimal;
  quantity?: Decimal;
  unitPrice?: Decimal;
}

/**
 * The tolerances of reference §4.2 on decimals: per line |amount × rate − tax| ≤ 0.06 and
 * |quantity × price − amount| ≤ 0.01; per invoice |Σ (amount × rate − tax)| ≤ 1.27, which many small
 * same-sign errors can reach (≈230 lines at 0.0055), so it is always checked.
 */
export function checkTolerances(lines: readonly LineNumbers[], tolerances: Tolerances = DEFAULT_TOLERANCES): AppError[] {
  const errors: AppError[] = [];
  let taxError = ZERO;
  // Compared against ± the tolerance rather than via abs(): no extra Decimal per line on the hot path.
  const taxLow = tolerances.lineTax.negated();
  const priceLow = tolerances.linePrice.negated();
  const beyond = (d: Decimal, tol: Decimal, low: Decimal) => d.greaterThan(tol) || d.lessThan(low);
  lines.forEach((line, i) => {
    const diff = line.amount.times(line.rate).minus(line.tax);
    taxError = taxError.plus(diff);
    if (beyond(diff, tolerances.lineTax, taxLow))
      errors.push(
        appError('LINE_TAX_TOLERANCE', `第${i + 1}行：金额×税率与税额相差超过 ${tolerances.lineTax.toFixed(2)}`, `Line ${i + 1}: amount × rate differs from the tax by more than ${tolerances.lineTax.toFixed(2)}`, `lines[${i}].tax`),
      );
    if (line.quantity !== undefined && line.unitPrice !== undefined && beyond(line.quantity.times(line.unitPrice).minus(line.amount), tolerances.linePrice, priceLow))
      errors.push(
        appError('LINE_PRICE_TOLERANCE', `第${i + 1}行：数量×单价与金额相差超过 ${tolerances.linePrice.toFixed(2)}`, `Line ${i + 1}: quantity × unit price differs from the amount by more than ${tolerances.linePrice.toFixed(2)}`, `lines[${i}].amount`),
      );
  });
  if (taxError.abs().greaterThan(tolerances.invoiceTax))
    errors.push(
      appError('INVOICE_TAX_TOLERANCE', `整张发票税额误差合计 ${moneyString(taxError.abs())} 超过 ${tolerances.invoiceTax.toFixed(2)}，请拆分发票`, `The invoice's summed tax error ${moneyString(taxError.abs())} exceeds ${tolerances.invoiceTax.toFixed(2)}; split the invoice`, 'lines'),
    );
  return errors;
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
    rate: new Decimal(l.rate),
    ...(l.quantity === undefined ? {} : { quantity: new Decimal(l.quantity) }),
    ...(l.unitPrice === undefined ? {} : { unitPrice: new Decimal(l.unitPrice) }),
  }));
  errors.push(...checkTolerances(numbers, tolerances));
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
        numbers[i - 1]!.rate.equals(numbers[i]!.rate) &&
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
  const sumAmount = numbers.reduce((s, x) => s.plus(x.amount), ZERO);
  const sumTax = numbers.reduce((s, x) => s.plus(x.tax), ZERO);
  if (!sumAmount.equals(invoice.totalAmount) || !sumTax.equals(invoice.totalTax) || !new Decimal(invoice.totalAmount).plus(invoice.totalTax).equals(invoice.total))
    errors.push(appError('TOTALS_MISMATCH', '合计金额、合计税额与价税合计不一致', 'Totals do not add up: 合计金额 + 合计税额 must equal 价税合计', 'total'));
  if (invoice.totalInWords !== amountInWords(invoice.total))
    errors.push(appError('TOTAL_WORDS_MISMATCH', '价税合计大写与小写金额不符', 'The total in words does not match the total', 'totalInWords'));
  return errors;
}

/** 合计金额, 合计税额 and 价税合计 of decimal lines. */
export function sumNumbers(lines: readonly LineNumbers[]): { amount: Decimal; tax: Decimal; total: Decimal } {
  let amount = ZERO;
  let tax = ZERO;
  for (const l of lines) {
    amount = amount.plus(l.amount);
    tax = tax.plus(l.tax);
  }
  return { amount, tax, total: amount.plus(tax) };
}

/** The totals as the invoice carries them: 价税合计 = 合计金额 + 合计税额, with the capitals. */
export function totalsOfSums(sums: { amount: Decimal; tax: Decimal; total: Decimal }): Omit<ComputedInvoice, 'lines'> {
  return { totalAmount: sums.amount.toFixed(2), totalTax: sums.tax.toFixed(2), total: sums.total.toFixed(2), totalInWords: amountInWords(sums.total) };
}

/** Totals of finished lines (strings), e.g. a red invoice's. */
export function totalsOf(lines: ComputedInvoice['lines']): Omit<ComputedInvoice, 'lines'> {
  return totalsOfSums(sumNumbers(lines.map((l) => ({ amount: new Decimal(l.amount), tax: new Decimal(l.tax), rate: new Decimal(l.rate) }))));
}
