import { useCallback, useEffect, useState } from 'react';
import type { DayReport, InvoiceRow } from '../../../electron/contract/calls-report.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { ratePercent } from '../shared/money.ts';
import { useT } from '../i18n/react.ts';
import { HourlyChart, ShareChart } from './charts.tsx';
import { preset, rangeOf } from './dates.ts';
import { INVOICE_HEADER, download, invoiceCells, toCsv, toXlsx } from './export.ts';
import { ZReport, type DayCloseBackup } from './ZReport.tsx';
import { errorText } from '../shared/errors.ts';

async function allInvoices(from: number, to: number): Promise<InvoiceRow[]> {
  const rows: InvoiceRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await window.fapiao.searchInvoices({ from, to, limit: 500, offset });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

/** The manager's day (or any range): totals, by rate, per cashier, charts, exports and the Z report. */
export function DayPanel() {
  const t = useT();
  const [[from, to], setRange] = useState(() => preset('today'));
  const [report, setReport] = useState<DayReport | undefined>();
  const [z, setZ] = useState<{ report: DayReport; backup: DayCloseBackup } | undefined>();
  const [zError, setZError] = useState('');

  const load = useCallback(() => void window.fapiao.dayReport(rangeOf(from, to)).then(setReport), [from, to]);
  useEffect(load, [load]);
  // A new or updated invoice changes the day: refresh on the event, never by polling.
  useFapiaoEvent('queueChanged', load);

  const name = from === to ? from : `${from}_${to}`;
  const exportCsv = async () => {
    const r = rangeOf(from, to);
    const rows = await allInvoices(r.from, r.to);
    download(`发票明细_${name}.csv`, new Blob([toCsv([INVOICE_HEADER, ...rows.map(invoiceCells)])], { type: 'text/csv;charset=utf-8' }));
  };
  const exportXlsx = async () => {
    if (!report) return;
    const r = rangeOf(from, to);
    download(`日报_${name}.xlsx`, await toXlsx(report, await allInvoices(r.from, r.to)));
  };

  if (z) return <ZReport report={z.report} backup={z.backup} range={[from, to]} onClose={() => setZ(undefined)} />;

  return (
    <section className="day" aria-label={t('日报')}>
      <div className="row filters">
        <label className="field inline">
          {t('开始日期')}
          <input type="date" aria-label={t('开始日期')} value={from} onChange={(e) => setRange([e.target.value, to < e.target.value ? e.target.value : to])} />
        </label>
        <label className="field inline">
          {t('结束日期')}
          <input type="date" aria-label={t('结束日期')} value={to} onChange={(e) => setRange([from, e.target.value])} />
        </label>
        {(['today', 'yesterday', 'week', 'month'] as const).map((p) => (
          <button key={p} type="button" onClick={() => setRange(preset(p))}>
            {t({ today: '今日', yesterday: '昨天', week: '本周', month: '本月' }[p])}
          </button>
        ))}
        <span className="spacer" />
        <button type="button" onClick={() => void exportXlsx()}>{t('导出Excel')}</button>
        <button type="button" onClick={() => void exportCsv()}>{t('导出CSV')}</button>
        <button type="button" className="primary" onClick={() =>
            void window.fapiao.recordZReport(rangeOf(from, to)).then(
              (r) => {
                setZError('');
                setZ({ report: r.report, backup: { path: r.backup?.path, error: r.backupError } });
              },
              (e: unknown) => setZError(errorText(e)),
            )
          }
        >
          {t('日结（Z报表）')}
        </button>
      </div>
      {zError && <p role="alert" className="field-error">{zError}</p>}
      {report && (
        <>
          <div className="cards">
            <Card label={t('开票张数')} value={String(report.count)} />
            <Card label={t('价税合计')} value={`¥${report.total}`} />
            <Card label={t('合计税额')} value={`¥${report.tax}`} />
            <Card label={t('红字发票')} value={`${report.red.count} · ¥${report.red.total}`} />
            <Card label={t('待上传')} value={`${report.pending.count} · ¥${report.pending.total}`} />
            <Card label={t('被拒')} value={`${report.rejected.count} · ¥${report.rejected.total}`} />
          </div>
          <div className="charts">
            <HourlyChart hourly={report.hourly} title={t('每小时开票')} />
            <ShareChart products={report.products} title={t('商品销售占比')} />
          </div>
          <div className="grid2">
            <table className="data" aria-label={t('按税率')}>
              <caption>{t('按税率')}</caption>
              <thead>
                <tr><th>{t('税率')}</th><th>{t('金额')}</th><th>{t('合计税额')}</th><th>{t('价税合计')}</th></tr>
              </thead>
              <tbody>
                {report.byRate.map((r) => (
                  <tr key={r.rate}><td>{ratePercent(r.rate)}</td><td className="num">{r.amount}</td><td className="num">{r.tax}</td><td className="num">{r.total}</td></tr>
                ))}
              </tbody>
            </table>
            <table className="data" aria-label={t('按收银员')}>
              <caption>{t('按收银员')}</caption>
              <thead>
                <tr><th>{t('收银员')}</th><th>{t('开票张数')}</th><th>{t('价税合计')}</th></tr>
              </thead>
              <tbody>
                {report.perCashier.map((c) => (
                  <tr key={c.cashier}><td>{c.cashier || '—'}</td><td className="num">{c.count}</td><td className="num">{c.total}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
    </div>
  );
}
