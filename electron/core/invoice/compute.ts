import type { AppError, CalcResult, ComputedInvoice, Draft } from '../../contract/index.ts';
import { appError } from '../../contract/index.ts';
import { Decimal, ZERO, money, moneyString, quantityString } from './money.ts';
import { amountInWords } from './words.ts';

type ComputedLine = ComputedInvoice['lines'][number];

export interface CalcContext {
  /** Largest 价税合计 one invoice may carry; absent = no limit. */
  maxInvoiceTotal?: Decimal;
  maxLines?: number;
}

function dec(value: string | undefined): Decimal | undefined {
  return value === undefined ? undefined : new Decimal(value);
}

/** Amount and tax of one line from what the cashier typed, or the error that prevents it. */
function lineFigures(
  gross: Decimal,
  rate: Decimal,
  pricesIncludeTax: boolean,
): { amount: Decimal; tax: Decimal } {
  if (pricesIncludeTax) {
    const tax = money(gross.times(rate).dividedBy(rate.plus(1)));
    return { amount: money(gross).minus(tax), tax };
  }
  const amount = money(gross);
  return { amount, tax: money(amount.times(rate)) };
}

/**
 * Validates a draft and computes its lines and totals. All violations are reported at once;
 * the same function serves the till, the CLI and the sandbox's re-validation.
 */
export function computeInvoice(draft: Draft, ctx: CalcContext = {}): CalcResult {
  const errors: AppError[] = [];
  const lines: ComputedLine[] = [];

  if (!/^[A-Za-z0-9_-]{1,40}$/.test(draft.orderNo))
    errors.push(appError('ORDER_NO_INVALID', '流水号须为 1–40 位字母、数字、下划线或连字符', 'Order number must be 1–40 letters, digits, _ or -', 'orderNo'));
  if (draft.buyer.name.trim() === '')
    errors.push(appError('BUYER_NAME_REQUIRED', '请填写购买方名称', 'Buyer name is required', 'buyer.name'));
  if (draft.lines.length === 0)
    errors.push(appError('LINES_EMPTY', '发票至少需要一行商品', 'An invoice needs at least one line', 'lines'));

  draft.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    const before = errors.length;
    if (line.name.trim() === '')
      errors.push(appError('LINE_NAME_REQUIRED', `第${i + 1}行：请填写商品名称`, `Line ${i + 1}: item name is required`, `${path}.name`));
    if (!/^\d{19}$/.test(line.taxCode))
      errors.push(appError('TAX_CODE_FORMAT', `第${i + 1}行：税收分类编码须为19位数字`, `Line ${i + 1}: tax code must be 19 digits`, `${path}.taxCode`));
    const rate = new Decimal(line.rate);
    if (rate.isNegative() || rate.greaterThanOrEqualTo(1))
      errors.push(appError('RATE_INVALID', `第${i + 1}行：税率须为 0 到 1 之间的小数`, `Line ${i + 1}: rate must be a fraction between 0 and 1`, `${path}.rate`));

    const quantity = dec(line.quantity);
    const unitPrice = dec(line.unitPrice);
    let gross: Decimal | undefined = dec(line.amount);
    if (quantity !== undefined && unitPrice !== undefined) {
      if (!quantity.greaterThan(0))
        errors.push(appError('QUANTITY_INVALID', `第${i + 1}行：数量须大于 0`, `Line ${i + 1}: quantity must be positive`, `${path}.quantity`));
      if (!unitPrice.greaterThan(0))
        errors.push(appError('PRICE_INVALID', `第${i + 1}行：单价须大于 0`, `Line ${i + 1}: unit price must be positive`, `${path}.unitPrice`));
      const product = quantity.times(unitPrice);
      if (gross !== undefined && product.minus(gross).abs().greaterThan('0.01'))
        errors.push(appError('AMOUNT_MISMATCH', `第${i + 1}行：数量×单价与金额相差超过 0.01`, `Line ${i + 1}: quantity × price differs from the amount by more than 0.01`, `${path}.amount`));
      gross ??= product;
    } else if (gross === undefined) {
      errors.push(appError('AMOUNT_REQUIRED', `第${i + 1}行：请填写数量和单价，或金额`, `Line ${i + 1}: give quantity and unit price, or an amount`, `${path}.amount`));
    }
    if (errors.length > before || gross === undefined) return;

    const { amount, tax } = lineFigures(gross, rate, draft.pricesIncludeTax);
    lines.push({
      kind: 'normal',
      itemName: line.name,
      taxCode: line.taxCode,
      ...(line.unit === undefined ? {} : { unit: line.unit }),
      ...(line.spec === undefined ? {} : { spec: line.spec }),
      ...(quantity === undefined ? {} : { quantity: quantityString(quantity) }),
      ...(unitPrice === undefined ? {} : { unitPrice: quantityString(unitPrice) }),
      amount: amount.toFixed(2),
      rate: rate.toFixed(),
      tax: tax.toFixed(2),
    });

    const discount = dec(line.discount);
    if (discount !== undefined && !discount.isZero()) {
      if (discount.isNegative() || discount.greaterThan(money(gross)))
        errors.push(appError('DISCOUNT_INVALID', `第${i + 1}行：折扣须大于 0 且不超过该行金额`, `Line ${i + 1}: discount must be positive and at most the line amount`, `${path}.discount`));
      else {
        const off = lineFigures(discount, rate, draft.pricesIncludeTax);
        lines.push({
          kind: 'discount',
          itemName: line.name,
          taxCode: line.taxCode,
          amount: off.amount.negated().toFixed(2),
          rate: rate.toFixed(),
          tax: off.tax.negated().toFixed(2),
        });
      }
    }
  });

  if (ctx.maxLines !== undefined && lines.length > ctx.maxLines)
    errors.push(appError('TOO_MANY_LINES', `发票行数超过上限 ${ctx.maxLines}`, `More than ${ctx.maxLines} lines`, 'lines'));
  if (errors.length > 0) return { ok: false, errors };

  const totalAmount = lines.reduce((sum, l) => sum.plus(l.amount), ZERO);
  const totalTax = lines.reduce((sum, l) => sum.plus(l.tax), ZERO);
  const total = totalAmount.plus(totalTax);
  if (ctx.maxInvoiceTotal !== undefined && total.greaterThan(ctx.maxInvoiceTotal))
    return {
      ok: false,
      errors: [appError('INVOICE_LIMIT', `价税合计超过单张发票限额 ${moneyString(ctx.maxInvoiceTotal)}`, `Total exceeds the single-invoice limit ${moneyString(ctx.maxInvoiceTotal)}`, 'lines')],
    };
  return {
    ok: true,
    invoice: {
      lines,
      totalAmount: moneyString(totalAmount),
      totalTax: moneyString(totalTax),
      total: moneyString(total),
      totalInWords: amountInWords(total),
    },
  };
}
