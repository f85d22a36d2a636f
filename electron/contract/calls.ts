import type { z } from 'zod';
import type { CallRole } from './roles.ts';
import { appCalls } from './calls-app.ts';
import { invoiceCalls } from './calls-invoice.ts';
import { InvoiceViewSchema } from './invoice.ts';
import { QueueStatusSchema } from './queue.ts';
import { queueCalls } from './calls-queue.ts';
import { catalogCalls } from './calls-catalog.ts';
import { reportCalls } from './calls-report.ts';
import { settingsCalls } from './calls-settings.ts';
import { sessionCalls } from './calls-session.ts';
import { SignerStatusSchema, signerCalls } from './calls-signer.ts';

/**
 * The one contract: every call the renderer can make, with its request and response schemas,
 * grouped by domain (calls-*.ts). Main (IPC), preload, the headless host, the CLI and the renderer
 * all import this map. A new capability: schema and role in a calls-*.ts, handler in core/handlers, UI in renderer.
 * Each call's `role` (contract/roles.ts) says who may make it; core enforces it in one place (auth/bind.ts).
 */
export const calls = {
  ...appCalls,
  ...invoiceCalls,
  ...queueCalls,
  ...catalogCalls,
  ...reportCalls,
  ...settingsCalls,
  ...signerCalls,
  ...sessionCalls,
} as const satisfies Record<string, { role: CallRole; request: z.ZodType; response: z.ZodType }>;

/** Pushed from main to the renderer; the UI is told, it never polls. */
export const events = {
  invoiceUpdated: InvoiceViewSchema,
  queueChanged: QueueStatusSchema,
  signerChanged: SignerStatusSchema,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
export type CallParsedRequest<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['response']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/**
 * Who may be told, as for the call that reads the same thing: an updated invoice (buyer, amounts) only a
 * session that may call getInvoice; the queue and the signer, as queueStatus and signerStatus, anyone.
 */
export const eventRoles = {
  invoiceUpdated: 'cashier',
  queueChanged: 'public',
  signerChanged: 'public',
} as const satisfies Record<EventName, Extract<CallRole, 'public' | 'cashier'>>;

/** IPC channel names: one per call, one per event. */
export const callChannel = (name: CallName): string => `fapiao:call:${name}`;
export const eventChannel = (name: EventName): string => `fapiao:event:${name}`;
