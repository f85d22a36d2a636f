import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar, validateTaxId } from '../../../electron/core/invoice/taxid.ts';

const codes = (id: string) => validateTaxId(id).errors.map((e) => e.code);

describe('taxpayer IDs (docs/invoice-rules.md §1)', () => {
  it.each(['91350100M000100Y43', '91310110666007217T', '91310115591693856A', '9153000077859986X2'])(
    'public USCC example %s passes both checks',
    (id) => {
      expect(validateTaxId(id)).toEqual({ valid: true, kind: 'uscc', errors: [] });
    },
  );

  it('hutool’s invalid-on-purpose code fails the check character, at position 18', () => {
    const r = validateTaxId('91350211M00013FA1N');
    expect(r.valid).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.code).toBe('TAXID_USCC_CHECK');
    expect(r.errors[0]!.message_zh).toContain('第18位');
    expect(r.errors[0]!.message_en).toContain('position 18');
  });

  it.each(['91350100M0001TGQXM', '91350211M0000XUF46', '91350203M0001FUE2P'])(
    'early pilot code %s fails only the USCC check (the org-code check passes)',
    (id) => {
      expect(codes(id)).toEqual(['TAXID_USCC_CHECK']);
    },
  );

  it('a wrong organisation-code check character names position 17', () => {
    // Take a valid code, change position 17, and repair position 18 so only the org-code check fails.
    const base = '91310115591693856A';
    const pos17 = base[16] === '6' ? '7' : '6';
    const first17 = base.slice(0, 16) + pos17;
    const id = first17 + usccCheckChar(first17);
    const r = validateTaxId(id);
    expect(r.errors.map((e) => e.code)).toEqual(['TAXID_ORG_CHECK']);
    expect(r.errors[0]!.message_zh).toContain('第17位');
  });

  it('GB 11714 check characters of the organisation codes inside the public examples', () => {
    // Positions 9–17 of each public USCC: 8 body characters and the org-code check character.
    for (const id of ['91350100M000100Y43', '91310110666007217T', '91310115591693856A', '9153000077859986X2'])
      expect(orgCodeCheckChar(id.slice(8, 16)), id).toBe(id[16]);
    // 'X' stands for 10: 77859986 → X (from 9153000077859986X2).
    expect(orgCodeCheckChar('77859986')).toBe('X');
  });

  it('upper-cases and folds full-width input before checking', () => {
    expect(validateTaxId('91310115591693856a').valid).toBe(true);
    expect(validateTaxId(' ９１310115591693856A ').valid).toBe(true);
  });

  it('names each position holding a forbidden character', () => {
    const r = validateTaxId('9131011559169385IO');
    expect(r.errors.map((e) => e.code)).toEqual(['TAXID_CHAR', 'TAXID_CHAR']);
    expect(r.errors[0]!.message_zh).toContain('第17位');
    expect(r.errors[1]!.message_zh).toContain('第18位');
  });

  it('accepts 15, 17 and 20 characters by format, with their kind', () => {
    expect(validateTaxId('110108123456789')).toEqual({ valid: true, kind: '15', errors: [] });
    expect(validateTaxId('11010819800101123')).toMatchObject({ valid: true, kind: '17' });
    expect(validateTaxId('11010819800101123X01')).toMatchObject({ valid: true, kind: '20' });
    expect(codes('11010812345678-')).toEqual(['TAXID_CHAR']);
  });

  it('rejects other lengths and empty input', () => {
    expect(validateTaxId('1234567890123456')).toMatchObject({ valid: false, kind: null });
    expect(codes('1234567890123456')).toEqual(['TAXID_LENGTH']);
    expect(codes('')).toEqual(['TAXID_EMPTY']);
  });

  const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const usccChar = fc.constantFrom(...CHARSET.split(''));
  // Positions 3–8 are the region code: digits (GB 32100).
  const digit = fc.constantFrom(...'0123456789'.split(''));
  const validUscc = fc.tuple(fc.array(usccChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(usccChar, { minLength: 9, maxLength: 9 })).map(([a, b, c]) => {
    const first17 = [...a, ...b, ...c].join('');
    return first17 + usccCheckChar(first17);
  });

  it('property: changing any one character of a valid USCC is caught', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), usccChar, (id, pos, ch) => {
        fc.pre(id[pos] !== ch && !(pos >= 2 && pos < 8 && !/\d/.test(ch)));
        const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
        expect(validateTaxId(changed).errors.some((e) => e.code === 'TAXID_USCC_CHECK')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: the check character makes the weighted sum 0 mod 31 (GB 32100)', () => {
    const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    fc.assert(
      fc.property(validUscc, (id) => {
        const sum = W.reduce((s, w, i) => s + CHARSET.indexOf(id[i]!) * w, 0) + CHARSET.indexOf(id[17]!);
        expect(sum % 31).toBe(0);
      }),
    );
  });
});

describe('GB 32100 positions 3–8: the region code (行政区划码) is digits', () => {
  it.each([
    [2, 'A'],
    [5, 'K'],
    [7, 'Y'],
  ])('a letter at position %i+1 is TAXID_REGION, naming the position', (i, ch) => {
    const good = '91310115591693856A';
    const id = good.slice(0, i) + ch + good.slice(i + 1);
    const r = validateTaxId(id, 'buyer.taxId');
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([['TAXID_REGION', 'buyer.taxId']]);
    expect(r.errors[0]!.message_zh).toContain(`第${i + 1}位“${ch}”`);
    expect(r.errors[0]!.message_en).toContain(`position ${i + 1}`);
  });

  it('a code whose checksum was made for letters in positions 3–8 is still refused there', () => {
    const first17 = '91AB0115591693856';
    const id = first17 + usccCheckChar(first17);
    expect(validateTaxId(id).errors.map((e) => e.code)).toEqual(['TAXID_REGION', 'TAXID_REGION']);
  });
});

describe('input longer than any taxpayer ID', () => {
  it('is one TAXID_LENGTH, not an error per character', () => {
    const t0 = performance.now();
    const r = validateTaxId('a'.repeat(1_000_000));
    expect(r.errors.map((e) => e.code)).toEqual(['TAXID_LENGTH']);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
