import { randomUUID } from 'node:crypto';

export interface StaffRef {
  id: string;
  name: string;
}

/**
 * One window's (or browser tab's) identity, owned by its dispatcher: the cashier signed in for the shift and
 * the manager's rights after the manager's PIN. Every actor core records comes from here, never from a request.
 */
export interface Session {
  readonly id: string;
  /** The in-process session (CLI, tests, the shell itself): the store's IT, with every role. */
  readonly local: boolean;
  cashier?: StaffRef;
  manager?: StaffRef;
  /** Manager rights lapse at this time unless a manager call renews them (idle timeout). */
  managerUntil: number;
}

/** What a handler learns about who is calling: its second argument. */
export interface CallSession {
  /** Recorded as the actor: the manager for manager calls, else the signed-in cashier; `it` for the local session. */
  readonly actor: string;
  /** Manager rights held now (the local IT session holds them; so does a first-run session before any manager exists). */
  readonly isManager: boolean;
  readonly local: boolean;
  readonly state: Session;
}

/** Manager rights end after this long without a manager call, as if 锁定 had been pressed. */
export const MANAGER_IDLE_MS = 5 * 60_000;
/** The actor the local session records (CLI, IT's maintenance). */
export const LOCAL_ACTOR = 'it';

export function createSession(): Session {
  return { id: randomUUID(), local: false, managerUntil: 0 };
}

export function createLocalSession(): Session {
  return { id: 'local', local: true, managerUntil: Number.POSITIVE_INFINITY };
}

/** Manager rights held at `at`; lapsed ones are dropped so every view of the session agrees. */
export function managerHeld(s: Session, at: number): StaffRef | undefined {
  if (s.manager !== undefined && s.managerUntil <= at) endManager(s);
  return s.manager;
}

/** Someone answers for this session: a cashier signed in, or the manager's rights held (what cashier calls need). */
export function signedIn(s: Session, at: number): boolean {
  return s.local || s.cashier !== undefined || managerHeld(s, at) !== undefined;
}

export function grantManager(s: Session, who: StaffRef, at: number): void {
  s.manager = { id: who.id, name: who.name };
  s.managerUntil = at + MANAGER_IDLE_MS;
}

export function endManager(s: Session): void {
  delete s.manager;
  s.managerUntil = 0;
}
