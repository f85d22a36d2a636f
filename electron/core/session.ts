import { appError, type CallName } from '../contract/index.ts';
import type { Core } from './core.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { sql } from './store/db.ts';

/** The manager's calls: open to one session (a window, a browser tab) only after the manager's PIN. */
const MANAGER_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'saveStaff',
  'saveSettings',
  'setChannelSecret',
  'cancelInvoice',
  'requestRedInvoice',
  'resubmitRejected',
  'confirmClock',
  'recordZReport',
  'backupNow',
]);

/** What a cashier may change in the settings without the manager: the first-run banner and the language. */
const CASHIER_SETTINGS = new Set(['firstRunDone', 'language', 'actor']);

const MANAGER_SESSION_MS = 15 * 60_000;

function managerPinSet(core: Core): boolean {
  return sql(core.db, "SELECT 1 FROM staff WHERE role = 'manager' AND active = 1 AND pin_hash IS NOT NULL LIMIT 1").get() !== undefined;
}

/**
 * One session's dispatcher (the Electron window, or one browser connection to the host). The manager's
 * calls are refused with MANAGER_PIN_REQUIRED until this session has passed the manager's PIN
 * (verifyPin, role manager), for 15 minutes; the renderer's PIN screen is then not the only gate.
 * Before any manager PIN exists (first run) they are open, and the session that sets it is signed in.
 */
export function createSessionDispatcher(core: Core, log?: (msg: string) => void, now: () => number = Date.now): Dispatch {
  const dispatch = createDispatcher(core.handlers, log);
  let managerUntil = 0;
  return async (name, payload) => {
    const guarded =
      MANAGER_CALLS.has(name as CallName) &&
      !(name === 'saveSettings' && typeof payload === 'object' && payload !== null && Object.keys(payload).every((k) => CASHIER_SETTINGS.has(k)));
    const open = !managerPinSet(core);
    if (guarded && !open && managerUntil < now())
      return {
        ok: false,
        errors: [appError('MANAGER_PIN_REQUIRED', '此操作需要店长 PIN，请先在“店长”页输入', 'This needs the manager’s PIN: enter it on the Manager screen')],
      };
    const reply = await dispatch(name, payload);
    const verifiedManager =
      name === 'verifyPin' &&
      reply.ok &&
      (payload as { role?: string }).role !== 'cashier' &&
      (reply.value as { ok?: boolean; staff?: { role?: string } }).staff?.role === 'manager' &&
      (reply.value as { ok?: boolean }).ok === true;
    if (verifiedManager || (guarded && open && reply.ok && managerPinSet(core))) managerUntil = now() + MANAGER_SESSION_MS;
    return reply;
  };
}
