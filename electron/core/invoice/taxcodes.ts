import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rateFromPercent } from './money.ts';

/**
 * The 商品和服务税收分类编码表 shipped in resources/ (docs/invoice-rules.md §6; version 32.0 of 2019-04-01, a fallback:
 * in production the provider's current table wins). Loaded once, indexed for search at load.
 */
export interface TaxCode {
  code: string;
  name: string;
  shortName: string;
  /** As printed in the table: "13%", "9%"… */
  rates: string[];
  /** The same rates as fractions ("0.13"), as lines carry them. */
  rateFractions: string[];
  parent: string;
  isSummary: boolean;
  /** 增值税特殊管理 text, e.g. "免税、按5%简易征收". */
  specialManagement: string;
  /** The same, split into policy names. */
  policies: string[];
  keywords: string;
  version: string;
}

export interface TaxCodeHit {
  code: string;
  name: string;
  shortName: string;
  rates: string[];
}

/** What the rules need from a table: the shipped one by default, a provider's in production. */
export interface TaxCodeLookup {
  get(code: string): TaxCode | undefined;
}

export interface TaxCodeTable extends TaxCodeLookup {
  readonly version: string;
  readonly effectiveDate: string;
  readonly codes: ReadonlyMap<string, TaxCode>;
  search(query: string, limit: number): TaxCodeHit[];
}

/** Where the shipped table lives; the packaged app passes its resources folder instead. */
let tablePath = fileURLToPath(new URL('../../../resources/tax-classification-codes.csv', import.meta.url));
let loaded: TaxCodeTable | undefined;

export function setTaxCodeTablePath(path: string): void {
  tablePath = path;
  loaded = undefined;
}

const DELIMITER = /[,\r\n]/g;

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and newlines. Slices, never char-by-char. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      // Quoted: up to the quote not followed by another quote.
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new Error('unterminated quoted field in CSV');
        out += text.slice(from, q);
        if (text[q + 1] === '"') {
          out += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = out;
    } else {
      DELIMITER.lastIndex = i;
      const end = DELIMITER.exec(text)?.index ?? n;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === '\r') i++;
    if (i >= n || text[i] === '\n') {
      rows.push(row);
      row = [];
      i++;
    } else i++; // the comma
  }
  if (row.length > 0) rows.push([...row, '']); // the text ended right after a comma
  return rows;
}

/** Search folds full-width forms and case, so "t恤" finds "男Ｔ恤衫". */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Entry {
  code: TaxCode;
  name: string;
  short: string;
  keywords: string;
}

/** Builds the table and its search index from CSV text (exported so tests can feed their own). */
export function buildTaxCodeTable(csv: string): TaxCodeTable {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error('tax code table is empty');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`tax code table lacks column ${name}`);
    return i;
  };
  const c = {
    code: col('code'), name: col('name'), short: col('short_name'), rates: col('vat_rates'), parent: col('parent_code'),
    summary: col('is_summary'), special: col('vat_special_management'), keywords: col('keywords'), version: col('version'),
    effective: col('effective_date'),
  };
  const codes = new Map<string, TaxCode>();
  const versions = new Set<string>();
  let effectiveDate = '';
  const fractions = new Map<string, string>(); // a handful of distinct percentages: convert each once
  const fraction = (p: string) => {
    let f = fractions.get(p);
    if (f === undefined) fractions.set(p, (f = rateFromPercent(p)));
    return f;
  };
  for (const r of rows) {
    if (r.length === 1 && r[0] === '') continue;
    const rates = (r[c.rates] ?? '').split('|').filter(Boolean);
    const specialManagement = r[c.special] ?? '';
    const code: TaxCode = {
      code: r[c.code]!,
      name: r[c.name] ?? '',
      shortName: r[c.short] ?? '',
      rates,
      rateFractions: rates.map(fraction),
      parent: r[c.parent] ?? '',
      isSummary: r[c.summary] === 'Y',
      specialManagement,
      policies: specialManagement.split('、').filter(Boolean),
      keywords: r[c.keywords] ?? '',
      version: r[c.version] ?? '',
    };
    codes.set(code.code, code);
    versions.add(code.version);
    effectiveDate ||= r[c.effective] ?? '';
  }
  if (versions.size !== 1) throw new Error(`tax code table mixes versions: ${[...versions].join(', ')}`);

  // Index: leaf entries sorted by code (prefix search by binary search) and, per character, the entries
  // whose name, short name or keywords contain it (text search intersects nothing, it starts from the
  // rarest character of the query and verifies the few candidates).
  const entries: Entry[] = [...codes.values()]
    .filter((t) => !t.isSummary)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((t) => ({ code: t, name: normalizeSearchText(t.name), short: normalizeSearchText(t.shortName), keywords: normalizeSearchText(t.keywords) }));
  const byChar = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const ch of new Set(e.name + e.short + e.keywords)) {
      let list = byChar.get(ch);
      if (!list) byChar.set(ch, (list = []));
      list.push(i);
    }
  });

  const hit = (e: Entry): TaxCodeHit => ({ code: e.code.code, name: e.code.name, shortName: e.code.shortName, rates: e.code.rates });

  function searchPrefix(q: string, limit: number): TaxCodeHit[] {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid]!.code.code < q) lo = mid + 1;
      else hi = mid;
    }
    const out: TaxCodeHit[] = [];
    for (let i = lo; i < entries.length && out.length < limit && entries[i]!.code.code.startsWith(q); i++) out.push(hit(entries[i]!));
    return out;
  }

  function searchText(q: string, limit: number): TaxCodeHit[] {
    let candidates: number[] | undefined;
    for (const ch of new Set(q)) {
      const list = byChar.get(ch);
      if (!list) return [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    // Rank: exact name or short name, then name/short name starting with the query, then containing it,
    // then keyword matches; ties by code, so results are stable.
    const scored: Array<{ score: number; i: number }> = [];
    for (const i of candidates ?? []) {
      const e = entries[i]!;
      let score: number;
      if (e.name === q || e.short === q) score = 0;
      else if (e.name.startsWith(q) || e.short.startsWith(q)) score = 1;
      else if (e.name.includes(q) || e.short.includes(q)) score = 2;
      else if (e.keywords.includes(q)) score = 3;
      else continue;
      scored.push({ score, i });
    }
    scored.sort((a, b) => a.score - b.score || a.i - b.i);
    return scored.slice(0, limit).map((s) => hit(entries[s.i]!));
  }

  return {
    version: [...versions][0]!,
    effectiveDate,
    codes,
    get: (code) => codes.get(code),
    search(query, limit) {
      const q = normalizeSearchText(query.trim());
      if (q === '' || limit < 1) return [];
      return /^\d+$/.test(q) ? searchPrefix(q, limit) : searchText(q, limit);
    },
  };
}

/** The shipped code table, loaded and indexed once. */
export function taxCodeTable(): TaxCodeTable {
  loaded ??= buildTaxCodeTable(readFileSync(tablePath, 'utf8'));
  return loaded;
}

/** Invoiceable (leaf) codes by code prefix, name, short name or keyword, best matches first. */
export function searchTaxCodes(query: string, limit: number): TaxCodeHit[] {
  return taxCodeTable().search(query, limit);
}
