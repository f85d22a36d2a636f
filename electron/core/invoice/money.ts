import { Decimal as DecimalBase } from 'decimal.js';

/** The one Decimal for money: 40 significant digits, half-up, as the tax platform rounds. */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = DecimalBase;
/** What a Decimal can be made from. */
export type DecimalValue = DecimalBase.Value;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Amounts and tax: 2 decimals, half-up. (A Decimal is rounded as is: no re-parse on the hot path.) */
export function money(value: DecimalValue): Decimal {
  const d = Decimal.isDecimal(value) ? (value as Decimal) : new Decimal(value);
  return d.decimalPlaces() <= 2 ? d : d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP); // immutable: returned as is
}

/**
 * The canonical string of an amount: always 2 decimals. A Decimal already to the fen is padded rather
 * than rounded again: toFixed(2) builds a new Decimal, and the till prints two amounts per line.
 */
export function moneyString(value: DecimalValue): string {
  const d = Decimal.isDecimal(value) ? (value as Decimal) : new Decimal(value);
  if (!d.isFinite() || d.decimalPlaces() > 2) return money(d).toFixed(2);
  const s = d.toFixed();
  const dot = s.indexOf('.');
  return dot < 0 ? `${s}.00` : dot === s.length - 2 ? `${s}0` : s;
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
  return (Decimal.isDecimal(value) ? (value as Decimal) : new Decimal(value)).toDecimalPlaces(13, Decimal.ROUND_HALF_UP).toFixed();
}

/**
 * Amounts are DECIMAL(18,2) (docs/invoice-rules.md §4.3): anything from 1e16 on cannot be invoiced. Read from the
 * exponent (decimal.js's documented `e`): every comparison in decimal.js copies its argument first.
 */
export function isBeyondMaxAmount(value: Decimal): boolean {
  return value.isFinite() ? value.e >= 16 : true;
}

/**
 * |value| ≤ bound (a tolerance, ≥ 0). Below a non-zero bound's exponent the answer is yes without the
 * comparison's copy: |value| < 10^bound.e ≤ bound. Tolerance checks almost always end there.
 */
export function isWithin(value: Decimal, bound: Decimal): boolean {
  if (value.isZero() || (!bound.isZero() && value.e < bound.e)) return true;
  return value.abs().lessThanOrEqualTo(bound);
}

/** value > 0, without the copy a comparison makes. */
export function isStrictlyPositive(value: Decimal): boolean {
  return value.isPositive() && !value.isZero();
}

/** Quantity and unit price carry at most 13 decimals (docs/invoice-rules.md §4.3). */
export const MAX_QUANTITY_DP = 13;

/** Tolerances of docs/invoice-rules.md §4.2: confirmed for 税控 software, assumed for 数电, so configurable. */
export interface Tolerances {
  /** |quantity × unit price − amount| per line. */
  linePrice: Decimal;
  /** |amount × rate − tax| per line. */
  lineTax: Decimal;
  /** |Σ (amount × rate − tax)| per invoice. */
  invoiceTax: Decimal;
}

export const DEFAULT_TOLERANCES: Tolerances = {
  linePrice: new Decimal('0.01'),
  lineTax: new Decimal('0.06'),
  invoiceTax: new Decimal('1.27'),
};

/** A rate fraction as a percentage for messages: 0.13 → "13%". */
export function percent(rate: DecimalValue): string {
  return `${new Decimal(rate).times(100).toFixed()}%`;
}

/** A percentage from the code table ("13%") as a fraction string ("0.13"). */
export function rateFromPercent(text: string): string {
  return new Decimal(text.replace('%', '').trim()).dividedBy(100).toFixed();
}
