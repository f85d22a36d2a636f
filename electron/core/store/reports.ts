import type { DayReport, InvoiceRow } from '../../contract/calls-report.ts';
import type { InvoiceStatus } from '../../contract/index.ts';
import { fromFen, moneyString } from '../invoice/money.ts';
import type { Db } from './db.ts';
import { likeContains, likePrefix } from './items.ts';

/**
 * The manager's figures: SQL sums over integer fen (exact), turned into 2-decimal strings only at the end.
 * Each query reads one day's range of a covering index (migration 3), never a table or a join, so a day
 * of a million-invoice store stays cheap.
 */

const SALES = "('queued', 'submitting', 'retry', 'issued')";
const yuan = (fen: number | bigint | null): string => moneyString(fromFen(fen ?? 0));

export interface ReportRange {
  from: number;
  to: number;
  utcOffsetMinutes: number;
}

interface Group {
  status: InvoiceStatus;
  kind: 'blue' | 'red';
  n: number;
  a: number;
  t: number;
  tt: number;
}

export function dayReport(db: Db, r: ReportRange, now: number): DayReport {
  const groups = db
    .prepare(
      `SELECT status, kind, COUNT(*) AS n, SUM(amount_fen) AS a, SUM(tax_fen) AS t, SUM(total_fen) AS tt
       FROM invoices WHERE created_at >= ? AND created_at < ? GROUP BY status, kind`,
    )
    .all(r.from, r.to) as Group[];
  const sum = (pick: (g: Group) => boolean) => {
    const gs = groups.filter(pick);
    return { count: gs.reduce((s, g) => s + g.n, 0), a: gs.reduce((s, g) => s + g.a, 0), t: gs.reduce((s, g) => s + g.t, 0), tt: gs.reduce((s, g) => s + g.tt, 0) };
  };
  const isPending = (s: InvoiceStatus) => s === 'queued' || s === 'submitting' || s === 'retry';
  const sales = sum((g) => g.status === 'issued' || isPending(g.status));
  const red = sum((g) => g.kind === 'red' && (g.status === 'issued' || isPending(g.status)));
  const issued = sum((g) => g.status === 'issued');
  const pending = sum((g) => isPending(g.status));
  const rejected = sum((g) => g.status === 'rejected');
  const cancelled = sum((g) => g.status === 'cancelled');

  const byRate = (
    db
      .prepare(
        `SELECT rate, SUM(amount_fen) AS a, SUM(tax_fen) AS t FROM report_lines
         WHERE created_at >= ? AND created_at < ? AND counted = 1 GROUP BY rate ORDER BY CAST(rate AS REAL) DESC`,
      )
      .all(r.from, r.to) as Array<{ rate: string; a: number; t: number }>
  ).map((x) => ({ rate: x.rate, amount: yuan(x.a), tax: yuan(x.t), total: yuan(x.a + x.t) }));

  const perCashier = (
    db
      .prepare(
        // invoices.cashier is the staff ID the session signed in; the report shows the person's name.
        `SELECT COALESCE((SELECT name FROM staff WHERE id = i.cashier), i.cashier, '') AS cashier, COUNT(*) AS n, SUM(i.total_fen) AS tt
         FROM invoices i WHERE i.created_at >= ? AND i.created_at < ? AND i.status IN ${SALES} GROUP BY i.cashier ORDER BY 3 DESC`,
      )
      .all(r.from, r.to) as Array<{ cashier: string; n: number; tt: number }>
  ).map((x) => ({ cashier: x.cashier, count: x.n, total: yuan(x.tt) }));

  const hours = db
    .prepare(
      `SELECT ((created_at + ?) / 3600000) % 24 AS hour, COUNT(*) AS n, SUM(total_fen) AS tt FROM invoices
       WHERE created_at >= ? AND created_at < ? AND status IN ${SALES} GROUP BY 1`,
    )
    .all(r.utcOffsetMinutes * 60_000, r.from, r.to) as Array<{ hour: number; n: number; tt: number }>;
  const hourly = Array.from({ length: 24 }, (_, hour) => {
    const h = hours.find((x) => x.hour === hour);
    return { hour, count: h?.n ?? 0, total: yuan(h?.tt ?? 0) };
  });

  const productRows = db
    .prepare(
      `SELECT item_name AS name, SUM(amount_fen + tax_fen) AS tt FROM report_lines
       WHERE created_at >= ? AND created_at < ? AND counted = 1 AND kind = 'blue' GROUP BY item_name ORDER BY 2 DESC`,
    )
    .all(r.from, r.to) as Array<{ name: string; tt: number }>;
  const productSum = productRows.reduce((s, p) => s + p.tt, 0);
  const top = productRows.slice(0, 6);
  const rest = productRows.slice(6).reduce((s, p) => s + p.tt, 0);
  if (rest !== 0) top.push({ name: '其他', tt: rest });
  // share is a chart proportion only, never money
  const products = top.map((p) => ({ name: p.name, total: yuan(p.tt), share: productSum === 0 ? 0 : p.tt / productSum }));

  const head = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;

  return {
    from: r.from,
    to: r.to,
    count: sales.count,
    amount: yuan(sales.a),
    tax: yuan(sales.t),
    total: yuan(sales.tt),
    byRate,
    red: { count: red.count, total: yuan(red.tt) },
    issued: { count: issued.count, total: yuan(issued.tt) },
    pending: { count: pending.count, total: yuan(pending.tt) },
    rejected: { count: rejected.count, total: yuan(rejected.tt) },
    cancelled: { count: cancelled.count, total: yuan(cancelled.tt) },
    perCashier,
    hourly,
    products,
    auditHead: head ?? { seq: 0, hash: '0'.repeat(64) },
    generatedAt: now,
  };
}

export interface InvoiceSearch {
  from?: number | undefined;
  to?: number | undefined;
  status?: 'pending' | 'issued' | 'rejected' | 'cancelled' | 'red' | undefined;
  buyer?: string | undefined;
  number?: string | undefined;
  cashier?: string | undefined;
  limit: number;
  offset: number;
}

interface SearchRow {
  order_no: string;
  kind: 'blue' | 'red';
  status: InvoiceStatus;
  buyer_name: string;
  buyer_tax_id: string | null;
  cashier: string | null;
  number: string | null;
  total_fen: number;
  tax_fen: number;
  created_at: number;
}

export function searchInvoices(db: Db, s: InvoiceSearch): { rows: InvoiceRow[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    args.push(...values);
  };
  if (s.from !== undefined) add('created_at >= ?', s.from);
  if (s.to !== undefined) add('created_at < ?', s.to);
  if (s.status === 'pending') add("status IN ('queued', 'submitting', 'retry')");
  else if (s.status === 'red') add("kind = 'red'");
  else if (s.status !== undefined) add('status = ?', s.status);
  const buyer = s.buyer?.trim();
  if (buyer) add("(buyer_name LIKE ? ESCAPE '\\' OR buyer_tax_id LIKE ? ESCAPE '\\')", likeContains(buyer), likePrefix(buyer.toUpperCase()));
  const number = s.number?.trim();
  if (number) add("(number LIKE ? ESCAPE '\\' OR order_no LIKE ? ESCAPE '\\')", likePrefix(number), likePrefix(number));
  // By staff ID or by name (invoices.cashier holds the ID of the cashier signed in).
  if (s.cashier?.trim()) add('(cashier = ? OR cashier IN (SELECT id FROM staff WHERE name = ?))', s.cashier.trim(), s.cashier.trim());
  const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM invoices ${sqlWhere}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT order_no, kind, status, buyer_name, buyer_tax_id, COALESCE((SELECT name FROM staff WHERE id = invoices.cashier), cashier) AS cashier,
         number, total_fen, tax_fen, created_at FROM invoices ${sqlWhere} ORDER BY created_at DESC, order_no DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, s.limit, s.offset) as SearchRow[];
  return {
    total,
    rows: rows.map((r) => {
      const row: InvoiceRow = { orderNo: r.order_no, kind: r.kind, status: r.status, buyerName: r.buyer_name, total: yuan(r.total_fen), tax: yuan(r.tax_fen), createdAt: r.created_at };
      if (r.buyer_tax_id !== null) row.buyerTaxId = r.buyer_tax_id;
      if (r.cashier !== null) row.cashier = r.cashier;
      if (r.number !== null) row.number = r.number;
      return row;
    }),
  };
}
