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

const COLORS: Record<ReturnType<typeof trayLevel>, [number, number, number]> = {
  ok: [0x2e, 0x9d, 0x4f],
  pending: [0xe0, 0x9b, 0x16],
  attention: [0xd1, 0x34, 0x38],
};

/**
 * A 16×16 BGRA bitmap (nativeImage.createFromBitmap): a filled disc in the level's colour. Drawn in code
 * so the tray needs no image files inside or outside the asar.
 */
export function trayBitmap(level: ReturnType<typeof trayLevel>, size = 16): Buffer {
  const [r, g, b] = COLORS[level];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = d <= c - 0.5 ? 255 : d <= c + 0.5 ? Math.round(255 * (c + 0.5 - d)) : 0;
      const i = (y * size + x) * 4;
      buf[i] = b;
      buf[i + 1] = g;
      buf[i + 2] = r;
      buf[i + 3] = alpha;
    }
  return buf;
}
