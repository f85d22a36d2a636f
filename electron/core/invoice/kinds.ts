/**
 * Invoice kinds (docs/invoice-rules.md §2.1): each interface numbers them differently, so they are mapped here,
 * explicitly, once.
 */
export type InvoiceType = 'normal' | 'special';

export interface InvoiceKind {
  /** Official name to display. */
  zh: string;
  en: string;
  /** 乐企 fppz, 数电 XML LabelCode, Odoo. */
  fppz: '01' | '02';
  /** 查验 fplx. */
  fplx: '81' | '82';
  /** Type field in the invoice QR code. */
  qr: '31' | '32';
  /** Baiwang invoiceTypeCode (全电). */
  baiwang: '01' | '02';
  /** Nuonuo invoiceLine. */
  nuonuo: 'bs' | 'pc';
}

export const INVOICE_KINDS: Readonly<Record<InvoiceType, InvoiceKind>> = {
  normal: { zh: '电子发票（普通发票）', en: 'e-invoice (normal VAT invoice)', fppz: '02', fplx: '82', qr: '32', baiwang: '02', nuonuo: 'pc' },
  special: { zh: '电子发票（增值税专用发票）', en: 'e-invoice (special VAT invoice)', fppz: '01', fplx: '81', qr: '31', baiwang: '01', nuonuo: 'bs' },
};
