import type { QueueStatus } from '../contract/index.ts';

/** The tray's tooltip for the queue state: what a cashier or IT person needs at a glance. */
export function trayTooltip(s: QueueStatus | undefined): string {
  if (!s) return 'Fapiao POS 发票收银 — 启动中 (starting)';
  const net = s.online ? '在线 online' : '离线 offline';
  const parts = [`Fapiao POS — ${net}`, `待上传 pending: ${s.pending}`];
  if (s.rejected > 0) parts.push(`被拒 rejected: ${s.rejected}`);
  if (s.oldestPendingAgeMs !== undefined && s.pending > 0) parts.push(`最早 oldest: ${Math.round(s.oldestPendingAgeMs / 60_000)} min`);
  return parts.join('\n');
}

/** Which tray icon to show: all sent, something waiting, or something needing action. */
export function trayLevel(s: QueueStatus | undefined): 'ok' | 'pending' | 'attention' {
  if (!s) return 'pending';
  if (s.rejected > 0) return 'attention';
  if (s.pending > 0 || !s.online) return 'pending';
  return 'ok';
}
