import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../../electron/core/invoice/words.ts';
import { D, parseCapitals } from './helpers.ts';

describe('amount in Chinese capitals (人民币大写)', () => {
  it.each([
    ['0', '零元整'],
    ['0.05', '伍分'],
    ['0.50', '伍角'],
    ['1', '壹元整'],
    ['10', '壹拾元整'],
    ['100', '壹佰元整'],
    ['1005.30', '壹仟零伍元叁角'],
    ['10.05', '壹拾元零伍分'],
    ['1020', '壹仟零贰拾元整'],
    ['100000', '壹拾万元整'],
    ['1000010', '壹佰万零壹拾元整'],
    ['2030000', '贰佰零叁万元整'],
    ['203000', '贰拾万叁仟元整'],
    ['100000001', '壹亿零壹元整'],
    ['1000100000000', '壹万零壹亿元整'],
    ['1000000000000', '壹万亿元整'],
    ['1000010000000', '壹万亿壹仟万元整'],
    ['1000001000000', '壹万亿零壹佰万元整'],
    ['9999999999999999.99', '玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['188.00', '壹佰捌拾捌元整'],
    ['1680.32', '壹仟陆佰捌拾元叁角贰分'],
    ['-12.30', '负壹拾贰元叁角'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('rounds to the fen half-up before writing', () => {
    expect(amountInWords('0.005')).toBe('壹分');
    expect(amountInWords('2.994')).toBe('贰元玖角玖分');
  });

  it('refuses amounts beyond 万亿', () => {
    expect(() => amountInWords('10000000000000000')).toThrow(RangeError);
  });

  it('reads back to the same amount, never two 零 in a row, never a trailing 零', () => {
    const fen = fc.oneof(fc.bigInt({ min: -(10n ** 18n - 1n), max: 10n ** 18n - 1n }), fc.bigInt({ min: 0n, max: 100_000n }));
    fc.assert(
      fc.property(fen, (f) => {
        const amount = new D(f.toString()).dividedBy(100);
        const words = amountInWords(amount.toFixed(2));
        expect(new D(parseCapitals(words)).equals(amount)).toBe(true);
        expect(words).not.toMatch(/零零/);
        expect(words.split('亿').length).toBeLessThanOrEqual(2);
        if (!amount.isZero()) expect(words).not.toMatch(/零[元万亿]/);
        expect(words.endsWith('整')).toBe(amount.isInteger());
      }),
      { numRuns: 2000 },
    );
  });
});
