import { FapiaoError, appError, callNames, calls, type CallName, type CallRole } from '../../contract/index.ts';
import type { Handlers, SessionHandlers } from '../handlers/context.ts';
import { LOCAL_ACTOR, MANAGER_IDLE_MS, managerHeld, signedIn, type CallSession, type Session } from './session.ts';

export interface BindDeps {
  now: () => number;
  /** A manager with a PIN exists; until then (first run) the manager's calls are open, as the wizard needs. */
  managerExists: () => boolean;
}

/**
 * The one place that decides who may make a call: each call's `role` in the contract, checked against the
 * session, and the actor handlers record. Returns the session's handlers in the one-argument shape every
 * dispatcher and in-process caller uses.
 */
export function bindSession(handlers: SessionHandlers, session: Session, deps: BindDeps): Handlers {
  const bound: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    const handler = handlers[name] as (request: unknown, session: CallSession) => Promise<unknown>;
    bound[name] = async (request) => handler(request, authorize(name, session, deps));
  }
  return bound as Handlers;
}

function authorize(name: CallName, s: Session, { now, managerExists }: BindDeps): CallSession {
  if (s.local) return { actor: LOCAL_ACTOR, isManager: true, local: true, state: s };
  const at = now();
  const role = calls[name].role as CallRole;
  const manager = managerHeld(s, at);
  // Asked only when it matters, so the cashier's calls stay one statement cheaper.
  const isManager = (): boolean => manager !== undefined || !managerExists();
  if (role === 'it') throw refused('IT_ONLY', '此操作只能由门店 IT 在本机命令行执行', 'Only the store’s IT can do this, from the command line on the till');
  if (role === 'manager') {
    if (!isManager()) throw refused('MANAGER_PIN_REQUIRED', '此操作需要店长 PIN，请先在“店长”页输入', 'This needs the manager’s PIN: enter it on the Manager screen');
    // Idle timeout: each manager call keeps the rights; none for MANAGER_IDLE_MS ends them.
    if (manager !== undefined) s.managerUntil = at + MANAGER_IDLE_MS;
    return { actor: manager?.id ?? s.cashier?.id ?? 'setup', isManager: true, local: false, state: s };
  }
  if (role === 'cashier' && !signedIn(s, at))
    throw refused('SIGN_IN_REQUIRED', '请先登录收银员（交接班）', 'Sign in as the cashier for this shift first');
  return {
    actor: s.cashier?.id ?? manager?.id ?? 'anonymous',
    get isManager() {
      return isManager();
    },
    local: false,
    state: s,
  };
}

function refused(code: string, zh: string, en: string): FapiaoError {
  return new FapiaoError([appError(code, zh, en)]);
}
