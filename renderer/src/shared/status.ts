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

/** "5 分钟" / "2 小时" for the oldest unsent invoice. */
export function ageText(ms: number, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const s = Math.floor(ms / 1000);
  const [n, unit] = s < 60 ? [s, lang === 'en' ? 's' : ' 秒'] : s < 3600 ? [Math.floor(s / 60), lang === 'en' ? ' min' : ' 分钟'] : [Math.floor(s / 3600), lang === 'en' ? ' h' : ' 小时'];
  return `${n}${unit}`;
}

export const pad2 = (n: number) => String(n).padStart(2, '0');
export const dateTimeText = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
};
