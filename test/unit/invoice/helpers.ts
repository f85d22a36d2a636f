import { Decimal as DecimalBase } from 'decimal.js';
import { DraftSchema, type Draft, type DraftInput } from '../../../electron/contract/index.ts';

/** Independent decimal for expected values: the tests re-derive figures without the implementation's helpers. */
export const D = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_UP });
export const r2 = (v: DecimalBase.Value) => new D(v).toDecimalPlaces(2, D.ROUND_HALF_UP);

/** 男Ｔ恤衫, 13% (code table v32.0). */
export const TSHIRT = '1040201100000000000';

type LineInput = DraftInput['lines'][number];

export function draft(lines: LineInput[], over: Partial<DraftInput> = {}): Draft {
  return DraftSchema.parse({
    type: 'normal',
    pricesIncludeTax: true,
    orderNo: 'T0001',
    seller: { taxpayerType: 'general' },
    buyer: { name: '张三', naturalPerson: true },
    lines,
    ...over,
  });
}

/**
 * A draft past the contract's door (its limits: 100 lines, 13 decimals): what computeInvoice still judges
 * on its own when a caller builds the draft (red letters, the sandbox's re-validation).
 */
export function unchecked(lines: LineInput[], over: Partial<DraftInput> = {}): Draft {
  return { ...draft([line()], over), lines: lines as Draft['lines'] };
}

export function line(over: Partial<LineInput> = {}): LineInput {
  return { name: 'T恤', taxCode: TSHIRT, quantity: '1', unitPrice: '10.00', rate: '0.13', ...over };
}

const DIGIT: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
const SMALL: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

/** Reads 人民币大写 back into a decimal string: an independent parser for round-trip properties. */
export function parseCapitals(text: string): string {
  let s = text;
  const negative = s.startsWith('负');
  if (negative) s = s.slice(1);
  let yuanPart = '';
  let rest = s;
  const yi = s.indexOf('元');
  if (yi >= 0) {
    yuanPart = s.slice(0, yi);
    rest = s.slice(yi + 1);
  }
  // integer: split at the one 亿, then at 万 (a number of 亿 carries its own 万: 壹万零壹亿)
  const section = (t: string): bigint => {
    let total = 0n;
    let digit = 0n;
    for (const ch of t) {
      if (ch in DIGIT) digit = BigInt(DIGIT[ch]!);
      else if (ch in SMALL) {
        total += digit * BigInt(SMALL[ch]!);
        digit = 0n;
      } else throw new Error(`unexpected ${ch} in ${text}`);
    }
    return total + digit;
  };
  const parseInt = (t: string): bigint => {
    const y = t.lastIndexOf('亿');
    if (y >= 0) return parseInt(t.slice(0, y)) * 100_000_000n + parseInt(t.slice(y + 1));
    const w = t.indexOf('万');
    if (w >= 0) return section(t.slice(0, w)) * 10_000n + section(t.slice(w + 1));
    return section(t);
  };
  const yuan = yuanPart === '零' ? 0n : parseInt(yuanPart);
  let jiao = 0;
  let fen = 0;
  if (rest !== '整') {
    const m = /^零?(?:(.)角)?(?:(.)分)?$/.exec(rest);
    if (!m) throw new Error(`bad decimals ${rest} in ${text}`);
    if (m[1]) jiao = DIGIT[m[1]]!;
    if (m[2]) fen = DIGIT[m[2]]!;
  }
  const value = `${yuan}.${jiao}${fen}`;
  return negative ? `-${value}` : value;
}
