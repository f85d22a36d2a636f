import nodemailer from 'nodemailer';
import type { InvoiceView } from '../contract/index.ts';
import type { AppConfig } from './config.ts';
import type { SecretStore } from './secrets.ts';

/**
 * E-mails an issued invoice to the buyer through the store's SMTP server: the platform's number, date,
 * amounts and QR content in the body. The password comes from the secret store and is never logged.
 */
export async function sendInvoiceMail(mail: NonNullable<AppConfig['mail']>, secrets: SecretStore, invoice: InvoiceView, to: string, seller: string): Promise<void> {
  const password = mail.user === undefined ? undefined : await secrets.get('mail.password');
  const transport = nodemailer.createTransport({
    host: mail.host,
    port: mail.port,
    secure: mail.secure,
    ...(mail.user !== undefined && password !== undefined ? { auth: { user: mail.user, pass: password } } : {}),
    connectionTimeout: 10_000,
  });
  const issued = invoice.issuedAt === undefined ? '' : new Date(invoice.issuedAt).toISOString().slice(0, 10);
  const text = [
    `${invoice.buyerName}：`,
    '',
    `${seller} 为您开具的电子发票已开具。`,
    `发票号码：${invoice.number ?? ''}`,
    `开票日期：${issued}`,
    `价税合计：¥${invoice.invoice.total}（${invoice.invoice.totalInWords}）`,
    `二维码内容：${invoice.qr ?? ''}`,
    '',
    '可在国家税务总局全国增值税发票查验平台查验。',
  ].join('\n');
  try {
    await transport.sendMail({ from: mail.from, to, subject: `电子发票 ${invoice.number ?? invoice.orderNo} · ${seller}`, text });
  } finally {
    transport.close();
  }
}
