import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTaxCodeTable, parseCsv, searchTaxCodes, taxCodeTable } from '../../../electron/core/invoice/taxcodes.ts';

const table = taxCodeTable();
const all = [...table.codes.values()];
const leaves = all.filter((c) => !c.isSummary);

describe('the shipped code table (v32.0)', () => {
  it('holds 4,236 codes, 3,558 leaves and 678 summaries, version 32.0 from 2019-04-01', () => {
    expect(all).toHaveLength(4236);
    expect(leaves).toHaveLength(3558);
    expect(all.length - leaves.length).toBe(678);
    expect(table.version).toBe('32.0');
    expect(table.effectiveDate).toBe('20190401');
  });

  it('codes are unique 19-digit strings, every parent resolves, six roots', () => {
    expect(all.every((c) => /^\d{19}$/.test(c.code))).toBe(true);
    expect(new Set(all.map((c) => c.code)).size).toBe(all.length);
    const roots = all.filter((c) => c.parent === '');
    expect(roots.map((c) => c.code[0]).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const c of all) if (c.parent !== '') expect(table.get(c.parent), c.code).toBeDefined();
  });

  it('parents are summaries and every code shares its parent’s non-zero prefix', () => {
    for (const c of all) {
      if (c.parent === '') continue;
      const p = table.get(c.parent)!;
      expect(p.isSummary, c.code).toBe(true);
      const prefix = p.code.replace(/0+$/, '');
      expect(c.code.startsWith(prefix), `${c.code} under ${p.code}`).toBe(true);
    }
  });

  it('leaf rates match the data README counts (13%: 2,904 in the CSV; the README says 2,905)', () => {
    const count = (rates: string) => leaves.filter((c) => c.rates.join('|') === rates).length;
    // Counted independently from the CSV; the seven groups sum to 3,558, so README's 2,905 is off by one.
    expect(count('13%')).toBe(2904);
    expect(count('13%|6%') + count('9%|6%')).toBe(2);
    expect(count('9%')).toBe(408);
    expect(count('6%')).toBe(158);
    expect(count('13%|9%')).toBe(74);
    expect(count('0%')).toBe(12);
  });

  it('rate fractions agree with the printed percentages', () => {
    const t = table.get('1040201100000000000')!;
    expect(t.rates).toEqual(['13%']);
    expect(t.rateFractions).toEqual(['0.13']);
  });

  const shared = new URL('../../../../shared/data/tax-classification-codes.csv', import.meta.url);
  it.skipIf(!existsSync(shared))('is byte-for-byte the converted table in ../shared/data', () => {
    const shipped = readFileSync(new URL('../../../resources/tax-classification-codes.csv', import.meta.url));
    expect(shipped.equals(readFileSync(shared))).toBe(true);
  });

  it('is the shipped CSV: same row count as the file', () => {
    const csv = readFileSync(new URL('../../../resources/tax-classification-codes.csv', import.meta.url), 'utf8');
    expect(csv.trimEnd().split('\n').length - 1).toBe(4236);
  });
});

describe('search', () => {
  it('finds by name, folding full-width letters (T恤 → 男Ｔ恤衫)', () => {
    expect(searchTaxCodes('T恤', 20).map((h) => h.code)).toContain('1040201100000000000');
  });

  it('finds by short name and keyword', () => {
    const byShort = searchTaxCodes('谷物', 50);
    expect(byShort.length).toBeGreaterThan(0);
    expect(byShort.every((h) => h.name.includes('谷物') || h.shortName.includes('谷物') || table.get(h.code)!.keywords.includes('谷物'))).toBe(true);
    // 牛仔裤 appears only in keywords (names say 女裤子/男裤子).
    const byKeyword = searchTaxCodes('牛仔裤', 50).map((h) => h.code);
    expect(byKeyword).toContain('1040201130000000000');
  });

  it('finds by code prefix, leaves only, in code order', () => {
    const hits = searchTaxCodes('1040201', 100);
    expect(hits.length).toBeGreaterThan(5);
    expect(hits.every((h) => h.code.startsWith('1040201') && !table.get(h.code)!.isSummary)).toBe(true);
    expect(hits.map((h) => h.code)).toEqual([...hits.map((h) => h.code)].sort());
  });

  it('never returns summary codes, respects the limit, ranks exact names first', () => {
    const hits = searchTaxCodes('服装', 5);
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(hits.every((h) => !table.get(h.code)!.isSummary)).toBe(true);
    const exact = leaves.find((c) => c.name === '稻谷');
    if (exact) expect(searchTaxCodes('稻谷', 3)[0]!.name).toBe('稻谷');
  });

  it('returns nothing for blank or unknown queries', () => {
    expect(searchTaxCodes('  ', 10)).toEqual([]);
    expect(searchTaxCodes('量子纠缠咖啡', 10)).toEqual([]);
  });

  it('answers within a few milliseconds once loaded', () => {
    const queries = ['T恤', '服装', '10402', '软件', '米', '茶', '电脑', '餐饮服务'];
    const times: number[] = [];
    for (let k = 0; k < 20; k++)
      for (const q of queries) {
        const t = performance.now();
        searchTaxCodes(q, 20);
        times.push(performance.now() - t);
      }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]!).toBeLessThan(2);
  });
});

describe('CSV reading', () => {
  it('handles quoted commas, doubled quotes, newlines in quotes, CRLF and empty fields', () => {
    expect(parseCsv('a,"b,""c""\nd",e\r\nf,,\nx,')).toEqual([
      ['a', 'b,"c"\nd', 'e'],
      ['f', '', ''],
      ['x', ''],
    ]);
  });

  it('refuses a table that mixes versions or lacks a column', () => {
    const header = 'code,name,short_name,vat_rates,notes,parent_code,is_summary,vat_special_management,vat_policy_basis,vat_special_content_code,keywords,version,effective_date';
    const row = (code: string, version: string) => `${code},名,简,13%,,,N,,,,,${version},20190401`;
    expect(() => buildTaxCodeTable([header, row('1000000000000000001', '32.0'), row('1000000000000000002', '33.0')].join('\n'))).toThrow(/versions/);
    expect(() => buildTaxCodeTable('code,name\n1,a')).toThrow(/column/);
    expect(buildTaxCodeTable([header, row('1000000000000000001', '32.0')].join('\n')).search('名', 5)).toHaveLength(1);
  });
});
