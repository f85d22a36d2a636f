import { Decimal, type DecimalValue } from './money.ts';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];

/** A 4-digit group in capitals, with one 零 for each inner run of zeros (1005 → 壹仟零伍). */
function groupWords(group: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(group / 10 ** pos) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + SMALL_UNITS[pos]!;
  }
  return out;
}

/**
 * A positive whole number of 元: 亿 above 万, each written with its own 万 (10001亿 → 壹万零壹亿, never
 * 壹万亿零壹亿), and one 零 where a lower section starts with zeros (1000010 → 壹佰万零壹拾).
 */
function integerWords(n: bigint): string {
  if (n >= 100_000_000n) {
    const lo = n % 100_000_000n;
    return `${integerWords(n / 100_000_000n)}亿${lo === 0n ? '' : (lo < 10_000_000n ? '零' : '') + integerWords(lo)}`;
  }
  if (n >= 10_000n) {
    const lo = Number(n % 10_000n);
    return `${groupWords(Number(n / 10_000n))}万${lo === 0 ? '' : (lo < 1000 ? '零' : '') + groupWords(lo)}`;
  }
  return groupWords(Number(n));
}

/**
 * 人民币大写 as accounting practice writes it: 壹佰元整, 壹仟零伍元叁角, 零元伍分 is written 伍分,
 * negative amounts get 负 in front.
 */
export function amountInWords(value: DecimalValue): string {
  const amount = new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  // Far beyond any invoice (and DECIMAL(18,2)); refused rather than written oddly.
  if (amount.abs().greaterThanOrEqualTo('1e16')) throw new RangeError('amount too large to write in capitals');
  if (amount.isZero()) return '零元整';
  const negative = amount.isNegative();
  const abs = amount.abs();
  const yuan = abs.floor();
  const fen = abs.minus(yuan).times(100).round().toNumber();
  const jiao = Math.floor(fen / 10);
  const cent = fen % 10;

  const integer = yuan.isZero() ? '' : `${integerWords(BigInt(yuan.toFixed(0)))}元`;

  let decimals = '';
  if (jiao === 0 && cent === 0) decimals = '整';
  else {
    if (jiao > 0) decimals += DIGITS[jiao]! + '角';
    else if (integer !== '') decimals += '零';
    if (cent > 0) decimals += DIGITS[cent]! + '分';
  }
  return (negative ? '负' : '') + integer + decimals;
}
