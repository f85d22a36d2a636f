import { Decimal, MAX_QUANTITY_DP, money } from './money.ts';

/**
 * Amount and tax of a line from its value (reference §4.1). Tax-inclusive (the till's shelf prices):
 * tax = round(gross × rate / (1 + rate)), amount = gross − tax, so amount + tax is the gross exactly.
 * Tax-exclusive: amount = round(value), tax = round(amount × rate).
 */
export function lineFigures(value: Decimal, rate: Decimal, pricesIncludeTax: boolean): { amount: Decimal; tax: Decimal } {
  if (pricesIncludeTax) {
    const gross = money(value);
    const tax = money(gross.times(rate).dividedBy(rate.plus(1)));
    return { amount: gross.minus(tax), tax };
  }
  const amount = money(value);
  return { amount, tax: money(amount.times(rate)) };
}

/** The unit price printed on the invoice is tax-exclusive: 含税单价 / (1 + rate), 13 decimals. */
export function invoiceUnitPrice(price: Decimal, rate: Decimal, pricesIncludeTax: boolean): Decimal {
  const net = pricesIncludeTax ? price.dividedBy(rate.plus(1)) : price;
  return net.toDecimalPlaces(MAX_QUANTITY_DP, Decimal.ROUND_HALF_UP);
}
