import type { AppError, ComputedInvoice, Draft } from '../../contract/index.ts';
import { MAX, appError } from '../../contract/index.ts';
import { discountLine } from './discount.ts';
import { invoiceUnitPrice, lineFigures, rateOf } from './figures.ts';
import { Decimal, MAX_QUANTITY_DP, isBeyondMaxAmount, isStrictlyPositive, money, moneyString, type Tolerances } from './money.ts';
import { checkLineRate, type RateRules, type TaxpayerType } from './rates.ts';
import type { LineNumbers } from './checks.ts';
import type { TaxCodeLookup } from './taxcodes.ts';

export type ComputedLine = ComputedInvoice['lines'][number];
type DraftLine = Draft['lines'][number];

export interface LineContext {
  pricesIncludeTax: boolean;
  taxpayerType: TaxpayerType;
  taxCodes: TaxCodeLookup;
  rates: RateRules;
  tolerances: Tolerances;
}

/** `*简称*名称` (docs/invoice-rules.md §3.2); a name that already carries a `*…*` prefix gets the table's one instead. */
export function itemNameOnInvoice(shortName: string, name: string): string {
  const bare = name.trim().replace(/^\*[^*]*\*/, '').trim();
  return `*${shortName}*${bare}`;
}

function dec(value: string | undefined): Decimal | undefined {
  return value === undefined ? undefined : new Decimal(value);
}

/** Where computeDraftLine appends: one set of arrays for the whole invoice, none per line. */
export interface LinesOut {
  lines: ComputedLine[];
  numbers: LineNumbers[];
  errors: AppError[];
}

/**
 * One draft line: appends its violations, or its invoice line and, when it has a discount, the discount
 * line right after it. `i` is the draft index (paths say `lines[i]`, messages 第 i+1 行).
 */
export function computeDraftLine(line: DraftLine, i: number, ctx: LineContext, out: LinesOut): void {
  const path = `lines[${i}]`;
  const errors: AppError[] = [];
  const err = (code: string, field: string, zh: string, en: string) => errors.push(appError(code, `第${i + 1}行：${zh}`, `Line ${i + 1}: ${en}`, `${path}.${field}`));

  if (line.name.trim() === '' || line.name.trim().replace(/^\*[^*]*\*/, '').trim() === '') err('LINE_NAME_REQUIRED', 'name', '请填写商品名称', 'item name is required');

  const rate = rateOf(line.rate);
  if (!rate.valid) err('RATE_INVALID', 'rate', '税率须为 0 到 1 之间的小数（如 0.13）', 'rate must be a fraction between 0 and 1 (e.g. 0.13)');

  let shortName = '';
  if (!/^\d{19}$/.test(line.taxCode)) err('TAX_CODE_FORMAT', 'taxCode', '税收分类编码须为19位数字', 'tax code must be 19 digits');
  else {
    const code = ctx.taxCodes.get(line.taxCode);
    if (!code) err('TAX_CODE_UNKNOWN', 'taxCode', `税收分类编码 ${line.taxCode} 不在编码表中`, `tax code ${line.taxCode} is not in the code table`);
    else if (code.isSummary)
      err('TAX_CODE_NOT_LEAF', 'taxCode', `“${code.name}”是汇总项，请选择其下的具体商品编码`, `"${code.name}" is a summary code; choose a specific code under it`);
    else {
      shortName = code.shortName;
      // 项目名称 holds at most 90 characters as printed, the code's *简称* included (docs/invoice-rules.md §8).
      const printed = itemNameOnInvoice(shortName, line.name).length;
      if (printed > MAX.itemName)
        err('LINE_NAME_TOO_LONG', 'name', `商品名称连同“*${shortName}*”共 ${printed} 个字，发票上最多 ${MAX.itemName} 个字，请缩短`, `the item name with "*${shortName}*" is ${printed} characters; an invoice takes at most ${MAX.itemName}`);
      if (rate.valid) errors.push(...checkLineRate(code, rate, line.policy, ctx.taxpayerType, path, i + 1, ctx.rates));
    }
  }

  const quantity = dec(line.quantity);
  const unitPrice = dec(line.unitPrice);
  const amount = dec(line.amount);
  let value: Decimal | undefined = amount;
  if (quantity !== undefined && !isStrictlyPositive(quantity)) err('QUANTITY_INVALID', 'quantity', '数量须大于 0', 'quantity must be positive');
  if (quantity !== undefined && quantity.decimalPlaces() > MAX_QUANTITY_DP)
    err('QUANTITY_PRECISION', 'quantity', '数量最多 13 位小数', 'quantity has more than 13 decimals');
  if (unitPrice !== undefined && !isStrictlyPositive(unitPrice)) err('PRICE_INVALID', 'unitPrice', '单价须大于 0', 'unit price must be positive');
  if (unitPrice !== undefined && unitPrice.decimalPlaces() > MAX_QUANTITY_DP)
    err('PRICE_PRECISION', 'unitPrice', '单价最多 13 位小数', 'unit price has more than 13 decimals');
  if (amount !== undefined && !isStrictlyPositive(amount)) err('AMOUNT_INVALID', 'amount', '金额须大于 0', 'amount must be positive');
  if (amount !== undefined && amount.decimalPlaces() > 2) err('AMOUNT_PRECISION', 'amount', '金额最多 2 位小数', 'amount has more than 2 decimals');
  if (unitPrice !== undefined && quantity === undefined)
    err('QUANTITY_REQUIRED', 'quantity', '填了单价就须填数量', 'a unit price needs a quantity');
  if (quantity !== undefined && unitPrice === undefined && amount === undefined)
    err('PRICE_REQUIRED', 'unitPrice', '填了数量就须填单价或金额', 'a quantity needs a unit price or an amount');
  if (quantity === undefined && unitPrice === undefined && amount === undefined)
    err('AMOUNT_REQUIRED', 'amount', '请填写数量和单价，或金额', 'give quantity and unit price, or an amount');
  if (quantity !== undefined && unitPrice !== undefined) {
    const product = quantity.times(unitPrice);
    if (amount !== undefined && product.minus(amount).abs().greaterThan(ctx.tolerances.linePrice))
      err(
        'AMOUNT_MISMATCH',
        'amount',
        `数量×单价（${money(product).toFixed(2)}）与金额 ${amount.toFixed(2)} 相差超过 ${ctx.tolerances.linePrice.toFixed(2)}`,
        `quantity × unit price (${money(product).toFixed(2)}) differs from the amount ${amount.toFixed(2)} by more than ${ctx.tolerances.linePrice.toFixed(2)}`,
      );
    value ??= product;
  }

  // The line's value to the fen, in the draft's basis (with or without tax).
  const gross = value === undefined ? undefined : money(value);
  // Amounts are DECIMAL(18,2) on the platform (§4.3): 16 digits before the point at most.
  if (gross !== undefined && isBeyondMaxAmount(gross))
    err('AMOUNT_TOO_LARGE', 'amount', '金额超出发票可开范围', 'amount is beyond what an invoice can carry');
  // Quantity × price can be positive yet round to nothing: the platform refuses a 0.00 line.
  if (errors.length === 0 && gross !== undefined && amount === undefined && gross.isZero())
    err('AMOUNT_ZERO', 'amount', '数量×单价不足 0.01 元，折合金额为 0.00，请核对', 'quantity × unit price is below 0.01 and rounds to 0.00');

  const discount = dec(line.discount);
  if (discount !== undefined && discount.decimalPlaces() > 2)
    err('DISCOUNT_PRECISION', 'discount', '折扣金额最多 2 位小数', 'discount has more than 2 decimals');
  if (discount !== undefined && discount.isNegative())
    err('DISCOUNT_NEGATIVE', 'discount', '折扣请填正数（减去的金额）', 'enter the discount as a positive amount to take off');
  if (discount !== undefined && gross !== undefined && discount.greaterThan(gross))
    err('DISCOUNT_EXCEEDS_LINE', 'discount', `折扣 ${discount.toFixed(2)} 超过该行金额 ${gross.toFixed(2)}`, `discount ${discount.toFixed(2)} exceeds the line amount ${gross.toFixed(2)}`);

  if (errors.length > 0 || gross === undefined) {
    out.errors.push(...errors);
    return;
  }

  const figures = lineFigures(gross, rate, ctx.pricesIncludeTax);
  const itemName = itemNameOnInvoice(shortName, line.name);
  // Without a typed price, the price is amount / quantity. Tax-inclusive with both typed, the amount
  // wins too: dividing the typed price by (1 + rate) could drift past the 0.01 check on the printed line.
  const fromAmount = quantity !== undefined && (unitPrice === undefined || (ctx.pricesIncludeTax && amount !== undefined));
  const price = fromAmount ? gross.dividedBy(quantity) : unitPrice;
  const printedPrice = price === undefined ? undefined : invoiceUnitPrice(price, rate, ctx.pricesIncludeTax);
  const normal: ComputedLine = {
    kind: 'normal',
    itemName,
    taxCode: line.taxCode,
    ...(line.unit === undefined ? {} : { unit: line.unit }),
    ...(line.spec === undefined ? {} : { spec: line.spec }),
    ...(quantity === undefined ? {} : { quantity: quantity.toFixed() }),
    ...(printedPrice === undefined ? {} : { unitPrice: printedPrice.toFixed() }),
    amount: moneyString(figures.amount),
    rate: rate.text,
    tax: moneyString(figures.tax),
  };
  out.lines.push(normal);
  out.numbers.push({ amount: figures.amount, tax: figures.tax, rate, quantity, unitPrice: printedPrice });
  if (discount !== undefined && !discount.isZero()) {
    const d = discountLine(normal, discount, rate, ctx.pricesIncludeTax);
    out.lines.push(d.line);
    out.numbers.push(d.numbers);
  }
}
