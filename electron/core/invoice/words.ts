import { Decimal, type DecimalValue } from './money.ts';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

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
 * 人民币大写 as accounting practice writes it: 壹佰元整, 壹仟零伍元叁角, 零元伍分 is written 伍分,
 * negative amounts get 负 in front.
 */
export function amountInWords(value: DecimalValue): string {
  const amount = new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  // 万亿 is the largest unit written; invoices never come near it.
  if (amount.abs().greaterThanOrEqualTo('1e16')) throw new RangeError('amount too large to write in capitals');
  if (amount.isZero()) return '零元整';
  const negative = amount.isNegative();
  const abs = amount.abs();
  const yuan = abs.floor();
  const fen = abs.minus(yuan).times(100).round().toNumber();
  const jiao = Math.floor(fen / 10);
  const cent = fen % 10;

  let integer = '';
  if (!yuan.isZero()) {
    const digits = yuan.toFixed(0);
    const groups: number[] = [];
    for (let end = digits.length; end > 0; end -= 4) groups.unshift(Number(digits.slice(Math.max(0, end - 4), end)));
    let gap = false;
    groups.forEach((group, i) => {
      if (group === 0) {
        gap = integer !== '';
        return;
      }
      if (integer !== '' && (gap || group < 1000)) integer += '零';
      integer += groupWords(group) + BIG_UNITS[groups.length - 1 - i]!;
      gap = false;
    });
    integer += '元';
  }

  let decimals = '';
  if (jiao === 0 && cent === 0) decimals = '整';
  else {
    if (jiao > 0) decimals += DIGITS[jiao]! + '角';
    else if (integer !== '') decimals += '零';
    if (cent > 0) decimals += DIGITS[cent]! + '分';
  }
  return (negative ? '负' : '') + integer + decimals;
}
