import { Decimal, MAX_QUANTITY_DP, ONE, money } from './money.ts';

/**
 * r / (1 + r) and 1 / (1 + r) per rate, divided once: a division costs ten multiplications in decimal.js.
 * At 40 significant digits the product rounds exactly as the quotient would: 1 + r = a/b in lowest terms
 * with a odd for every rate in use, so no value is ever exactly half a fen (or half of the 13th decimal),
 * and the nearest one is ~1/(2a) of a unit away, far beyond an error of 1e-39.
 */
const factors = new Map<string, { taxShare: Decimal; netShare: Decimal }>();

function factorsOf(rate: Decimal): { taxShare: Decimal; netShare: Decimal } {
  const key = rate.toString();
  let f = factors.get(key);
  if (!f) {
    const gross = rate.plus(ONE);
    f = { taxShare: rate.dividedBy(gross), netShare: ONE.dividedBy(gross) };
    factors.set(key, f);
  }
  return f;
}

/**
 * Amount and tax of a line from its value (reference §4.1). Tax-inclusive (the till's shelf prices):
 * tax = round(gross × rate / (1 + rate)), amount = gross − tax, so amount + tax is the gross exactly.
 * Tax-exclusive: amount = round(value), tax = round(amount × rate).
 */
export function lineFigures(value: Decimal, rate: Decimal, pricesIncludeTax: boolean): { amount: Decimal; tax: Decimal } {
  return figuresOfRounded(money(value), rate, pricesIncludeTax);
}

/** The same for a value already rounded to the fen (the hot path rounds once). */
export function figuresOfRounded(value: Decimal, rate: Decimal, pricesIncludeTax: boolean): { amount: Decimal; tax: Decimal } {
  if (pricesIncludeTax) {
    const tax = money(value.times(factorsOf(rate).taxShare));
    return { amount: value.minus(tax), tax };
  }
  return { amount: value, tax: money(value.times(rate)) };
}

/** The unit price printed on the invoice is tax-exclusive: 含税单价 / (1 + rate), 13 decimals. */
export function invoiceUnitPrice(price: Decimal, rate: Decimal, pricesIncludeTax: boolean): Decimal {
  const net = pricesIncludeTax ? price.times(factorsOf(rate).netShare) : price;
  return net.toDecimalPlaces(MAX_QUANTITY_DP, Decimal.ROUND_HALF_UP);
}
