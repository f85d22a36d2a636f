import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { InvoiceRow } from '../../../electron/contract/calls-report.ts';
import type { InvoiceView } from '../../../electron/contract/index.ts';
import { Receipt } from '../shared/Receipt.tsx';
import { STATUS_LABEL, dateTimeText } from '../shared/status.ts';
import { useT } from '../i18n/react.ts';
import { preset, rangeOf } from './dates.ts';

type StatusFilter = '' | 'pending' | 'issued' | 'rejected' | 'cancelled' | 'red';

/** Search and filter the store's invoices; open one for detail and its actions. */
export function InvoicesPanel({ seller, actions }: { seller: { name: string; taxId: string }; actions?: (inv: InvoiceView, reload: () => void) => ReactNode }) {
  const t = useT();
  const [[from, to], setRange] = useState(() => preset('today'));
  const [f, setF] = useState({ status: '' as StatusFilter, buyer: '', number: '', cashier: '' });
  const [result, setResult] = useState<{ rows: InvoiceRow[]; total: number }>({ rows: [], total: 0 });
  const [open, setOpen] = useState<InvoiceView | undefined>();
  const [copyNo, setCopyNo] = useState<number | undefined>();
  const [limit, setLimit] = useState(100);

  const search = useCallback(() => {
    const r = rangeOf(from, to);
    void window.fapiao
      .searchInvoices({
        from: r.from,
        to: r.to,
        limit,
        ...(f.status ? { status: f.status } : {}),
        ...(f.buyer ? { buyer: f.buyer } : {}),
        ...(f.number ? { number: f.number } : {}),
        ...(f.cashier ? { cashier: f.cashier } : {}),
      })
      .then(setResult);
  }, [from, to, f, limit]);
  useEffect(search, [search]);

  const show = (orderNo: string) =>
    void window.fapiao.getInvoice({ orderNo }).then((inv) => {
      setOpen(inv ?? undefined);
      setCopyNo(undefined);
    });

  if (open)
    return (
      <section className="detail" aria-label="发票详情">
        <div className="row no-print">
          <button type="button" onClick={() => setOpen(undefined)}>{t('返回')}</button>
          <button
            type="button"
            onClick={() =>
              void window.fapiao.reprintInvoice({ orderNo: open.orderNo }).then((r) => {
                setCopyNo(r.copyNo);
                setTimeout(() => window.print(), 50);
              })
            }
          >
            {t('补打副本')}
          </button>
          {actions?.(open, () => show(open.orderNo))}
        </div>
        <dl className="facts">
          <dt>{t('状态')}</dt>
          <dd aria-label="详情状态">{t(STATUS_LABEL[open.status])}{open.kind === 'red' ? ` · ${t('红字')}` : ''}{open.mode === 'sandbox' ? ` · ${t('沙箱（练习）')}` : ''}</dd>
          {open.number && (<><dt>{t('发票号码')}</dt><dd>{open.number}</dd></>)}
          {open.rejectMessage && (<><dt>{t('被拒原因')}</dt><dd>{open.rejectMessage}</dd></>)}
          <dt>{t('收银员')}</dt>
          <dd>{open.cashier ?? '—'}</dd>
        </dl>
        <Receipt invoice={open} seller={seller} {...(copyNo === undefined ? {} : { copyNo })} />
      </section>
    );

  const text = (key: 'buyer' | 'number' | 'cashier', label: string) => (
    <label className="field inline">
      {label}
      <input aria-label={label} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );
  return (
    <section className="invoices" aria-label={t('发票查询')}>
      <form
        className="row filters"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label className="field inline">
          {t('开始日期')}
          <input type="date" aria-label={t('开始日期')} value={from} onChange={(e) => setRange([e.target.value, to])} />
        </label>
        <label className="field inline">
          {t('结束日期')}
          <input type="date" aria-label={t('结束日期')} value={to} onChange={(e) => setRange([from, e.target.value])} />
        </label>
        <label className="field inline">
          {t('状态')}
          <select aria-label={t('状态')} value={f.status} onChange={(e) => setF({ ...f, status: e.target.value as StatusFilter })}>
            <option value="">{t('全部')}</option>
            <option value="issued">{t('已开具')}</option>
            <option value="pending">{t('待上传')}</option>
            <option value="rejected">{t('被拒')}</option>
            <option value="cancelled">{t('已作废')}</option>
            <option value="red">{t('红字')}</option>
          </select>
        </label>
        {text('buyer', t('购买方'))}
        {text('number', t('号码或流水号'))}
        {text('cashier', t('收银员'))}
        <button type="submit" className="primary">{t('查询')}</button>
      </form>
      <p aria-live="polite">共 {result.total} 张</p>
      <table className="data" aria-label="发票列表">
        <thead>
          <tr>
            <th>时间</th><th>{t('发票号码')}</th><th>{t('购买方')}</th><th>{t('收银员')}</th><th>{t('状态')}</th><th className="num">{t('价税合计')}</th><th />
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.orderNo}>
              <td>{dateTimeText(r.createdAt)}</td>
              <td className="mono">{r.number ?? r.orderNo}</td>
              <td>{r.buyerName}</td>
              <td>{r.cashier ?? '—'}</td>
              <td>{t(STATUS_LABEL[r.status])}{r.kind === 'red' ? ` · ${t('红字')}` : ''}</td>
              <td className="num">{r.total}</td>
              <td>
                <button type="button" aria-label={`${t('详情')} ${r.number ?? r.orderNo}`} onClick={() => show(r.orderNo)}>
                  {t('详情')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.rows.length < result.total && (
        <button type="button" onClick={() => setLimit((n) => Math.min(500, n + 100))} disabled={limit >= 500}>
          加载更多（已显示 {result.rows.length} / {result.total}）
        </button>
      )}
    </section>
  );
}
