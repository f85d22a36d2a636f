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

  it('refuses quantities and amounts that are not plain decimals, naming each field, all at once (never a DecimalError)', () => {
    const r = buildRedInvoice(blue, {
      reason: 'goodsReturned',
      lines: [
        { lineNo: 1, quantity: 'abc' },
        { lineNo: 3, quantity: '1e0' },
      ],
    });
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([
      ['RED_LINE_INVALID', 'lines[0].quantity'],
      ['RED_LINE_INVALID', 'lines[1].quantity'],
    ]);
    const byAmount = buildRedInvoice(blue, {
      reason: 'salesAllowance',
      lines: [
        { lineNo: 1, amount: 'Infinity' },
        { lineNo: 3, amount: ' 1.00' },
      ],
    });
    expect(byAmount.ok ? [] : byAmount.errors.map((e) => [e.code, e.path])).toEqual([
      ['RED_LINE_INVALID', 'lines[0].amount'],
      ['RED_LINE_INVALID', 'lines[1].amount'],
    ]);
    expect(byAmount.ok ? '' : byAmount.errors[0]!.message_zh).toBe('红冲第1项：红冲金额须为十进制数字，如 11.30');
    // A bad string on an unknown line is reported as well as the unknown line.
    const both = buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 9, quantity: 'x' }] });
    expect(both.ok ? [] : both.errors.map((e) => e.path)).toEqual(['lines[0].quantity', 'lines[0].lineNo']);
  });

  it('refuses a red line that comes to 0.00, and says so', () => {
    // 7 × 1.00: 0.001 of it is 0.001 yuan, 0.00 once rounded.
    const seven = blueOf([line({ quantity: '7', unitPrice: '1.00' })]);
    const r = buildRedInvoice(seven, { reason: 'goodsReturned', lines: [{ lineNo: 1, quantity: '0.001' }] });
    expect(r.ok ? [] : r.errors).toEqual([
      { code: 'RED_LINE_ZERO', path: 'lines[0].quantity', message_zh: '红冲第1项：红冲数量/金额过小，折合金额为 0.00 元', message_en: 'Reversal item 1: the quantity is too small: it comes to 0.00' },
    ]);
    // Still refused next to a valid line: no red line, and so no red invoice, at 0.00.
    const mixed = buildRedInvoice(blue, { reason: 'goodsReturned', lines: [{ lineNo: 3, quantity: '1' }, { lineNo: 1, quantity: '0.00001' }] });
    expect(codes(mixed)).toEqual(['RED_LINE_ZERO']);
    expect(ok(buildRedInvoice(seven, { reason: 'goodsReturned', lines: [{ lineNo: 1, quantity: '0.01' }] })).invoice.total).toBe('-0.01');
  });

  it('a blue invoice at 0.00 (fully discounted) has nothing to reverse, and is not called already reversed', () => {
    // Line 1 discounted to 0.00, line 3 a plain 10.00.
    const half = blueOf([line({ quantity: '1', unitPrice: '10.00', discount: '10.00' }), line()]);
    const byLine = buildRedInvoice(half, { reason: 'goodsReturned', lines: [{ lineNo: 1 }] });
    expect(byLine.ok ? [] : byLine.errors.map((e) => [e.code, e.message_zh])).toEqual([
      ['RED_NOTHING_TO_REVERSE', '红冲第1项：第1行折扣后金额为 0.00 元，没有可冲销的金额'],
    ]);
    // A whole blue invoice at 0.00: computeInvoice refuses one now (TOTAL_ZERO), but one may be stored.
    const free = { ...half, invoice: { lines: half.invoice.lines.slice(0, 2), totalAmount: '0.00', totalTax: '0.00', total: '0.00', totalInWords: '零元整' } };
    const r = buildRedInvoice(free, { reason: 'issuedInError' });
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.message_zh])).toEqual([['RED_NOTHING_TO_REVERSE', '该发票价税合计为 0.00 元（已全额折扣），没有可冲销的金额']]);
    // Reversed in full, the same invoice has nothing left.
    const all = ok(buildRedInvoice(half, { reason: 'issuedInError' }));
    expect(all.full).toBe(true);
    expect(codes(buildRedInvoice(half, { reason: 'issuedInError' }, [all]))).toEqual(['RED_NOTHING_LEFT']);
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

describe('red reason codes: two numbering schemes (docs/invoice-rules.md §5.2)', () => {
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
