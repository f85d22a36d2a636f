import { MANAGER_PIN_MIN_DIGITS } from '../../../electron/contract/calls-settings.ts';
import type { Vars } from '../i18n/index.ts';

/** The manager's PIN as core requires it (PIN_TOO_SHORT otherwise): checked on screen first to say so at once. */
export const MANAGER_PIN = new RegExp(`^\\d{${MANAGER_PIN_MIN_DIGITS},12}$`);
export const MANAGER_PIN_RULE = '店长密码须为 6–12 位数字，两次输入一致';

/** Why core did not accept a PIN (verifyPin / changePin said not ok), in the screen's words. */
export function pinRefusal(r: { locked?: boolean; retryAfterMs?: number }, t: (zh: string, vars?: Vars) => string): string {
  if (r.locked) return t('已锁定，请另一位店长或门店 IT 解锁');
  if (r.retryAfterMs !== undefined) return t('请 {s} 秒后再试', { s: Math.ceil(r.retryAfterMs / 1000) });
  return t('密码不正确');
}
