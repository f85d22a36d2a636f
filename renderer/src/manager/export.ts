import type { DayReport, InvoiceRow } from '../../../electron/contract/calls-report.ts';
import { STATUS_LABEL, dateTimeText } from '../shared/status.ts';
import { ratePercent } from '../shared/money.ts';

/** Exports of the manager's day: CSV (UTF-8 with BOM, so Excel reads Chinese) and XLSX (loaded on demand). */

export const INVOICE_HEADER = ['开票时间', '流水号', '发票号码', '类型', '购买方', '购买方税号', '收银员', '状态', '税额', '价税合计'];

export function invoiceCells(r: InvoiceRow): string[] {
  return [dateTimeText(r.createdAt), r.orderNo, r.number ?? '', r.kind === 'red' ? '红字' : '蓝字', r.buyerName, r.buyerTaxId ?? '', r.cashier ?? '', STATUS_LABEL[r.status], r.tax, r.total];
}

function csvCell(v: string): string {
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+@]/.test(v) || (/^-/.test(v) && !/^-\d+(\.\d+)?$/.test(v)) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function summaryRows(r: DayReport): string[][] {
  return [
    ['项目', '张数', '金额'],
    ['开票（含待上传）', String(r.count), r.total],
    ['合计金额（不含税）', '', r.amount],
    ['合计税额', '', r.tax],
    ['已开具', String(r.issued.count), r.issued.total],
    ['待上传', String(r.pending.count), r.pending.total],
    ['红字发票', String(r.red.count), r.red.total],
    ['被拒', String(r.rejected.count), r.rejected.total],
    ['已作废', String(r.cancelled.count), r.cancelled.total],
    ...r.byRate.map((x) => [`税率 ${ratePercent(x.rate)}`, '', `${x.amount} / 税 ${x.tax}`]),
    ...r.perCashier.map((c) => [`收银员 ${c.cashier || '—'}`, String(c.count), c.total]),
  ];
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const isMoney = (v: string) => /^-?\d+\.\d{2}$/.test(v);

/**
 * XLSX with a summary sheet, tax by rate, per cashier, hourly and the invoice list. Amounts go in as
 * numbers formatted 0.00 so the manager can sum them in Excel (the file format stores numbers as doubles).
 */
export async function toXlsx(report: DayReport, invoices: InvoiceRow[]): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const cell = (v: string) => (isMoney(v) ? { value: Number(v), type: Number, format: '0.00' } : { value: v, type: String });
  const sheet = (rows: string[][]) => rows.map((r, i) => r.map((v) => (i === 0 ? { value: v, type: String, fontWeight: 'bold' as const } : cell(v))));
  return writeXlsxFile([
    { sheet: '汇总', data: sheet(summaryRows(report)) },
    { sheet: '按税率', data: sheet([['税率', '金额', '税额', '价税合计'], ...report.byRate.map((x) => [ratePercent(x.rate), x.amount, x.tax, x.total])]) },
    { sheet: '按收银员', data: sheet([['收银员', '张数', '价税合计'], ...report.perCashier.map((c) => [c.cashier || '—', String(c.count), c.total])]) },
    { sheet: '每小时', data: sheet([['小时', '张数', '价税合计'], ...report.hourly.map((h) => [`${h.hour}:00`, String(h.count), h.total])]) },
    { sheet: '发票', data: sheet([INVOICE_HEADER, ...invoices.map(invoiceCells)]) },
  ]).toBlob();
}
