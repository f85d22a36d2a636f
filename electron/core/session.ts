import type { Core } from './core.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { createSession, type Session } from './auth/session.ts';

/**
 * One session's dispatcher (the Electron window, or one browser connection to the host): a session of its
 * own (auth/session.ts) that knows the cashier signed in and whether the manager's PIN was passed, so every
 * call is checked against its contract role and every actor recorded comes from here (auth/bind.ts).
 */
export function createSessionDispatcher(core: Core, log?: (msg: string) => void, session: Session = createSession()): Dispatch {
  return createDispatcher(core.bindSession(session), log);
}
