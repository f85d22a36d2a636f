import { describe, expect, test } from 'vitest';
import { fenToString, rateFromPercent, ratePercent, sumMoney, toFenBig } from '../../../renderer/src/shared/money.ts';
import { toCsv } from '../../../renderer/src/manager/export.ts';
import { preset, rangeOf } from '../../../renderer/src/manager/dates.ts';
import { addItem, emptyLine, toDraft, emptyBuyer } from '../../../renderer/src/cashier/draft.ts';

describe('renderer money display helpers (exact, in fen)', () => {
  test('sums decimal strings exactly', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['13.54', '-3.98', '1'])).toBe('10.56');
    expect(sumMoney(['99999999999999.99', '0.01'])).toBe('100000000000000.00');
    expect(fenToString(toFenBig('-0.05'))).toBe('-0.05');
  });
  test('rates between the code table, the contract and the screen', () => {
    expect(rateFromPercent('13%')).toBe('0.13');
    expect(rateFromPercent('9%')).toBe('0.09');
    expect(rateFromPercent('1.5%')).toBe('0.015');
    expect(rateFromPercent('0%')).toBe('0');
    expect(rateFromPercent('免税')).toBeUndefined();
    expect(ratePercent('0.13')).toBe('13%');
    expect(ratePercent('0.015')).toBe('1.5%');
    expect(ratePercent('0')).toBe('0%');
  });
});

describe('CSV export', () => {
  test('BOM, CRLF, quoting, and formula-looking text neutralised', () => {
    const csv = toCsv([['名称', '金额'], ['a,b', '-1.00'], ['=HYPERLINK("x")', '"q"']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('名称,金额\r\n"a,b",-1.00\r\n"\'=HYPERLINK(""x"")","""q"""\r\n');
  });
});

describe('dates and ranges', () => {
  test('a day is [00:00, next 00:00) in local time; presets', () => {
    const r = rangeOf('2026-03-01', '2026-03-01');
    expect(r.to - r.from).toBe(24 * 3600 * 1000);
    expect(preset('today', new Date(2026, 2, 4, 15))).toEqual(['2026-03-04', '2026-03-04']);
    expect(preset('week', new Date(2026, 2, 4, 15))).toEqual(['2026-03-02', '2026-03-04']);
    expect(preset('month', new Date(2026, 2, 4, 15))).toEqual(['2026-03-01', '2026-03-04']);
  });
});

describe('the sale form', () => {
  const water = { id: 1, barcode: '690', name: '矿泉水', price: '2.00', taxCode: '1030307040000000000', rate: '0.13', unit: '瓶' };
  test('scanning the same item again adds one; a blank first line is replaced', () => {
    let lines = addItem([emptyLine()], water);
    lines = addItem(lines, water);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.quantity).toBe('2');
  });
  test('the draft keeps decimals as strings and sends discount and unit only when given; never a cashier', () => {
    const lines = addItem([], water);
    lines[0]!.discount = '0.50';
    const d = toDraft('O1', { ...emptyBuyer(), kind: 'company', name: ' 某某公司 ', taxId: '91330106ma2h0xkq64', phone: '0571' }, lines, 'normal');
    expect(d.buyer).toEqual({ name: '某某公司', taxId: '91330106MA2H0XKQ64', phone: '0571' });
    expect(d.lines[0]).toEqual({ name: '矿泉水', taxCode: '1030307040000000000', quantity: '1', unitPrice: '2.00', rate: '0.13', unit: '瓶', discount: '0.50' });
    // Who sells is the session's (core), never the draft's.
    expect(d).not.toHaveProperty('cashier');
  });
});
