import { MANAGER_PIN_MIN_DIGITS, type PinVerdict } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { verifyPin } from '../store/settings.ts';

export type { PinVerdict };

/**
 * How wrong PINs in a row slow down and then stop: the first `free` cost nothing, each further one pauses
 * every check of that target for the next step; one more after the last pause locks it until another
 * manager or the store's IT lifts it.
 */
export interface PinSchedule {
  free: number;
  pausesMs: readonly number[];
}
/** Staff PINs (4+ digits): 4 free, then 30 s, 1 min, 5 min, then locked — 8 guesses in all. */
export const STAFF_PINS: PinSchedule = { free: 4, pausesMs: [30_000, 60_000, 5 * 60_000] };
/** The tax UKey's PIN: a typo is free, then the same pauses; the key's own counter (≤ 2 left) is guarded apart. */
export const UKEY_PINS: PinSchedule = { free: 1, pausesMs: [30_000, 60_000, 5 * 60_000] };

/** Whose counter a check counts against: the person named, or the role when none is (`role:manager`). */
export function pinTarget(role: 'cashier' | 'manager', id?: string): string {
  return id ?? `role:${role}`;
}

export interface TargetState {
  failures: number;
  pausedUntil: number;
  locked: boolean;
}

/** Every PIN check of the till (sign-in, the manager's PIN, approvals at the till, the UKey's app-level limit). */
export interface PinGuard {
  /** Checks a staff PIN; `actor` is who the session says is asking (for the audit of failures). */
  verify(pin: string, role: 'cashier' | 'manager', id: string | undefined, actor: string): PinVerdict;
  /** The pause or lock on a target now, before trying (also for the UKey: target `ukey`). */
  blocked(target: string): { retryAfterMs?: number; locked?: boolean } | undefined;
  /** Counts one failure against a target (pauses, then the lock) and audits it. */
  fail(target: string, actor: string, data?: Record<string, unknown>, schedule?: PinSchedule): { retryAfterMs?: number; locked?: boolean };
  /** A success: this target's counter only. */
  succeed(target: string): void;
  /** Lifts a lock or pause (audited); false when there was none. */
  unlock(target: string, actor: string): boolean;
  state(target: string): TargetState | undefined;
  lockedTargets(): Set<string>;
}

interface Row {
  failures: number;
  paused_until: number;
  locked: number;
}

/**
 * Guessing a 4-digit PIN must be slow and then stop: failures are counted per target in the database
 * (pin_failures, migration 006), so neither a restart nor a success for someone else resets them.
 */
export function createPinGuard(db: Db, now: () => number): PinGuard {
  const get = db.prepare<[string], Row>('SELECT failures, paused_until, locked FROM pin_failures WHERE target = ?');
  const put = db.prepare<[string, number, number, number, number]>(
    `INSERT INTO pin_failures (target, failures, paused_until, locked, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (target) DO UPDATE SET failures = excluded.failures, paused_until = excluded.paused_until,
       locked = excluded.locked, updated_at = excluded.updated_at`,
  );
  const clear = db.prepare<[string]>('DELETE FROM pin_failures WHERE target = ?');

  const blocked: PinGuard['blocked'] = (target) => {
    const row = get.get(target);
    if (row === undefined) return undefined;
    if (row.locked === 1) return { locked: true };
    const left = row.paused_until - now();
    return left > 0 ? { retryAfterMs: left } : undefined;
  };

  const fail: PinGuard['fail'] = (target, actor, data = {}, schedule = STAFF_PINS) =>
    db.transaction(() => {
      const at = now();
      const failures = (get.get(target)?.failures ?? 0) + 1;
      const step = failures - schedule.free;
      const locked = step > schedule.pausesMs.length;
      const pause = step >= 1 && !locked ? schedule.pausesMs[step - 1]! : 0;
      put.run(target, failures, at + pause, locked ? 1 : 0, at);
      appendAudit(db, at, actor, 'staff.pin_failed', target, { ...data, failures });
      if (locked) appendAudit(db, at, actor, 'staff.pin_locked', target, { failures });
      return locked ? { locked: true } : pause > 0 ? { retryAfterMs: pause } : {};
    }).immediate();

  const succeed: PinGuard['succeed'] = (target) => {
    if (get.get(target) !== undefined) clear.run(target);
  };

  return {
    verify(pin, role, id, actor) {
      const target = pinTarget(role, id);
      const stop = blocked(target);
      if (stop) return { ok: false, ...stop };
      const staff = verifyPin(db, pin, role, id);
      if (staff === undefined) return { ok: false, ...fail(target, actor, { role }) };
      // A role-wide check that finds a person whose own counter is locked or paused does not get round it.
      const own = target === staff.id ? undefined : blocked(staff.id);
      if (own) return { ok: false, ...own };
      succeed(target);
      if (staff.role === 'manager' && pin.length < MANAGER_PIN_MIN_DIGITS) return { ok: false, staff, mustChangePin: true };
      return { ok: true, staff };
    },
    blocked,
    fail,
    succeed,
    unlock(target, actor) {
      return db.transaction(() => {
        if (get.get(target) === undefined) return false;
        clear.run(target);
        appendAudit(db, now(), actor, 'staff.unlocked', target, {});
        return true;
      }).immediate();
    },
    state(target) {
      const row = get.get(target);
      return row === undefined ? undefined : { failures: row.failures, pausedUntil: row.paused_until, locked: row.locked === 1 };
    },
    lockedTargets() {
      return new Set(db.prepare<[], { target: string }>('SELECT target FROM pin_failures WHERE locked = 1').all().map((r) => r.target));
    },
  };
}
