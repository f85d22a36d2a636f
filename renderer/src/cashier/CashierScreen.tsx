import { useCallback, useEffect, useState } from 'react';
import type { AppError, ComputedInvoice, InvoiceView } from '../../../electron/contract/index.ts';
import { STATUS_LABEL, newOrderNo } from '../shared/status.ts';
import { useFapiaoEvent } from '../shared/useEvent.ts';
import { emptyLine, toDraft, type BuyerForm, type LineForm } from './draft.ts';

const RATES = ['0.13', '0.09', '0.06', '0.03', '0.01', '0'];
const pct = (r: string) => `${(Number(r) * 100).toFixed(0)}%`;

function FieldError({ errors, path }: { errors: AppError[]; path: string }) {
  const own = errors.filter((e) => e.path === path);
  if (own.length === 0) return null;
  return (
    <span className="field-error" role="alert">
      {own.map((e) => e.message_zh).join('；')}
    </span>
  );
}

/** One sale: lines, buyer, one key (F9) to issue; the answer is immediate and then updated by events. */
export function CashierScreen() {
  const [orderNo, setOrderNo] = useState(newOrderNo);
  const [lines, setLines] = useState<LineForm[]>(() => [emptyLine()]);
  const [buyer, setBuyer] = useState<BuyerForm>({ kind: 'person', name: '个人', taxId: '' });
  const [type, setType] = useState<'normal' | 'special'>('normal');
  const [preview, setPreview] = useState<ComputedInvoice | undefined>();
  const [errors, setErrors] = useState<AppError[]>([]);
  const [result, setResult] = useState<InvoiceView | undefined>();
  const [busy, setBusy] = useState(false);

  // Totals update as the cashier types; errors are shown once they try to issue.
  useEffect(() => {
    let live = true;
    void window.fapiao.calcInvoice(toDraft(orderNo, buyer, lines, type)).then((r) => {
      if (!live) return;
      setPreview(r.ok ? r.invoice : undefined);
      if (errors.length > 0) setErrors(r.ok ? [] : r.errors);
    });
    return () => {
      live = false;
    };
  }, [orderNo, buyer, lines, type]);

  useFapiaoEvent(
    'invoiceUpdated',
    useCallback((inv: InvoiceView) => setResult((cur) => (cur && cur.orderNo === inv.orderNo ? inv : cur)), []),
  );

  const issue = useCallback(async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await window.fapiao.issueInvoice(toDraft(orderNo, buyer, lines, type));
      if (!r.ok) {
        setErrors(r.errors);
        return;
      }
      setErrors([]);
      setResult(r.invoice);
    } finally {
      setBusy(false);
    }
  }, [busy, orderNo, buyer, lines, type]);

  const nextSale = () => {
    setOrderNo(newOrderNo());
    setLines([emptyLine()]);
    setBuyer({ kind: 'person', name: '个人', taxId: '' });
    setResult(undefined);
    setErrors([]);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        void issue();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [issue]);

  const update = (key: number, patch: Partial<LineForm>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  return (
    <main className="cashier">
      <section className="lines" aria-label="商品明细">
        <table>
          <thead>
            <tr>
              <th>商品名称</th>
              <th>税收分类编码</th>
              <th>数量</th>
              <th>单价（含税）</th>
              <th>税率</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.key}>
                <td>
                  <input aria-label={`第${i + 1}行商品名称`} value={l.name} onChange={(e) => update(l.key, { name: e.target.value })} />
                  <FieldError errors={errors} path={`lines[${i}].name`} />
                </td>
                <td>
                  <input aria-label={`第${i + 1}行税收分类编码`} inputMode="numeric" value={l.taxCode} onChange={(e) => update(l.key, { taxCode: e.target.value })} />
                  <FieldError errors={errors} path={`lines[${i}].taxCode`} />
                </td>
                <td>
                  <input aria-label={`第${i + 1}行数量`} inputMode="decimal" value={l.quantity} onChange={(e) => update(l.key, { quantity: e.target.value })} />
                  <FieldError errors={errors} path={`lines[${i}].quantity`} />
                </td>
                <td>
                  <input aria-label={`第${i + 1}行单价`} inputMode="decimal" value={l.unitPrice} onChange={(e) => update(l.key, { unitPrice: e.target.value })} />
                  <FieldError errors={errors} path={`lines[${i}].unitPrice`} />
                </td>
                <td>
                  <select aria-label={`第${i + 1}行税率`} value={l.rate} onChange={(e) => update(l.key, { rate: e.target.value })}>
                    {RATES.map((r) => (
                      <option key={r} value={r}>
                        {pct(r)}
                      </option>
                    ))}
                  </select>
                  <FieldError errors={errors} path={`lines[${i}].rate`} />
                </td>
                <td>
                  <button type="button" aria-label={`删除第${i + 1}行`} onClick={() => setLines((ls) => (ls.length > 1 ? ls.filter((x) => x.key !== l.key) : ls))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setLines((ls) => [...ls, emptyLine()])}>
          + 添加商品
        </button>
        <FieldError errors={errors} path="lines" />
      </section>

      <section className="buyer" aria-label="购买方">
        <fieldset>
          <legend>购买方</legend>
          <label>
            <input type="radio" name="buyer-kind" checked={buyer.kind === 'person'} onChange={() => setBuyer({ ...buyer, kind: 'person' })} /> 个人
          </label>
          <label>
            <input type="radio" name="buyer-kind" checked={buyer.kind === 'company'} onChange={() => setBuyer({ ...buyer, kind: 'company' })} /> 单位
          </label>
          <label className="field">
            {buyer.kind === 'person' ? '姓名' : '名称（发票抬头）'}
            <input aria-label="购买方名称" value={buyer.name} onChange={(e) => setBuyer({ ...buyer, name: e.target.value })} />
          </label>
          <FieldError errors={errors} path="buyer.name" />
          {buyer.kind === 'company' && (
            <label className="field">
              纳税人识别号
              <input aria-label="纳税人识别号" value={buyer.taxId} onChange={(e) => setBuyer({ ...buyer, taxId: e.target.value })} />
            </label>
          )}
          <FieldError errors={errors} path="buyer.taxId" />
          <label className="field">
            发票种类
            <select aria-label="发票种类" value={type} onChange={(e) => setType(e.target.value as 'normal' | 'special')}>
              <option value="normal">数电普票</option>
              <option value="special">数电专票</option>
            </select>
          </label>
        </fieldset>
      </section>

      <section className="totals" aria-label="合计">
        <div>合计金额 <strong aria-label="合计金额">{preview?.totalAmount ?? '—'}</strong></div>
        <div>合计税额 <strong aria-label="合计税额">{preview?.totalTax ?? '—'}</strong></div>
        <div className="grand">价税合计 <strong aria-label="价税合计">{preview?.total ?? '—'}</strong></div>
        <div className="words">{preview?.totalInWords ?? ''}</div>
        <div className="orderno">流水号 {orderNo}</div>
        {result === undefined ? (
          <button type="button" className="issue" onClick={() => void issue()} disabled={busy}>
            开具发票 (F9)
          </button>
        ) : (
          <button type="button" className="issue" onClick={nextSale}>
            下一单
          </button>
        )}
        {errors.length > 0 && (
          <ul className="errors" aria-label="错误">
            {errors.filter((e) => !e.path?.startsWith('lines[') && e.path !== 'buyer.name' && e.path !== 'buyer.taxId' && e.path !== 'lines').map((e) => (
              <li key={`${e.code}${e.path ?? ''}`}>{e.message_zh}</li>
            ))}
          </ul>
        )}
      </section>

      {result && (
        <section className={`result ${result.status}`} role="status" aria-label="开票结果">
          <div className="state" aria-label="发票状态">{STATUS_LABEL[result.status]}</div>
          {result.number && <div aria-label="发票号码">发票号码 {result.number}</div>}
          {result.status === 'rejected' && <div>被拒原因：{result.rejectMessage}</div>}
          {result.status !== 'issued' && result.status !== 'rejected' && <div>网络恢复后自动上传，可先为顾客打印小票。</div>}
        </section>
      )}
    </main>
  );
}
