import type { InvoiceStatus } from '../../../electron/contract/index.ts';

/** What the cashier reads for each state: 待上传 covers everything not yet answered by the platform. */
export const STATUS_LABEL: Record<InvoiceStatus, string> = {
  queued: '待上传',
  submitting: '待上传',
  retry: '待上传',
  issued: '已开具',
  rejected: '被拒',
  cancelled: '已作废',
};

export function newOrderNo(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `POS${stamp}${rand}`.toUpperCase();
}
