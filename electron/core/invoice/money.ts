import { Decimal as DecimalBase } from 'decimal.js';

/** The one Decimal for money: 40 significant digits, half-up, as the tax platform rounds. */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = DecimalBase;
/** What a Decimal can be made from. */
export type DecimalValue = DecimalBase.Value;

export const ZERO = new Decimal(0);

/** Amounts and tax: 2 decimals, half-up. */
export function money(value: DecimalValue): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The canonical string of an amount: always 2 decimals. */
export function moneyString(value: DecimalValue): string {
  return money(value).toFixed(2);
}

/** Integer fen, exact, for SQLite aggregation columns. */
export function toFen(value: DecimalValue): number {
  return money(value).times(100).toNumber();
}

export function fromFen(fen: number | bigint): Decimal {
  return new Decimal(fen.toString()).dividedBy(100);
}

/** A quantity or unit price: up to 13 decimals, trailing zeros dropped. */
export function quantityString(value: DecimalValue): string {
  return new Decimal(value).toDecimalPlaces(13, Decimal.ROUND_HALF_UP).toFixed();
}
