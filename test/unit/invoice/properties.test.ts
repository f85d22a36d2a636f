import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DraftInput } from '../../../electron/contract/index.ts';
import { COMPUTED_LINE_TAX_ERROR, checkInvoiceFigures } from '../../../electron/core/invoice/checks.ts';
import { computeInvoice } from '../../../electron/core/invoice/compute.ts';
import { invoiceUnitPrice, lineFigures, rateOf } from '../../../electron/core/invoice/figures.ts';
import { taxCodeTable } from '../../../electron/core/invoice/taxcodes.ts';
import { D, draft, parseCapitals, r2 } from './helpers.ts';

// Leaf codes with one general-taxpayer rate each, picked from the table so every rate in it is exercised.
const leaves = [...taxCodeTable().codes.values()].filter((c) => !c.isSummary && c.rateFractions.length > 0 && !c.code.startsWith('6'));
const codeAndRate = fc.constantFrom(...leaves).chain((c) => fc.constantFrom(...c.rateFractions.filter((r) => r !== '0')).map((rate) => ({ code: c.code, rate })));

const decimal = (maxInt: number, dp: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** dp - 1 })).map(([i, f]) => (dp === 0 ? `${i}` : `${i}.${String(f).padStart(dp, '0')}`));

const lineArb = fc
  .record({
    cr: codeAndRate,
    quantity: decimal(999, 3).filter((q) => new D(q).greaterThan(0)),
    unitPrice: decimal(99_999, 2).filter((p) => new D(p).greaterThan(0)),
    discountShare: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  })
  // A line worth less than a fen, or an invoice of 0.00, is refused (compute.test.ts): not generated here.
  .filter(({ quantity, unitPrice }) => r2(new D(quantity).times(unitPrice)).greaterThan(0))
  .map(({ cr, quantity, unitPrice, discountShare }) => {
    const gross = r2(new D(quantity).times(unitPrice));
    const discount = discountShare === undefined ? undefined : r2(gross.times(discountShare).dividedBy(100)).toFixed(2);
    return { name: '商品', taxCode: cr.code, rate: cr.rate, quantity, unitPrice, ...(discount === undefined ? {} : { discount }) };
  });

const invoiceArb = (pricesIncludeTax: boolean) =>
  fc
    .array(lineArb, { minLength: 1, maxLength: 30 })
    .filter((lines) => lines.some((l) => l.discount === undefined || new D(l.discount).lessThan(r2(new D(l.quantity).times(l.unitPrice)))))
    .map((lines) => ({ lines: lines as DraftInput['lines'], pricesIncludeTax }));

function checkIdentities(input: { lines: DraftInput['lines']; pricesIncludeTax: boolean }) {
  const r = computeInvoice(draft(input.lines, { pricesIncludeTax: input.pricesIncludeTax }));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const inv = r.invoice;
  let sumAmount = new D(0);
  let sumTax = new D(0);
  let sumTaxError = new D(0);
  let expectedTotal = new D(0);
  let k = 0;
  for (const src of input.lines) {
    const normal = inv.lines[k++]!;
    const rate = new D(src.rate);
    const value = r2(new D(src.quantity!).times(src.unitPrice!));
    expect(normal.kind).toBe('normal');
    if (input.pricesIncludeTax) {
      // tax = round(gross × r / (1 + r)), amount = gross − tax
      expect(new D(normal.tax).equals(r2(value.times(rate).dividedBy(rate.plus(1))))).toBe(true);
      expect(new D(normal.amount).plus(normal.tax).equals(value)).toBe(true);
      expectedTotal = expectedTotal.plus(value);
    } else {
      expect(new D(normal.amount).equals(value)).toBe(true);
      expect(new D(normal.tax).equals(r2(value.times(rate)))).toBe(true);
      expectedTotal = expectedTotal.plus(value).plus(normal.tax);
    }
    // The printed (tax-exclusive) price times the quantity stays within 0.01 of the amount.
    expect(new D(normal.quantity!).times(normal.unitPrice!).minus(normal.amount).abs().lessThanOrEqualTo('0.01')).toBe(true);
    const lines = [normal];
    if (src.discount !== undefined && !new D(src.discount).isZero()) {
      const d = inv.lines[k++]!;
      lines.push(d);
      expect(d).toMatchObject({ kind: 'discount', taxCode: normal.taxCode, itemName: normal.itemName, rate: normal.rate });
      expect(new D(d.amount).isNegative() || new D(d.amount).isZero()).toBe(true);
      expect(new D(d.amount).abs().lessThanOrEqualTo(normal.amount)).toBe(true);
      if (input.pricesIncludeTax) {
        expect(new D(d.amount).plus(d.tax).negated().equals(src.discount)).toBe(true);
        expectedTotal = expectedTotal.minus(src.discount);
      } else {
        expect(new D(d.amount).negated().equals(src.discount)).toBe(true);
        expectedTotal = expectedTotal.plus(d.amount).plus(d.tax);
      }
    }
    for (const l of lines) {
      const err = new D(l.amount).times(l.rate).minus(l.tax);
      // Within the 0.06 tolerance by construction: compute skips the per-line check on this bound.
      expect(err.abs().lessThan(COMPUTED_LINE_TAX_ERROR)).toBe(true);
      sumTaxError = sumTaxError.plus(err);
      sumAmount = sumAmount.plus(l.amount);
      sumTax = sumTax.plus(l.tax);
      expect(l.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(l.tax).toMatch(/^-?\d+\.\d{2}$/);
    }
  }
  expect(k).toBe(inv.lines.length);
  expect(sumTaxError.abs().lessThanOrEqualTo('1.27')).toBe(true);
  expect(new D(inv.totalAmount).equals(sumAmount)).toBe(true);
  expect(new D(inv.totalTax).equals(sumTax)).toBe(true);
  expect(new D(inv.total).equals(sumAmount.plus(sumTax))).toBe(true);
  expect(new D(inv.total).equals(expectedTotal)).toBe(true);
  expect(new D(parseCapitals(inv.totalInWords)).equals(inv.total)).toBe(true);
  expect(checkInvoiceFigures(inv)).toEqual([]);
}

describe('identities over random invoices (fast-check)', () => {
  it('tax-inclusive: amount + tax = gross per line; 价税合计 = Σ gross − Σ discount = 合计金额 + 合计税额', () => {
    fc.assert(fc.property(invoiceArb(true), checkIdentities), { numRuns: 300 });
  });

  it('tax-exclusive: amount = round(q × p), tax = round(amount × rate); totals add up', () => {
    fc.assert(fc.property(invoiceArb(false), checkIdentities), { numRuns: 300 });
  });

  it('computing is deterministic and insensitive to how decimals are written', () => {
    fc.assert(
      fc.property(invoiceArb(true), (input) => {
        const padded = input.lines.map((l) => ({ ...l, quantity: `${l.quantity}000`, unitPrice: `${l.unitPrice}0` }));
        const a = computeInvoice(draft(input.lines));
        const b = computeInvoice(draft(padded));
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

describe('invoice figure checks (given figures)', () => {
  const base = { itemName: '*服装*T恤', taxCode: '1040201100000000000', rate: '0.13' };
  const inv = (lines: Array<{ amount: string; tax: string; kind?: 'normal' | 'discount' }>) => {
    const full = lines.map((l) => ({ ...base, kind: l.kind ?? ('normal' as const), amount: l.amount, tax: l.tax }));
    const totalAmount = full.reduce((s, l) => s.plus(l.amount), new D(0));
    const totalTax = full.reduce((s, l) => s.plus(l.tax), new D(0));
    const total = totalAmount.plus(totalTax).toFixed(2);
    return { lines: full, totalAmount: totalAmount.toFixed(2), totalTax: totalTax.toFixed(2), total, totalInWords: '' };
  };
  const codes = (i: ReturnType<typeof inv>) => checkInvoiceFigures(i).map((e) => e.code).filter((c) => c !== 'TOTAL_WORDS_MISMATCH');

  it('per line: |amount × rate − tax| ≤ 0.06', () => {
    expect(codes(inv([{ amount: '100.00', tax: '12.94' }]))).toEqual([]);
    expect(codes(inv([{ amount: '100.00', tax: '12.93' }]))).toEqual(['LINE_TAX_TOLERANCE']);
    expect(codes(inv([{ amount: '100.00', tax: '13.07' }]))).toEqual(['LINE_TAX_TOLERANCE']);
  });

  it('per invoice: the summed tax error ≤ 1.27 (127 lines at 0.01 pass, 128 fail)', () => {
    const lines = (n: number) => Array.from({ length: n }, () => ({ amount: '1.00', tax: '0.12' }));
    expect(codes(inv(lines(127)))).toEqual([]);
    expect(codes(inv(lines(128)))).toEqual(['INVOICE_TAX_TOLERANCE']);
  });

  it('discount lines must follow their line, be negative and no larger', () => {
    expect(codes(inv([{ amount: '10.00', tax: '1.30' }, { amount: '-2.00', tax: '-0.26', kind: 'discount' }]))).toEqual([]);
    expect(codes(inv([{ amount: '-2.00', tax: '-0.26', kind: 'discount' }]))).toEqual(['DISCOUNT_PAIRING']);
    expect(codes(inv([{ amount: '10.00', tax: '1.30' }, { amount: '-12.00', tax: '-1.56', kind: 'discount' }]))).toEqual(['DISCOUNT_PAIRING']);
    expect(codes(inv([{ amount: '10.00', tax: '1.30' }, { amount: '2.00', tax: '0.26', kind: 'discount' }]))).toEqual(['DISCOUNT_PAIRING']);
  });

  it('totals must add up and the words must match', () => {
    const i = inv([{ amount: '10.00', tax: '1.30' }]);
    expect(checkInvoiceFigures({ ...i, totalInWords: '壹拾壹元叁角' })).toEqual([]);
    expect(checkInvoiceFigures({ ...i, total: '11.31', totalInWords: '壹拾壹元叁角壹分' }).map((e) => e.code)).toEqual(['TOTALS_MISMATCH']);
    expect(checkInvoiceFigures({ ...i, totalInWords: '壹拾壹元整' }).map((e) => e.code)).toEqual(['TOTAL_WORDS_MISMATCH']);
  });
});

describe('rate shares kept to 30 digits round as the exact quotient would (figures.ts)', () => {
  // A reference with twice the digits: r / (1 + r) never truncated before the product.
  const Exact = D.clone({ precision: 80 });
  const RATES = ['0.13', '0.09', '0.06', '0.05', '0.03', '0.01'];
  // Gross values in fen up to the largest an invoice carries (< 1e16 yuan), biased to the big ones.
  const fen = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), fc.bigInt({ min: 1n, max: 10n ** 9n }));

  it('tax of a tax-inclusive value, and the printed unit price, for every rate in use', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RATES), fen, fc.bigInt({ min: 1n, max: 10n ** 26n - 1n }), (r, g, p) => {
        const rate = rateOf(r);
        const gross = new D(g.toString()).dividedBy(100);
        const exactTax = new Exact(gross.toFixed()).times(r).dividedBy(new Exact(r).plus(1)).toDecimalPlaces(2, D.ROUND_HALF_UP);
        expect(lineFigures(gross, rate, true).tax.toFixed(2)).toBe(exactTax.toFixed(2));
        // Unit prices below 1e13 yuan, 13 decimals.
        const price = new D(p.toString()).dividedBy('1e13');
        const exactPrice = new Exact(price.toFixed()).dividedBy(new Exact(r).plus(1)).toDecimalPlaces(13, D.ROUND_HALF_UP);
        expect(invoiceUnitPrice(price, rate, true).toFixed()).toBe(exactPrice.toFixed());
      }),
      { numRuns: 3000 },
    );
  });
});
