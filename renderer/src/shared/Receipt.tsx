import type { InvoiceView } from '../../../electron/contract/index.ts';
import { STATUS_LABEL, dateTimeText } from './status.ts';
import { Qr } from './Qr.tsx';
import { ratePercent, sumMoney } from './money.ts';

/** What the till prints (80 mm): issued → the platform's QR; queued → a QR to claim the invoice later. */
export function Receipt({ invoice, seller, copyNo }: { invoice: InvoiceView; seller: { name: string; taxId: string }; copyNo?: number }) {
  const issued = invoice.status === 'issued';
  const claim = `FAPIAO:CLAIM?seller=${seller.taxId}&order=${invoice.orderNo}`;
  return (
    <article className="receipt print-area" aria-label="小票">
      {copyNo !== undefined && <div className="copy-mark" aria-label="副本标记">副本 {copyNo}</div>}
      <h2>{seller.name}</h2>
      <div className="small">销售方税号 {seller.taxId}</div>
      <div className="small">流水号 {invoice.orderNo}</div>
      <div className="small">时间 {dateTimeText(invoice.createdAt)}</div>
      <div className="small">购买方 {invoice.buyerName}{invoice.buyerTaxId ? ` ${invoice.buyerTaxId}` : ''}</div>
      {invoice.kind === 'red' && <div className="red-mark">红字发票</div>}
      <table>
        <tbody>
          {invoice.invoice.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {l.itemName}
                {l.quantity ? ` ×${l.quantity}` : ''}
              </td>
              <td className="num">{addTax(l.amount, l.tax)}</td>
              <td className="num small">{ratePercent(l.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row-between">
        <span>税额</span>
        <span>{invoice.invoice.totalTax}</span>
      </div>
      <div className="row-between big">
        <span>价税合计</span>
        <span>¥{invoice.invoice.total}</span>
      </div>
      <div className="small">{invoice.invoice.totalInWords}</div>
      <div className="receipt-state">{STATUS_LABEL[invoice.status]}</div>
      {issued && invoice.number && <div>发票号码 {invoice.number}</div>}
      {issued && invoice.qr ? (
        <figure>
          <Qr text={invoice.qr} label="发票二维码" />
          <figcaption className="small">扫码查验发票</figcaption>
        </figure>
      ) : (
        invoice.status !== 'cancelled' && (
          <figure>
            <Qr text={claim} label="领票二维码" />
            <figcaption className="small">发票上传后扫码领取（流水号 {invoice.orderNo}）</figcaption>
          </figure>
        )
      )}
    </article>
  );
}

const addTax = (amount: string, tax: string) => sumMoney([amount, tax]);
