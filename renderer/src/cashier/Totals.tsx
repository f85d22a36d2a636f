import type { ReactNode } from 'react';
import type { AppError, ComputedInvoice } from '../../../electron/contract/index.ts';
import { ratePercent, sumMoney } from '../shared/money.ts';
import { useT } from '../i18n/react.ts';

/** Tax by rate from the computed lines (discount lines included), summed exactly in fen. */
function byRate(inv: ComputedInvoice): Array<{ rate: string; amount: string; tax: string }> {
  const rates = [...new Set(inv.lines.map((l) => l.rate))];
  return rates.map((rate) => {
    const ls = inv.lines.filter((l) => l.rate === rate);
    return { rate, amount: sumMoney(ls.map((l) => l.amount)), tax: sumMoney(ls.map((l) => l.tax)) };
  });
}

export function Totals({ preview, orderNo, errors, children }: { preview: ComputedInvoice | undefined; orderNo: string; errors: AppError[]; children: ReactNode }) {
  const t = useT();
  return (
    <section className="totals panel" aria-label="合计">
      <div className="row-between">
        {t('合计金额')} <strong aria-label="合计金额">{preview?.totalAmount ?? '—'}</strong>
      </div>
      <div className="row-between">
        {t('合计税额')} <strong aria-label="合计税额">{preview?.totalTax ?? '—'}</strong>
      </div>
      {preview && preview.lines.length > 0 && (
        <table className="by-rate" aria-label={t('按税率')}>
          <tbody>
            {byRate(preview).map((r) => (
              <tr key={r.rate}>
                <td>{ratePercent(r.rate)}</td>
                <td className="num">{r.amount}</td>
                <td className="num">{r.tax}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row-between grand">
        {t('价税合计')} <strong aria-label="价税合计">{preview?.total ?? '—'}</strong>
      </div>
      <div className="words">{preview?.totalInWords ?? ''}</div>
      <div className="orderno">
        {t('流水号')} {orderNo}
      </div>
      {children}
      {errors.length > 0 && (
        <ul className="errors" aria-label="错误">
          {errors.map((e) => (
            <li key={`${e.code}${e.path ?? ''}`} role="alert">
              {e.message_zh}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
