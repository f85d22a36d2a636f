import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComputedInvoice } from '../../../electron/contract/index.ts';
import { computeInvoice } from '../../../electron/core/invoice/compute.ts';
import { buildRedInvoice, remainingOf, type RedInvoice } from '../../../electron/core/invoice/red-letter.ts';
import {
  RED_REASONS,
  bureauToProviderReason,
  providerToBureauReason,
  redReasonFromBureau,
  redReasonFromProvider,
} from '../../../electron/core/invoice/red-reasons.ts';
import { D, draft, line } from './helpers.ts';

function blueOf(lines: ReturnType<typeof line>[]): { kind: 'blue'; status: 'issued'; number: string; invoice: ComputedInvoice } {
  const r = computeInvoice(draft(lines));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { kind: 'blue', status: 'issued', number: '24312000000136634917', invoice: r.invoice };
}

// Line 1: 2 × 99.00 with a 10.00 discount (lines 1–2); line 3: 5 × 11.30.
const blue = blueOf([line({ quantity: '2', unitPrice: '99.00', discount: '10.00' }), line({ quantity: '5', unitPrice: '11.30' })]);

function ok(r: ReturnType<typeof buildRedInvoice>): RedInvoice {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.red;
}
const codes = (r: ReturnType<typeof buildRedInvoice>) => (r.ok ? [] : r.errors.map((e) => e.code));

describe('red-letter invoices (红字)', () => {
  it('a full reversal negates the blue invoice, netting discount lines into their line', () => {
    const red = ok(buildRedInvoice(blue, { reason: 'issuedInError' }));
    expect(red.full).toBe(true);
    expect(red.blueNumber).toBe(blue.number);
    expect(red.reasonCodes).toMatchObject({ bureau: '01', provider: '2' });
    expect(red.invoice.total).toBe(new D(blue.invoice.total).negated().toFixed(2));
    expect(red.invoice.totalAmount).toBe(new D(blue.invoice.totalAmount).negated().toFixed(2));
    expect(red.invoice.totalTax).toBe(new D(blue.invoice.totalTax).negated().toFixed(2));
    expect(red.invoice.lines.map((l) => [l.kind, l.blueLineNo, l.quantity])).toEqual([
      ['normal', 1, '-2'],
      ['normal', 3, '-5'],
    ]);
    // 198.00 − 10.00 with tax = 188.00: 175.22 − 8.85 = 166.37 and 22.78 − 1.15 = 21.63.
    expect(red.invoice.lines[0]).toMatchObject({ amount: '-166.37', tax: '-21.63' });
    expect(red.invoice.totalInWords.startsWith('负')).toBe(true);
  });

  it('a partial reversal by quantity takes that share; the last one takes exactly what remains', () => {
    const first = ok(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '2' }] }));
    expect(first.full).toBe(false);
    // 5 × 11.30 = 56.50: amount 50.00, tax 6.50; 2 of 5 → 20.00 and 2.60.
    expect(first.invoice.lines).toEqual([expect.objectContaining({ blueLineNo: 3, quantity: '-2', amount: '-20.00', tax: '-2.60' })]);
    const second = ok(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '3' }] }, [first]));
    expect(second.invoice.lines[0]).toMatchObject({ quantity: '-3', amount: '-30.00', tax: '-3.90' });
    const third = buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '1' }] }, [first, second]);
    expect(codes(third)).toEqual(['RED_EXCEEDS_REMAINING']);
  });

  it('never reverses more than remains, by quantity or by amount', () => {
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '6' }] }))).toEqual(['RED_EXCEEDS_REMAINING']);
    expect(codes(buildRedInvoice(blue, { reason: 'salesAllowance', lines: [{ lineNo: 1, amount: '188.01' }] }))).toEqual(['RED_EXCEEDS_REMAINING']);
    const all = ok(buildRedInvoice(blue, { reason: 'issuedInError' }));
    expect(codes(buildRedInvoice(blue, { reason: 'issuedInError' }, [all]))).toEqual(['RED_NOTHING_LEFT']);
  });

  it('a sales allowance reverses an amount (tax split as on the till) without quantity', () => {
    const red = ok(buildRedInvoice(blue, { reason: 'salesAllowance', lines: [{ lineNo: 1, amount: '11.30' }] }));
    expect(red.invoice.lines[0]).toMatchObject({ amount: '-10.00', tax: '-1.30' });
    expect(red.invoice.lines[0]!.quantity).toBeUndefined();
    expect(codes(buildRedInvoice(blue, { reason: 'salesAllowance', lines: [{ lineNo: 3, quantity: '1' }] }))).toEqual(['RED_ALLOWANCE_AMOUNT_ONLY']);
    const loose = { issuedInErrorFullOnly: true, allowanceAmountOnly: false };
    expect(codes(buildRedInvoice(blue, { reason: 'salesAllowance', lines: [{ lineNo: 3, quantity: '1' }] }, [], loose))).toEqual([]);
  });

  it('开票有误 must reverse the whole invoice (configurable)', () => {
    const partial = { reason: 'issuedInError' as const, lines: [{ lineNo: 3 }] };
    expect(codes(buildRedInvoice(blue, partial))).toEqual(['RED_ERROR_NEEDS_FULL']);
    expect(codes(buildRedInvoice(blue, partial, [], { issuedInErrorFullOnly: false, allowanceAmountOnly: true }))).toEqual([]);
  });

  it('refuses unknown, duplicate and discount line references and ambiguous requests', () => {
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 2 }] }))).toEqual(['RED_LINE_UNKNOWN']);
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 9 }] }))).toEqual(['RED_LINE_UNKNOWN']);
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3 }, { lineNo: 3 }] }))).toEqual(['RED_LINE_DUPLICATE']);
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '1', amount: '1' }] }))).toEqual(['RED_LINE_AMBIGUOUS']);
    expect(codes(buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '0' }] }))).toEqual(['RED_LINE_INVALID']);
  });

  it('only an issued blue invoice can be reversed', () => {
    expect(codes(buildRedInvoice({ ...blue, status: 'queued' }, { reason: 'issuedInError' }))).toEqual(['RED_BLUE_NOT_ISSUED']);
    expect(codes(buildRedInvoice({ ...blue, kind: 'red' }, { reason: 'issuedInError' }))).toEqual(['RED_OF_RED']);
  });

  it('property: any sequence of partial reversals stays within the blue invoice and can be completed exactly', () => {
    const byQuantity = fc.record({ lineNo: fc.constantFrom(1, 3), quantity: fc.constantFrom('0.5', '1', '0.25', '2') });
    const byAmount = fc.record({ lineNo: fc.constantFrom(1, 3), amount: fc.constantFrom('0.01', '3.33', '10.00', '47.11') });
    const step = fc.oneof(byQuantity, byAmount);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const reds: RedInvoice[] = [];
        for (const s of steps) {
          const reason = 'amount' in s ? ('salesAllowance' as const) : ('goodsReturned' as const);
          const r = buildRedInvoice(blue, { reason, lines: [s] }, reds);
          if (r.ok) reds.push(r.red);
          else expect(r.errors.map((e) => e.code)).toEqual(['RED_EXCEEDS_REMAINING']);
        }
        for (const rem of remainingOf(blue.invoice, reds)) {
          expect(rem.amount.isNegative()).toBe(false);
          expect(rem.tax.isNegative()).toBe(false);
          expect(rem.quantity!.isNegative()).toBe(false);
        }
        const last = buildRedInvoice(blue, { reason: 'goodsReturned' }, reds);
        const all = last.ok ? [...reds, last.red] : reds;
        const reversed = all.reduce((s, r) => s.plus(r.invoice.total), new D(0));
        expect(reversed.negated().equals(blue.invoice.total)).toBe(true);
        for (const rem of remainingOf(blue.invoice, all)) expect(rem.amount.isZero() && rem.tax.isZero()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('red reason codes: two numbering schemes (reference §5.2)', () => {
  it('maps 开票有误 01 ⇄ 2 and 销货退回 02 ⇄ 1; 03 and 04 keep their digit', () => {
    expect(RED_REASONS.issuedInError).toMatchObject({ bureau: '01', provider: '2', zh: '开票有误' });
    expect(RED_REASONS.goodsReturned).toMatchObject({ bureau: '02', provider: '1', zh: '销货退回' });
    expect(bureauToProviderReason('01')).toBe('2');
    expect(bureauToProviderReason('02')).toBe('1');
    expect(bureauToProviderReason('03')).toBe('3');
    expect(bureauToProviderReason('04')).toBe('4');
    for (const b of ['01', '02', '03', '04']) expect(providerToBureauReason(bureauToProviderReason(b)!)).toBe(b);
    expect(redReasonFromBureau('01')).toBe('issuedInError');
    expect(redReasonFromProvider('1')).toBe('goodsReturned');
    expect(redReasonFromBureau('2')).toBeUndefined();
  });
});
