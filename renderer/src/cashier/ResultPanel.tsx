import { useState } from 'react';
import type { InvoiceView } from '../../../electron/contract/index.ts';
import { FapiaoError } from '../../../electron/contract/errors.ts';
import { STATUS_LABEL } from '../shared/status.ts';
import { useT } from '../i18n/react.ts';

/** The answer, at once: 待上传 / 已开具 with its number / 被拒 with the reason and what to do next. */
export function ResultPanel({ invoice, email }: { invoice: InvoiceView; email: string }) {
  const t = useT();
  const [to, setTo] = useState(email);
  const [sent, setSent] = useState('');
  const send = async () => {
    try {
      const r = await window.fapiao.requestEmailDelivery({ orderNo: invoice.orderNo, email: to.trim() });
      setSent(r.delivery === 'sent' ? t('邮件已发出') : t('已登记发送请求'));
    } catch (e) {
      setSent(e instanceof FapiaoError ? (e.errors[0]?.message_zh ?? '') : '请填写正确的邮箱');
    }
  };
  return (
    <section className={`result ${invoice.status}`} aria-label="开票结果">
      <div className="result-main" role="status">
        <div className="state" aria-label="发票状态">
          {t(STATUS_LABEL[invoice.status])}
        </div>
        {invoice.number && <div aria-label="发票号码">{t('发票号码')} {invoice.number}</div>}
        {invoice.status === 'rejected' && (
          <div aria-label="被拒原因">
            {t('被拒原因')}：{invoice.rejectMessage ?? invoice.rejectCode}。{t('请店长在「被拒发票」中修改后重新提交。')}
          </div>
        )}
        {(invoice.status === 'queued' || invoice.status === 'submitting' || invoice.status === 'retry') && (
          <div>{t('已保存在本机，网络恢复后自动上传。可先打印小票，顾客凭流水号扫码领取发票。')}</div>
        )}
        <div className="row">
          <button type="button" onClick={() => window.print()}>
            {t('打印小票')}
          </button>
          {invoice.status === 'issued' && (
            <>
              <input aria-label="发票接收邮箱" type="email" placeholder="name@example.com" value={to} onChange={(e) => setTo(e.target.value)} />
              <button type="button" onClick={() => void send()}>
                {t('发送邮件')}
              </button>
            </>
          )}
          {sent && <span role="status">{sent}</span>}
        </div>
      </div>
    </section>
  );
}
