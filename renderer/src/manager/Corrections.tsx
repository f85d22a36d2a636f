import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { RedInvoiceViewSchema, RejectedItemSchema } from '../../../electron/contract/calls-queue.ts';
import type { AppError, DraftInput, InvoiceView } from '../../../electron/contract/index.ts';
import { FapiaoError } from '../../../electron/contract/errors.ts';
import { STATUS_LABEL, newOrderNo } from '../shared/status.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { useT } from '../i18n/react.ts';

type RedView = z.output<typeof RedInvoiceViewSchema>;
type Rejected = z.output<typeof RejectedItemSchema>;
type Reason = RedView['reason'];

const REASONS: Array<[Reason, string]> = [
  ['issuedInError', '开票有误（全额）'],
  ['goodsReturned', '销货退回'],
  ['serviceStopped', '服务中止'],
  ['salesAllowance', '销售折让'],
];

/** 红字确认单 states (docs/invoice-rules.md §5.1), for the manager to read. */
export const FORM_STATE: Record<string, string> = {
  draft: '确认单待提交',
  '01': '无需确认',
  '02': '销方录入待购方确认',
  '03': '购方录入待销方确认',
  '04': '购销双方已确认',
  '05': '作废（购方否认）',
  '06': '作废（销方否认）',
  '07': '作废（超72小时未确认）',
  '08': '作废（发起方已撤销）',
  '09': '作废（确认后撤销）',
  '10': '作废（异常凭证）',
  redIssued: '红字发票已开具',
};

const messages = (errors: AppError[]) => errors.map((e) => e.message_zh).join('；');
const failure = (e: unknown) => (e instanceof FapiaoError ? messages(e.errors) : String(e));

/** On an invoice's detail: red-letter (full or by line) for an issued one, cancel for one never sent. */
export function InvoiceActions({ invoice, onDone }: { invoice: InvoiceView; onDone: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<'' | 'red' | 'cancel'>('');
  const [reason, setReason] = useState<Reason>('goodsReturned');
  const [partial, setPartial] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const [reds, setReds] = useState<RedView[]>([]);
  // The red request's own order number, fixed until it succeeds: a double click or a retry is the same request.
  const [redOrderNo, setRedOrderNo] = useState(newOrderNo);

  const loadReds = useCallback(() => void window.fapiao.listRedInvoices({ originalOrderNo: invoice.orderNo }).then(setReds), [invoice.orderNo]);
  useEffect(loadReds, [loadReds]);
  useFapiaoEvent('invoiceUpdated', loadReds);

  const canRed = invoice.status === 'issued' && invoice.kind === 'blue';
  // Only what was never sent may be cancelled; core has the last word (attempts = 0).
  const canCancel = invoice.status === 'queued';
  const normal = invoice.invoice.lines.map((l, i) => ({ ...l, lineNo: i + 1 })).filter((l) => l.kind === 'normal');

  const red = async () => {
    const lines = Object.entries(partial)
      .filter(([, amount]) => amount.trim() !== '')
      .map(([lineNo, amount]) => ({ lineNo: Number(lineNo), amount: amount.trim() }));
    try {
      const r = await window.fapiao.requestRedInvoice({
        originalOrderNo: invoice.orderNo,
        orderNo: redOrderNo,
        reason,
        ...(lines.length > 0 && reason !== 'issuedInError' ? { lines } : {}),
      });
      if (!r.ok) return setNote(messages(r.errors));
      setRedOrderNo(newOrderNo());
      setNote(`红字发票 ${r.red.invoice.orderNo}：${t(STATUS_LABEL[r.red.invoice.status])} · ${FORM_STATE[r.red.formState] ?? r.red.formState}`);
      setMode('');
      loadReds();
      onDone();
    } catch (e) {
      setNote(failure(e));
    }
  };
  const cancel = async () => {
    try {
      await window.fapiao.cancelInvoice({ orderNo: invoice.orderNo, reason: '店长作废' });
      setNote('已作废');
      setMode('');
      onDone();
    } catch (e) {
      setNote(failure(e));
    }
  };

  return (
    <div className="corrections">
      {canRed && <button type="button" onClick={() => setMode('red')}>{t('红冲')}</button>}
      {canCancel && <button type="button" onClick={() => setMode('cancel')}>{t('作废')}</button>}
      {mode === 'red' && (
        <form
          className="panel red-form"
          aria-label="红冲"
          onSubmit={(e) => {
            e.preventDefault();
            void red();
          }}
        >
          <label className="field">
            红冲原因
            <select aria-label="红冲原因" value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
              {REASONS.map(([k, label]) => (
                <option key={k} value={k}>{label}</option>
              ))}
            </select>
          </label>
          {reason !== 'issuedInError' && (
            <table className="data">
              <caption>部分红冲：填写要冲的金额（不填为全额红冲）</caption>
              <tbody>
                {normal.map((l) => (
                  <tr key={l.lineNo}>
                    <td>{l.itemName}</td>
                    <td className="num">{l.amount}</td>
                    <td>
                      <input aria-label={`第${l.lineNo}行红冲金额`} inputMode="decimal" value={partial[l.lineNo] ?? ''} onChange={(e) => setPartial({ ...partial, [l.lineNo]: e.target.value })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row">
            <button type="submit" className="primary">确认红冲</button>
            <button type="button" onClick={() => setMode('')}>{t('取消')}</button>
          </div>
        </form>
      )}
      {mode === 'cancel' && (
        <div className="panel" role="group" aria-label="作废确认">
          这张发票尚未上传，作废后不会再发送（记入审计）。
          <button type="button" className="primary" onClick={() => void cancel()}>确认作废</button>
          <button type="button" onClick={() => setMode('')}>{t('取消')}</button>
        </div>
      )}
      {note && <p role="status" className="note">{note}</p>}
      {reds.length > 0 && (
        <ul className="reds" aria-label="红字发票">
          {reds.map((r) => (
            <li key={r.invoice.orderNo}>
              红字 {r.invoice.number ?? r.invoice.orderNo} · ¥{r.invoice.invoice.total} · {t(STATUS_LABEL[r.invoice.status])} · 确认单 {r.formNo ?? ''} {FORM_STATE[r.formState] ?? r.formState}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A rejected invoice as an editable draft: same lines (amounts without tax), a new order number. */
export function draftFromRejected(inv: InvoiceView, buyer: { name: string; taxId: string }, codes: Record<number, string>): DraftInput {
  const lines: DraftInput['lines'] = [];
  inv.invoice.lines.forEach((l, i) => {
    if (l.kind === 'discount') {
      const prev = lines[lines.length - 1];
      if (prev) prev.discount = l.amount.replace(/^-/, '');
      return;
    }
    lines.push({
      name: l.itemName.replace(/^\*[^*]+\*/, ''),
      taxCode: codes[i] ?? l.taxCode,
      rate: l.rate,
      amount: l.amount,
      ...(l.quantity ? { quantity: l.quantity } : {}),
      ...(l.unitPrice ? { unitPrice: l.unitPrice } : {}),
      ...(l.unit ? { unit: l.unit } : {}),
    });
  });
  return {
    orderNo: newOrderNo(),
    type: inv.type,
    pricesIncludeTax: false,
    buyer: buyer.taxId ? { name: buyer.name, taxId: buyer.taxId } : { name: buyer.name, naturalPerson: true },
    lines,
  };
}

/** The rejected list: the channel's reason, and a fix-and-resubmit path under a new order number. */
export function RejectedPanel() {
  const t = useT();
  const [items, setItems] = useState<Rejected[]>([]);
  const [fix, setFix] = useState<Rejected | undefined>();
  const [buyer, setBuyer] = useState({ name: '', taxId: '' });
  const [codes, setCodes] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const load = useCallback(() => void window.fapiao.listRejected({}).then(setItems), []);
  useEffect(load, [load]);
  useFapiaoEvent('queueChanged', load);

  const resubmit = async () => {
    if (!fix) return;
    const r = await window.fapiao.resubmitRejected({ rejectedOrderNo: fix.invoice.orderNo, draft: draftFromRejected(fix.invoice, buyer, codes) });
    if (!r.ok) return setNote(messages(r.errors));
    setNote(`已重新提交：${r.invoice.orderNo}（${t(STATUS_LABEL[r.invoice.status])}）`);
    setFix(undefined);
    load();
  };

  return (
    <section className="rejected" aria-label={t('被拒发票')}>
      {note && <p role="status" className="note">{note}</p>}
      {items.length === 0 && <p>没有待处理的被拒发票。</p>}
      <table className="data" aria-label="被拒发票列表">
        <tbody>
          {items.map((r) => (
            <tr key={r.invoice.orderNo}>
              <td className="mono">{r.invoice.orderNo}</td>
              <td>{r.invoice.buyerName}</td>
              <td className="num">{r.invoice.invoice.total}</td>
              <td>{r.message}（{r.code}）</td>
              <td>
                <button
                  type="button"
                  aria-label={`修改并重新提交 ${r.invoice.orderNo}`}
                  onClick={() => {
                    setFix(r);
                    setBuyer({ name: r.invoice.buyerName, taxId: r.invoice.buyerTaxId ?? '' });
                    setCodes({});
                  }}
                >
                  修改并重新提交
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fix && (
        <form
          className="panel"
          aria-label="修改被拒发票"
          onSubmit={(e) => {
            e.preventDefault();
            void resubmit();
          }}
        >
          <div className="grid2">
            <label className="field">
              购买方名称
              <input aria-label="修改购买方名称" value={buyer.name} onChange={(e) => setBuyer({ ...buyer, name: e.target.value })} />
            </label>
            <label className="field">
              纳税人识别号
              <input aria-label="修改纳税人识别号" value={buyer.taxId} onChange={(e) => setBuyer({ ...buyer, taxId: e.target.value.toUpperCase() })} />
            </label>
            {fix.invoice.invoice.lines.map((l, i) =>
              l.kind === 'normal' ? (
                <label className="field" key={i}>
                  {l.itemName} 税收分类编码
                  <input aria-label={`修改第${i + 1}行税收分类编码`} value={codes[i] ?? l.taxCode} onChange={(e) => setCodes({ ...codes, [i]: e.target.value })} />
                </label>
              ) : null,
            )}
          </div>
          <div className="row">
            <button type="submit" className="primary">{t('重新提交')}</button>
            <button type="button" onClick={() => setFix(undefined)}>{t('取消')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
