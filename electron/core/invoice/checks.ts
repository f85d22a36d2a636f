import type { AppError, ComputedInvoice } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { DEFAULT_TOLERANCES, Decimal, ZERO, moneyString, type Tolerances } from './money.ts';
import { amountInWords } from './words.ts';

/**
 * Checks the figures of a finished invoice, whoever computed them: the tolerances of reference §4.2,
 * discount-line pairing (§4.4) and the totals identity (§4.1). Computed blue invoices always pass; the
 * checks bite on figures that were given (red invoices, imported or re-split invoices).
 */
export function checkInvoiceFigures(invoice: ComputedInvoice, tolerances: Tolerances = DEFAULT_TOLERANCES): AppError[] {
  const errors: AppError[] = [];
  let taxError = ZERO;
  let sumAmount = ZERO;
  let sumTax = ZERO;
  invoice.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    const n = `第${i + 1}行`;
    const l = `Line ${i + 1}`;
    const amount = new Decimal(line.amount);
    const tax = new Decimal(line.tax);
    const rate = new Decimal(line.rate);
    sumAmount = sumAmount.plus(amount);
    sumTax = sumTax.plus(tax);
    const diff = amount.times(rate).minus(tax);
    taxError = taxError.plus(diff);
    if (diff.abs().greaterThan(tolerances.lineTax))
      errors.push(
        appError('LINE_TAX_TOLERANCE', `${n}：金额×税率与税额相差超过 ${tolerances.lineTax.toFixed(2)}`, `${l}: amount × rate differs from the tax by more than ${tolerances.lineTax.toFixed(2)}`, `${path}.tax`),
      );
    if ((line.quantity === undefined) !== (line.unitPrice === undefined))
      errors.push(appError('QTY_PRICE_PAIR', `${n}：数量和单价须同时填写或同时不填`, `${l}: quantity and unit price go together`, `${path}.quantity`));
    else if (line.quantity !== undefined && line.unitPrice !== undefined) {
      if (new Decimal(line.quantity).times(line.unitPrice).minus(amount).abs().greaterThan(tolerances.linePrice))
        errors.push(
          appError('LINE_PRICE_TOLERANCE', `${n}：数量×单价与金额相差超过 ${tolerances.linePrice.toFixed(2)}`, `${l}: quantity × unit price differs from the amount by more than ${tolerances.linePrice.toFixed(2)}`, `${path}.amount`),
        );
    }
    if (line.kind === 'discount') {
      const prev = invoice.lines[i - 1];
      const ok =
        prev !== undefined &&
        prev.kind === 'normal' &&
        prev.taxCode === line.taxCode &&
        prev.itemName === line.itemName &&
        new Decimal(prev.rate).equals(rate) &&
        amount.isNegative() &&
        amount.abs().lessThanOrEqualTo(prev.amount) &&
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
  if (taxError.abs().greaterThan(tolerances.invoiceTax))
    errors.push(
      appError('INVOICE_TAX_TOLERANCE', `整张发票税额误差合计 ${moneyString(taxError.abs())} 超过 ${tolerances.invoiceTax.toFixed(2)}，请拆分发票`, `The invoice's summed tax error ${moneyString(taxError.abs())} exceeds ${tolerances.invoiceTax.toFixed(2)}; split the invoice`, 'lines'),
    );
  if (!sumAmount.equals(invoice.totalAmount) || !sumTax.equals(invoice.totalTax) || !new Decimal(invoice.totalAmount).plus(invoice.totalTax).equals(invoice.total))
    errors.push(appError('TOTALS_MISMATCH', '合计金额、合计税额与价税合计不一致', 'Totals do not add up: 合计金额 + 合计税额 must equal 价税合计', 'total'));
  if (invoice.totalInWords !== amountInWords(invoice.total))
    errors.push(appError('TOTAL_WORDS_MISMATCH', '价税合计大写与小写金额不符', 'The total in words does not match the total', 'totalInWords'));
  return errors;
}

/** Totals of computed lines: 合计金额, 合计税额 and 价税合计 = their sum, with the capitals. */
export function totalsOf(lines: ComputedInvoice['lines']): Omit<ComputedInvoice, 'lines'> {
  const totalAmount = lines.reduce((sum, l) => sum.plus(l.amount), ZERO);
  const totalTax = lines.reduce((sum, l) => sum.plus(l.tax), ZERO);
  const total = totalAmount.plus(totalTax);
  return { totalAmount: moneyString(totalAmount), totalTax: moneyString(totalTax), total: moneyString(total), totalInWords: amountInWords(total) };
}
