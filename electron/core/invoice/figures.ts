import { Decimal, MAX_QUANTITY_DP, ONE, ZERO, money } from './money.ts';

/**
 * A rate as the calculation uses it: parsed once per spelling, with r / (1 + r) and 1 / (1 + r) divided
 * once (a division costs ten multiplications in decimal.js) and kept to SHARE_DIGITS significant digits.
 * The product rounds exactly as the quotient would: 1 + r = a/b in lowest terms with a odd for every rate
 * in use (13%: a = 113, the largest; 9%, 6%, 5%, 3%, 1%), so no exact value is ever half a fen (or half
 * of the 13th decimal), and the nearest one is at least 1/(2a) of that unit away. A share off by 5e-30 of
 * itself moves an amount below 1e16 (the largest an invoice carries) by 5e-14 yuan, far less than 1/(2a)
 * fen for any a below 1e11; it moves a unit price below 1e13 by less than 1/(2a) of its 13th decimal.
 * Thirty digits multiply ~10% faster than forty (measured: `npm run bench -- invoice`).
 */
const SHARE_DIGITS = 30;

export interface Rate {
  value: Decimal;
  /** The canonical spelling ("0.13", never "0.130"): what the invoice prints and the allowed sets hold. */
  text: string;
  /** 0 ≤ rate < 1: the only rates a line may carry. The shares of other rates are zero and never used. */
  valid: boolean;
  taxShare: Decimal;
  netShare: Decimal;
}

/** A handful of rates recur on every invoice; the bound keeps a stream of odd spellings from growing it. */
const rates = new Map<string, Rate>();

export function rateOf(text: string): Rate {
  let r = rates.get(text);
  if (!r) {
    const value = new Decimal(text);
    const valid = !value.isNegative() && value.lessThan(ONE);
    const gross = value.plus(ONE);
    r = {
      value,
      text: value.toFixed(),
      valid,
      taxShare: valid ? value.dividedBy(gross).toSignificantDigits(SHARE_DIGITS) : ZERO,
      netShare: valid ? ONE.dividedBy(gross).toSignificantDigits(SHARE_DIGITS) : ZERO,
    };
    if (rates.size < 1000) rates.set(text, r);
  }
  return r;
}

/**
 * Amount and tax of a line from its value to the fen (docs/invoice-rules.md §4.1). Tax-inclusive (the till's shelf
 * prices): tax = round(gross × rate / (1 + rate)), amount = gross − tax, so amount + tax is the gross
 * exactly. Tax-exclusive: amount = value, tax = round(amount × rate).
 */
export function lineFigures(value: Decimal, rate: Rate, pricesIncludeTax: boolean): { amount: Decimal; tax: Decimal } {
  if (pricesIncludeTax) {
    const tax = money(value.times(rate.taxShare));
    return { amount: value.minus(tax), tax };
  }
  return { amount: value, tax: money(value.times(rate.value)) };
}

/** The unit price printed on the invoice is tax-exclusive: 含税单价 / (1 + rate), 13 decimals. */
export function invoiceUnitPrice(price: Decimal, rate: Rate, pricesIncludeTax: boolean): Decimal {
  const net = pricesIncludeTax ? price.times(rate.netShare) : price;
  return net.toDecimalPlaces(MAX_QUANTITY_DP, Decimal.ROUND_HALF_UP);
}
