import { useEffect, useState } from 'react';
import type { DayReport } from '../../../electron/contract/calls-report.ts';
import type { QueueStatus } from '../../../electron/contract/index.ts';
import { ratePercent } from '../shared/money.ts';
import { dateTimeText } from '../shared/status.ts';
import { useT } from '../i18n/react.ts';

/** 日结: the day's figures, the queue and the audit chain head, as a page to print or save as PDF. */
/** What the day-close backup came to: where it is, or why there is none. */
export interface DayCloseBackup {
  path?: string | undefined;
  error?: string | undefined;
}

export function ZReport({ report, range, backup, onClose }: { report: DayReport; range: [string, string]; backup?: DayCloseBackup; onClose: () => void }) {
  const t = useT();
  const [queue, setQueue] = useState<QueueStatus | undefined>();
  useEffect(() => void window.fapiao.queueStatus({}).then(setQueue), []);
  const rows: Array<[string, string]> = [
    ['开票张数（含待上传）', String(report.count)],
    ['合计金额（不含税）', report.amount],
    ['合计税额', report.tax],
    ['价税合计', report.total],
    ['已开具', `${report.issued.count} 张 ¥${report.issued.total}`],
    ['待上传', `${report.pending.count} 张 ¥${report.pending.total}`],
    ['红字发票', `${report.red.count} 张 ¥${report.red.total}`],
    ['被拒', `${report.rejected.count} 张 ¥${report.rejected.total}`],
    ['已作废', `${report.cancelled.count} 张 ¥${report.cancelled.total}`],
  ];
  return (
    <article className="zreport print-area" aria-label={t('日结（Z报表）')}>
      <h2>日结报表（Z）</h2>
      <p>
        {range[0] === range[1] ? range[0] : `${range[0]} 至 ${range[1]}`} · 生成于 {dateTimeText(report.generatedAt)}
      </p>
      <table className="data">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}><th scope="row">{k}</th><td className="num">{v}</td></tr>
          ))}
        </tbody>
      </table>
      <h3>按税率</h3>
      <table className="data">
        <thead><tr><th>税率</th><th>金额</th><th>税额</th></tr></thead>
        <tbody>
          {report.byRate.map((r) => (
            <tr key={r.rate}><td>{ratePercent(r.rate)}</td><td className="num">{r.amount}</td><td className="num">{r.tax}</td></tr>
          ))}
        </tbody>
      </table>
      <h3>按收银员</h3>
      <table className="data">
        <tbody>
          {report.perCashier.map((c) => (
            <tr key={c.cashier}><td>{c.cashier || '—'}</td><td className="num">{c.count} 张</td><td className="num">{c.total}</td></tr>
          ))}
        </tbody>
      </table>
      <h3>{t('队列')}</h3>
      <p aria-label="队列状态">
        {queue ? `${queue.online ? '在线' : '离线'} · 待上传 ${queue.pending} · 被拒 ${queue.rejected}` : '—'}
      </p>
      {backup && (
        <>
          <h3>日结备份</h3>
          {backup.error ? (
            <p role="alert" className="field-error" aria-label="日结备份">备份失败：{backup.error}</p>
          ) : (
            <p className="mono" aria-label="日结备份">{backup.path}</p>
          )}
        </>
      )}
      <h3>{t('审计链')}</h3>
      <p className="mono" aria-label="审计链头">
        #{report.auditHead.seq} {report.auditHead.hash}
      </p>
      <p className="sign">店长签字：＿＿＿＿＿＿　　收银员签字：＿＿＿＿＿＿</p>
      <div className="row no-print">
        <button type="button" className="primary" onClick={() => window.print()}>{t('打印')}</button>
        <button type="button" onClick={onClose}>{t('返回')}</button>
      </div>
    </article>
  );
}
