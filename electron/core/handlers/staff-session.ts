import { FapiaoError, MANAGER_PIN_MIN_DIGITS, appError, type AppError, type PinVerdict, type SessionInfo, type sessionCalls } from '../../contract/index.ts';
import { endManager, grantManager, managerHeld, type Session } from '../auth/session.ts';
import { appendAudit } from '../store/audit.ts';
import { listStaff, managerExists, readScreenSettings, saveStaff } from '../store/settings.ts';
import type { CoreContext, HandlersFor } from './context.ts';

/** A manager's PIN has at least MANAGER_PIN_MIN_DIGITS digits (a cashier's: 4, the contract's minimum). */
export function assertPinPolicy(role: 'cashier' | 'manager', pin: string, path: string): void {
  if (role === 'manager' && pin.length < MANAGER_PIN_MIN_DIGITS)
    throw new FapiaoError([
      appError('PIN_TOO_SHORT', `店长 PIN 至少 ${MANAGER_PIN_MIN_DIGITS} 位数字`, `The manager’s PIN needs at least ${MANAGER_PIN_MIN_DIGITS} digits`, path),
    ]);
}

/** Why a PIN check did not pass, as an error a screen shows (sign-in, approvals). */
export function pinRefusal(verdict: PinVerdict, path: string): AppError {
  if (verdict.locked) return appError('PIN_LOCKED', 'PIN 错误次数过多，已锁定：请另一位店长或门店 IT 解锁', 'Too many wrong PINs: locked until another manager or the store’s IT unlocks it', path);
  if (verdict.retryAfterMs !== undefined) {
    const s = Math.ceil(verdict.retryAfterMs / 1000);
    return appError('PIN_PAUSED', `PIN 错误次数过多，请 ${s} 秒后再试`, `Too many wrong PINs: try again in ${s} s`, path);
  }
  if (verdict.mustChangePin) return appError('PIN_CHANGE_REQUIRED', '店长 PIN 少于 6 位，请先设置新的 PIN', 'The manager’s PIN is shorter than 6 digits: set a new one first', path);
  return appError('PIN_WRONG', 'PIN 不正确', 'Wrong PIN', path);
}

/** Shift sign-in and sign-out, the manager's 锁定, PIN changes and unlocks: who this session is acting as. */
export function staffSessionHandlers({ db, now, pins }: CoreContext): HandlersFor<keyof typeof sessionCalls> {
  const info = (s: Session): SessionInfo => {
    const manager = managerHeld(s, now());
    const screen = readScreenSettings(db);
    const staff = listStaff(db).filter((p) => p.active);
    const out: SessionInfo = {
      managerExists: managerExists(db),
      cashierPinRequired: screen.store.cashierPinRequired === true,
      staff,
      language: screen.language,
    };
    if (s.cashier) out.cashier = s.cashier;
    if (manager) out.manager = manager;
    if (manager && Number.isFinite(s.managerUntil)) out.managerUntil = s.managerUntil;
    return out;
  };
  const audit = (actor: string, type: string, subject: string, data: unknown = {}) =>
    db.transaction(() => appendAudit(db, now(), actor, type, subject, data)).immediate();
  const person = (id: string) => {
    const found = listStaff(db).find((p) => p.id === id && p.active);
    if (!found) throw new FapiaoError([appError('STAFF_NOT_FOUND', '没有这位在职员工', 'No active staff member with this ID', 'id')]);
    return found;
  };

  return {
    sessionInfo: async (_req, { state }) => info(state),
    signIn: async ({ id, pin }, { state, actor }) => {
      const who = person(id);
      const required = readScreenSettings(db).store.cashierPinRequired === true;
      if (required && !who.hasPin)
        throw new FapiaoError([appError('CASHIER_PIN_NOT_SET', '本店要求收银员凭 PIN 登录：请店长先为此人设置 PIN', 'This store signs cashiers in with a PIN: the manager must set one first', 'id')]);
      if (who.hasPin || pin !== undefined) {
        if (pin === undefined) throw new FapiaoError([appError('PIN_REQUIRED', '请输入 PIN', 'Enter the PIN', 'pin')]);
        const verdict = pins.verify(pin, 'cashier', id, actor);
        if (!verdict.ok) throw new FapiaoError([pinRefusal(verdict, 'pin')]);
      }
      // A new person at the till: whoever held the manager's rights here does not hand them over.
      endManager(state);
      state.cashier = { id: who.id, name: who.name };
      audit(who.id, 'staff.signed_in', who.id, { session: state.id });
      return info(state);
    },
    signOut: async (_req, { state }) => {
      if (state.cashier) audit(state.cashier.id, 'staff.signed_out', state.cashier.id, { session: state.id });
      delete state.cashier;
      endManager(state);
      return info(state);
    },
    lockManager: async (_req, { state }) => {
      const held = managerHeld(state, now());
      if (held) audit(held.id, 'manager.locked', held.id, { session: state.id });
      endManager(state);
      return info(state);
    },
    changePin: async ({ id, pin, newPin }, { state, actor }) => {
      const who = person(id);
      assertPinPolicy(who.role, newPin, 'newPin');
      if (newPin === pin) throw new FapiaoError([appError('PIN_SAME', '新 PIN 不能与原 PIN 相同', 'The new PIN must differ from the old one', 'newPin')]);
      const verdict = pins.verify(pin, 'cashier', id, actor);
      if (!verdict.ok && !verdict.mustChangePin) return verdict;
      db.transaction(() => {
        saveStaff(db, { id: who.id, name: who.name, role: who.role, pin: newPin, active: true });
        appendAudit(db, now(), who.id, 'staff.pin_changed', who.id, {});
      }).immediate();
      if (who.role === 'manager') grantManager(state, who, now());
      return { ok: true, staff: { ...who, hasPin: true } };
    },
    unlockStaff: async ({ target }, { state, actor, local }) => {
      // Only another manager (or IT): a locked manager cannot lift their own lock from a session opened before it.
      if (!local && target === managerHeld(state, now())?.id)
        throw new FapiaoError([appError('UNLOCK_SELF', '不能为自己解锁，请另一位店长或门店 IT 操作', 'You cannot unlock yourself: ask another manager or the store’s IT', 'target')]);
      pins.unlock(target, actor);
      return listStaff(db);
    },
  };
}
