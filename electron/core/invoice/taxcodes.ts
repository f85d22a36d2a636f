import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TaxCode {
  code: string;
  name: string;
  shortName: string;
  rates: string[];
  parent: string;
  isSummary: boolean;
  specialManagement: string;
  keywords: string;
  version: string;
}

/** Where the shipped table lives; the packaged app passes its resources folder instead. */
let tablePath = fileURLToPath(new URL('../../../resources/tax-classification-codes.csv', import.meta.url));
let table: Map<string, TaxCode> | undefined;

export function setTaxCodeTablePath(path: string): void {
  tablePath = path;
  table = undefined;
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** The code table, loaded once. */
export function taxCodeTable(): Map<string, TaxCode> {
  if (table) return table;
  const [header, ...rows] = parseCsv(readFileSync(tablePath, 'utf8'));
  const col = (name: string) => header!.indexOf(name);
  const c = {
    code: col('code'), name: col('name'), short: col('short_name'), rates: col('vat_rates'), parent: col('parent_code'),
    summary: col('is_summary'), special: col('vat_special_management'), keywords: col('keywords'), version: col('version'),
  };
  table = new Map();
  for (const r of rows) {
    const code = r[c.code]!;
    table.set(code, {
      code,
      name: r[c.name] ?? '',
      shortName: r[c.short] ?? '',
      rates: (r[c.rates] ?? '').split('|').filter(Boolean),
      parent: r[c.parent] ?? '',
      isSummary: r[c.summary] === 'Y',
      specialManagement: r[c.special] ?? '',
      keywords: r[c.keywords] ?? '',
      version: r[c.version] ?? '',
    });
  }
  return table;
}

/** Leaf codes whose code, name, short name or keywords contain the query. */
export function searchTaxCodes(query: string, limit: number): Array<{ code: string; name: string; shortName: string; rates: string[] }> {
  const q = query.trim();
  if (q === '') return [];
  const hits: Array<{ code: string; name: string; shortName: string; rates: string[] }> = [];
  for (const t of taxCodeTable().values()) {
    if (t.isSummary) continue;
    if (t.code.startsWith(q) || t.name.includes(q) || t.shortName.includes(q) || t.keywords.includes(q)) {
      hits.push({ code: t.code, name: t.name, shortName: t.shortName, rates: t.rates });
      if (hits.length >= limit) break;
    }
  }
  return hits;
}
