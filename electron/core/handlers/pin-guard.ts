import type { Staff } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { verifyPin } from '../store/settings.ts';

export interface PinVerdict {
  ok: boolean;
  staff?: Staff;
  /** Checks are paused after too many wrong PINs: how long is left (ms). */
  retryAfterMs?: number;
}

/** Every PIN check of the till (the PIN screens, a manager's approval at the till), with one lockout. */
export interface PinGuard {
  verify(pin: string, role: 'cashier' | 'manager', id?: string): PinVerdict;
}

/** Guessing a 4-digit PIN must be slow: 5 wrong in a row pause every check for 30 s; each failure is audited. */
export function createPinGuard(db: Db, now: () => number): PinGuard {
  let failures = 0;
  let pausedUntil = 0;
  return {
    verify(pin, role, id) {
      const at = now();
      if (at < pausedUntil) return { ok: false, retryAfterMs: pausedUntil - at };
      const staff = verifyPin(db, pin, role, id);
      if (staff) {
        failures = 0;
        return { ok: true, staff };
      }
      db.transaction(() => appendAudit(db, at, id ?? 'unknown', 'staff.pin_failed', 'settings', { role }))();
      if (++failures >= 5) {
        failures = 0;
        pausedUntil = at + 30_000;
        return { ok: false, retryAfterMs: 30_000 };
      }
      return { ok: false };
    },
  };
}
