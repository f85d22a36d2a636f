import { z } from 'zod';
import { Empty } from './calls-app.ts';
import { Pin, PinVerdictSchema, StaffSchema } from './calls-settings.ts';

const StaffRefSchema = z.object({ id: z.string(), name: z.string() });

/**
 * Who this window (or browser tab) is acting as. Every actor core records comes from here, never from a
 * request: the cashier signed in for the shift, the manager after the manager's PIN.
 */
export const SessionInfoSchema = z.object({
  cashier: StaffRefSchema.optional(),
  /** Held manager rights, until `managerUntil` (ms since the epoch; renewed by each manager call). */
  manager: StaffRefSchema.optional(),
  managerUntil: z.number().int().optional(),
  /** A manager with a PIN exists: until then (first run) the manager's calls are open. */
  managerExists: z.boolean(),
  /** The store asks cashiers for their PIN at sign-in (store.cashierPinRequired). */
  cashierPinRequired: z.boolean(),
  /** Who may sign in (active staff); no PIN or hash, ever. */
  staff: z.array(StaffSchema),
  language: z.enum(['zh-CN', 'en']),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const sessionCalls = {
  sessionInfo: { role: 'public', request: Empty, response: SessionInfoSchema },
  /** Shift start: the cashier is who every sale in this session is recorded under (PIN as the store requires). */
  signIn: {
    role: 'public',
    request: z.object({ id: z.string().min(1).max(40), pin: z.string().max(16).optional() }).strict(),
    response: SessionInfoSchema,
  },
  /** 交班: the cashier and any manager rights leave this session. */
  signOut: { role: 'public', request: Empty, response: SessionInfoSchema },
  /** 锁定: ends the manager's rights in this session now (the cashier stays signed in). */
  lockManager: { role: 'public', request: Empty, response: SessionInfoSchema },
  /** Sets a new PIN with the current one (a manager's short PIN must be changed so); counted like verifyPin. */
  changePin: {
    role: 'public',
    request: z.object({ id: z.string().min(1).max(40), pin: z.string().max(16), newPin: Pin }).strict(),
    response: PinVerdictSchema,
  },
  /** Lifts a PIN lock (a staff id, or `role:manager`): another manager, or IT with `fapiao staff unlock`. */
  unlockStaff: {
    role: 'manager',
    request: z.object({ target: z.string().min(1).max(60) }).strict(),
    response: z.array(StaffSchema),
  },
} as const;
