import { describe, expect, it } from 'vitest';
import { computeInvoice } from '../../../electron/core/invoice/compute.ts';
import { Decimal } from '../../../electron/core/invoice/money.ts';
import { D, TSHIRT, draft, unchecked, line } from './helpers.ts';

const RICE = '1010101010000000000'; // 稻谷 9%, 免税 allowed
const MARBLE = '1020502010000000000'; // 天然大理石荒料 13%, 简易征收
const PARKING = '3040502020200000000'; // 车辆停放服务 9%, 按5%简易征收
const CATERING = '3070401000000000000'; // 餐饮服务 6%
const PREPAID = '6010000000000000000'; // 预付卡销售 0%, 不征税
const CLOTHING_SUMMARY = '1040201000000000000';

function errorsOf(d: ReturnType<typeof draft>, ctx = {}) {
  const r = computeInvoice(d, ctx);
  return r.ok ? [] : r.errors;
}
const codesOf = (d: ReturnType<typeof draft>, ctx = {}) => errorsOf(d, ctx).map((e) => e.code);

describe('the issue’s worked example (tax-inclusive, with a discount)', () => {
  const r = computeInvoice(draft([line({ quantity: '2', unitPrice: '99.00', discount: '10.00' })]));

  it('computes the line, its discount line and the totals', () => {
    // By hand: gross 198.00, tax 198 × 0.13 / 1.13 = 22.7788 → 22.78, amount 175.22;
    // discount 10.00: tax 1.1504 → 1.15, amount 8.85. Totals 166.37 + 21.63 = 188.00.
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [normal, discount] = r.invoice.lines;
    expect(normal).toMatchObject({ kind: 'normal', itemName: '*服装*T恤', taxCode: TSHIRT, quantity: '2', amount: '175.22', rate: '0.13', tax: '22.78' });
    expect(discount).toMatchObject({ kind: 'discount', itemName: '*服装*T恤', taxCode: TSHIRT, amount: '-8.85', rate: '0.13', tax: '-1.15' });
    expect(discount!.quantity).toBeUndefined();
    expect(discount!.unitPrice).toBeUndefined();
    expect(r.invoice).toMatchObject({ totalAmount: '166.37', totalTax: '21.63', total: '188.00', totalInWords: '壹佰捌拾捌元整' });
  });

  it('prints the tax-exclusive unit price (99 / 1.13) to 13 decimals', () => {
    if (!r.ok) throw new Error('expected ok');
    const price = new D(r.invoice.lines[0]!.unitPrice!);
    expect(price.decimalPlaces()).toBeLessThanOrEqual(13);
    expect(price.minus(new D(99).dividedBy('1.13')).abs().lessThan('1e-12')).toBe(true);
  });
});

describe('tax-exclusive lines', () => {
  it('amount = round(q × p), tax = round(amount × rate)', () => {
    const r = computeInvoice(draft([line({ quantity: '3', unitPrice: '33.335' })], { pricesIncludeTax: false }));
    // 3 × 33.335 = 100.005 → 100.01 (half-up); tax 13.0013 → 13.00.
    expect(r.ok && r.invoice.lines[0]).toMatchObject({ amount: '100.01', tax: '13.00', unitPrice: '33.335' });
    expect(r.ok && r.invoice.total).toBe('113.01');
  });

  it('accepts an amount within 0.01 of q × p and refuses one further off', () => {
    expect(codesOf(draft([line({ quantity: '3', unitPrice: '3.33', amount: '10.00' })], { pricesIncludeTax: false }))).toEqual([]);
    expect(codesOf(draft([line({ quantity: '3', unitPrice: '3.33', amount: '10.01' })], { pricesIncludeTax: false }))).toEqual(['AMOUNT_MISMATCH']);
  });
});

describe('quantities, prices, amounts', () => {
  it('allows 13 decimals for quantity and price, not 14', () => {
    expect(codesOf(draft([line({ quantity: '0.0000000000001', unitPrice: '1000000000000' })]))).toEqual([]);
    expect(codesOf(unchecked([line({ quantity: '1.00000000000001' })]))).toEqual(['QUANTITY_PRECISION']);
    expect(codesOf(unchecked([line({ unitPrice: '1.00000000000001' })]))).toEqual(['PRICE_PRECISION']);
  });

  it('quantity and price go together; an amount alone is fine', () => {
    expect(codesOf(draft([line({ quantity: undefined, unitPrice: '5' })]))).toEqual(['QUANTITY_REQUIRED']);
    expect(codesOf(draft([line({ quantity: '2', unitPrice: undefined })]))).toEqual(['PRICE_REQUIRED']);
    expect(codesOf(draft([line({ quantity: undefined, unitPrice: undefined })]))).toEqual(['AMOUNT_REQUIRED']);
    const r = computeInvoice(draft([line({ quantity: undefined, unitPrice: undefined, amount: '11.30' })]));
    expect(r.ok && r.invoice.lines[0]).toMatchObject({ amount: '10.00', tax: '1.30' });
    expect(r.ok && r.invoice.lines[0]!.quantity).toBeUndefined();
  });

  it('derives the price from quantity and amount', () => {
    const r = computeInvoice(draft([line({ quantity: '4', unitPrice: undefined, amount: '45.20' })]));
    // 45.20 / 4 = 11.30 with tax; 11.30 / 1.13 = 10 without.
    expect(r.ok && r.invoice.lines[0]).toMatchObject({ quantity: '4', unitPrice: '10', amount: '40.00', tax: '5.20' });
  });

  it('refuses amounts beyond DECIMAL(18,2), per line and in total', () => {
    expect(codesOf(draft([line({ quantity: '1000000', unitPrice: '10000000000' })]))).toEqual(['AMOUNT_TOO_LARGE']);
    const big = line({ quantity: '1', unitPrice: '6000000000000000' });
    expect(codesOf(draft([big]))).toEqual([]);
    expect(codesOf(draft([big, big]))).toEqual(['AMOUNT_TOO_LARGE']);
    // The bound is exact: 16 integer digits pass, 1e16 does not.
    expect(codesOf(draft([line({ quantity: undefined, unitPrice: undefined, amount: '9999999999999999.99' })]))).toEqual([]);
    expect(codesOf(draft([line({ quantity: undefined, unitPrice: undefined, amount: '10000000000000000' })]))).toEqual(['AMOUNT_TOO_LARGE']);
  });

  it('applies configured tolerances, including a per-line tax tolerance tighter than computed lines meet', () => {
    // 10.00 with tax: tax = round(10 × 0.13 / 1.13) = 1.15, amount 8.85; 8.85 × 0.13 − 1.15 = 0.0005.
    const one = draft([line()]);
    expect(codesOf(one, { tolerances: { lineTax: new Decimal('0.0001') } })).toEqual(['LINE_TAX_TOLERANCE']);
    expect(codesOf(one, { tolerances: { lineTax: new Decimal('0.0005') } })).toEqual([]);
    // 0.05 × 0.13 = 0.0065 → tax 0.01: each line misses by 0.0035; 300 lines sum past a 1.00 invoice tolerance.
    const many = unchecked(Array.from({ length: 300 }, () => line({ unitPrice: '0.05' })), { pricesIncludeTax: false });
    expect(codesOf(many, { maxLines: 300 })).toEqual([]);
    expect(codesOf(many, { maxLines: 300, tolerances: { invoiceTax: new Decimal('1.00') } })).toEqual(['INVOICE_TAX_TOLERANCE']);
  });

  it('refuses a quantity × price that rounds to 0.00, with or without tax', () => {
    for (const pricesIncludeTax of [true, false]) {
      const errs = errorsOf(draft([line({ quantity: '1', unitPrice: '0.001' }), line()], { pricesIncludeTax }));
      expect(errs.map((e) => [e.code, e.path])).toEqual([['AMOUNT_ZERO', 'lines[0].amount']]);
      expect(errs[0]!.message_zh).toContain('0.00');
    }
    expect(codesOf(draft([line({ quantity: '1', unitPrice: '0.005' })]))).toEqual([]);
  });

  it('refuses zero or negative quantities, prices and amounts, and amounts with more than 2 decimals', () => {
    expect(codesOf(draft([line({ quantity: '0' })]))).toEqual(['QUANTITY_INVALID']);
    expect(codesOf(draft([line({ unitPrice: '-1' })]))).toEqual(['PRICE_INVALID']);
    expect(codesOf(draft([line({ quantity: undefined, unitPrice: undefined, amount: '1.001' })]))).toEqual(['AMOUNT_PRECISION']);
  });
});

describe('discount lines (折扣行)', () => {
  it('refuses a discount larger than its line, accepts one equal to it; an invoice of 0.00 is refused', () => {
    expect(codesOf(draft([line({ discount: '10.01' })]))).toEqual(['DISCOUNT_EXCEEDS_LINE']);
    const r = computeInvoice(draft([line({ discount: '10.00' }), line({ unitPrice: '5.00' })]));
    expect(r.ok && r.invoice.total).toBe('5.00');
    expect(errorsOf(draft([line({ discount: '10.00' })])).map((e) => [e.code, e.path])).toEqual([['TOTAL_ZERO', 'lines']]);
  });

  it('reports an excessive discount together with the line’s other mistakes', () => {
    expect(codesOf(draft([line({ discount: '20', rate: '0.09' })])).sort()).toEqual(['DISCOUNT_EXCEEDS_LINE', 'RATE_NOT_ALLOWED']);
  });

  it('refuses a negative discount and ignores a zero one', () => {
    expect(codesOf(draft([line({ discount: '-1' })]))).toEqual(['DISCOUNT_NEGATIVE']);
    const r = computeInvoice(draft([line({ discount: '0.00' })]));
    expect(r.ok && r.invoice.lines).toHaveLength(1);
  });

  it('computes the discount tax the same way as its line (tax-exclusive)', () => {
    const r = computeInvoice(draft([line({ quantity: '1', unitPrice: '100', discount: '15' })], { pricesIncludeTax: false }));
    expect(r.ok && r.invoice.lines[1]).toMatchObject({ kind: 'discount', amount: '-15.00', tax: '-1.95' });
  });
});

describe('tax codes and rates', () => {
  it('refuses summary codes, unknown codes and malformed codes', () => {
    expect(codesOf(draft([line({ taxCode: CLOTHING_SUMMARY })]))).toEqual(['TAX_CODE_NOT_LEAF']);
    expect(codesOf(draft([line({ taxCode: '1999999999999999999' })]))).toEqual(['TAX_CODE_UNKNOWN']);
    expect(codesOf(draft([line({ taxCode: '104020110' })]))).toEqual(['TAX_CODE_FORMAT']);
  });

  it('general taxpayers use the table’s rates', () => {
    expect(codesOf(draft([line({ rate: '0.13' })]))).toEqual([]);
    expect(codesOf(draft([line({ rate: '0.130' })]))).toEqual([]);
    const errs = errorsOf(draft([line({ rate: '0.09' })]));
    expect(errs.map((e) => e.code)).toEqual(['RATE_NOT_ALLOWED']);
    expect(errs[0]!.path).toBe('lines[0].rate');
    expect(errs[0]!.message_zh).toContain('13%');
  });

  it('small-scale taxpayers use the simplified rates (configurable), not the table’s', () => {
    const small = { seller: { taxpayerType: 'small' as const } };
    expect(codesOf(draft([line({ rate: '0.03' })], small))).toEqual([]);
    expect(codesOf(draft([line({ rate: '0.01' })], small))).toEqual([]);
    expect(codesOf(draft([line({ rate: '0.13' })], small))).toEqual(['RATE_NOT_ALLOWED']);
    expect(codesOf(draft([line({ rate: '0.01' })], small), { rates: { smallScaleRates: ['0.03'] } })).toEqual(['RATE_NOT_ALLOWED']);
  });

  it('the seller from settings wins over the draft’s taxpayer type', () => {
    expect(codesOf(draft([line({ rate: '0.03' })]), { seller: { taxpayerType: 'small' } })).toEqual([]);
    expect(codesOf(draft([line({ rate: '0.03' })]))).toEqual(['RATE_NOT_ALLOWED']);
  });

  it('general taxpayers may use the 征收率 the code’s special management names', () => {
    expect(codesOf(draft([line({ taxCode: MARBLE, rate: '0.03' })]))).toEqual([]);
    expect(codesOf(draft([line({ taxCode: PARKING, rate: '0.05' })]))).toEqual([]);
    expect(codesOf(draft([line({ taxCode: CATERING, rate: '0.03' })]))).toEqual(['RATE_NOT_ALLOWED']);
  });

  it('a provider’s 可用税率 list replaces the table', () => {
    const ctx = { rates: { providerRates: (code: string) => (code === TSHIRT ? ['0.09'] : undefined) } };
    expect(codesOf(draft([line({ rate: '0.09' })]), ctx)).toEqual([]);
    expect(codesOf(draft([line({ rate: '0.13' })]), ctx)).toEqual(['RATE_NOT_ALLOWED']);
  });

  it('免税 needs the policy, rate 0, and a code that allows it', () => {
    expect(codesOf(draft([line({ taxCode: RICE, rate: '0', policy: '免税' })]))).toEqual([]);
    expect(codesOf(draft([line({ taxCode: RICE, rate: '0' })]))).toEqual(['RATE_ZERO_NEEDS_POLICY']);
    expect(codesOf(draft([line({ taxCode: RICE, rate: '0.09', policy: '免税' })]))).toEqual(['POLICY_RATE_NOT_ZERO']);
    expect(codesOf(draft([line({ rate: '0', policy: '免税' })]))).toEqual(['POLICY_NOT_FOR_CODE']);
    const r = computeInvoice(draft([line({ taxCode: RICE, rate: '0', policy: '免税', unitPrice: '8.50' })]));
    expect(r.ok && r.invoice).toMatchObject({ totalAmount: '8.50', totalTax: '0.00', total: '8.50' });
  });

  it('small-scale 免税 on any code is a switch', () => {
    const small = { seller: { taxpayerType: 'small' as const } };
    expect(codesOf(draft([line({ rate: '0', policy: '免税' })], small))).toEqual([]);
    expect(codesOf(draft([line({ rate: '0', policy: '免税' })], small), { rates: { smallScaleExemptAnyCode: false } })).toEqual(['POLICY_NOT_FOR_CODE']);
  });

  it('不征税 codes (6…) need the 不征税 policy and rate 0', () => {
    expect(codesOf(draft([line({ taxCode: PREPAID, rate: '0', policy: '不征税' })]))).toEqual([]);
    expect(codesOf(draft([line({ taxCode: PREPAID, rate: '0' })]))).toEqual(['POLICY_NOT_TAXED_REQUIRED']);
  });

  it('refuses unknown policies and policies that fix a different rate', () => {
    expect(codesOf(draft([line({ policy: '打八折' })]))).toEqual(['POLICY_UNKNOWN']);
    expect(codesOf(draft([line({ taxCode: PARKING, rate: '0.03', policy: '按5%简易征收' })]))).toEqual(['POLICY_RATE_MISMATCH']);
  });

  it('refuses rates outside [0, 1)', () => {
    expect(codesOf(draft([line({ rate: '1.13' })]))).toEqual(['RATE_INVALID']);
    expect(codesOf(draft([line({ rate: '-0.13' })]))).toEqual(['RATE_INVALID']);
  });

  it('names the item *简称*名称, replacing a typed prefix', () => {
    const r = computeInvoice(draft([line({ name: '*衣服*纯棉T恤' })]));
    expect(r.ok && r.invoice.lines[0]!.itemName).toBe('*服装*纯棉T恤');
    expect(codesOf(draft([line({ name: '*服装*' })]))).toEqual(['LINE_NAME_REQUIRED']);
  });
});

describe('buyer and invoice kind', () => {
  it('a natural person needs no tax ID on a 普票', () => {
    expect(codesOf(draft([line()]))).toEqual([]);
  });

  it('a 专票 needs the buyer’s tax ID and refuses natural persons', () => {
    expect(codesOf(draft([line()], { type: 'special' })).sort()).toEqual(['BUYER_TAX_ID_REQUIRED', 'SPECIAL_NATURAL_PERSON']);
    expect(codesOf(draft([line()], { type: 'special', buyer: { name: '某公司', taxId: '91310115591693856A' } }))).toEqual([]);
  });

  it('an organisation on a 普票 needs a tax ID only when configured', () => {
    const d = draft([line()], { buyer: { name: '某公司' } });
    expect(codesOf(d)).toEqual([]);
    expect(codesOf(d, { buyer: { orgNeedsTaxIdOnNormal: true } })).toEqual(['BUYER_TAX_ID_REQUIRED']);
  });

  it('a failed checksum blocks until the manager overrides that code', () => {
    const buyer = { name: '某公司', taxId: '91350100M0001TGQXM' };
    const errs = errorsOf(draft([line()], { type: 'special', buyer }));
    expect(errs.map((e) => [e.code, e.path])).toEqual([['TAXID_USCC_CHECK', 'buyer.taxId']]);
    expect(codesOf(draft([line()], { type: 'special', buyer, overrides: ['TAXID_USCC_CHECK'] }))).toEqual([]);
  });

  it('overrides cannot waive anything but the checksums', () => {
    expect(codesOf(draft([line({ rate: '0.09' })], { overrides: ['RATE_NOT_ALLOWED'] })).sort()).toEqual(['OVERRIDE_NOT_ALLOWED', 'RATE_NOT_ALLOWED']);
  });

  it('a bad length or character is never overridable', () => {
    const buyer = { name: '某公司', taxId: '9131011559169385' };
    expect(codesOf(draft([line()], { type: 'special', buyer, overrides: ['TAXID_USCC_CHECK'] }))).toEqual(['TAXID_LENGTH']);
  });

  it('a natural person’s ID-card number is checked for format only', () => {
    expect(codesOf(draft([line()], { buyer: { name: '李四', naturalPerson: true, taxId: '11010519491231002X' } }))).toEqual([]);
    expect(codesOf(draft([line()], { buyer: { name: '李四', naturalPerson: true, taxId: '1101051949' } }))).toEqual(['TAXID_LENGTH']);
  });
});

describe('limits and all-at-once reporting', () => {
  it('counts discount lines against the line limit', () => {
    const lines = [line(), line({ discount: '1' })];
    expect(codesOf(draft(lines), { maxLines: 3 })).toEqual([]);
    expect(codesOf(draft(lines), { maxLines: 2 })).toEqual(['TOO_MANY_LINES']);
  });

  it('applies the amount limit to 价税合计, or to 合计金额 when configured', () => {
    const d = draft([line({ unitPrice: '113.00' })]); // amount 100.00, tax 13.00
    expect(codesOf(d, { maxInvoiceTotal: new Decimal('113.00') })).toEqual([]);
    expect(codesOf(d, { maxInvoiceTotal: new Decimal('112.99') })).toEqual(['INVOICE_LIMIT']);
    expect(codesOf(d, { maxInvoiceTotal: new Decimal('100.00'), limitBasis: 'amount' })).toEqual([]);
    expect(codesOf(d, { maxInvoiceTotal: new Decimal('99.99'), limitBasis: 'amount' })).toEqual(['INVOICE_LIMIT']);
  });

  it('reports every violation at once, each with its path', () => {
    const d = draft([line({ rate: '0.06' }), line({ taxCode: CLOTHING_SUMMARY }), line({ quantity: '0', discount: '99' })], {
      orderNo: 'bad order no',
      buyer: { name: ' ' },
    });
    const errs = errorsOf(d, { maxLines: 3 });
    expect(errs.map((e) => `${e.code}@${e.path}`).sort()).toEqual(
      [
        'ORDER_NO_INVALID@orderNo',
        'BUYER_NAME_REQUIRED@buyer.name',
        'RATE_NOT_ALLOWED@lines[0].rate',
        'TAX_CODE_NOT_LEAF@lines[1].taxCode',
        'QUANTITY_INVALID@lines[2].quantity',
        'DISCOUNT_EXCEEDS_LINE@lines[2].discount',
        'TOO_MANY_LINES@lines',
      ].sort(),
    );
    for (const e of errs) {
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[a-z]/);
    }
  });

  it('reports the invoice tolerance together with mistakes outside the lines', () => {
    const many = unchecked(Array.from({ length: 300 }, () => line({ unitPrice: '0.05' })), { pricesIncludeTax: false, orderNo: 'bad no' });
    expect(codesOf(many, { maxLines: 300, tolerances: { invoiceTax: new Decimal('1.00') } }).sort()).toEqual(['INVOICE_TAX_TOLERANCE', 'ORDER_NO_INVALID']);
  });

  it('an empty invoice is refused', () => {
    expect(codesOf(draft([]))).toEqual(['LINES_EMPTY']);
  });
});
