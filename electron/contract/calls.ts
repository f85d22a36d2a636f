import { z } from 'zod';
import {
  CalcResultSchema,
  DraftSchema,
  InvoiceStatusSchema,
  InvoiceViewSchema,
  IssueResultSchema,
  TaxpayerTypeSchema,
} from './invoice.ts';
import { QueueStatusSchema } from './queue.ts';

const Empty = z.object({}).strict();

export const AppInfoSchema = z.object({
  version: z.string(),
  channelMode: z.enum(['sandbox', 'production']),
  seller: z.object({ name: z.string(), taxId: z.string(), taxpayerType: TaxpayerTypeSchema }),
});

export const TaxCodeHitSchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  rates: z.array(z.string()),
});

/**
 * The one contract: every call the renderer can make, with its request and response schemas.
 * Main (IPC), preload, the headless host, the CLI and the renderer all import this map.
 */
export const calls = {
  appInfo: { request: Empty, response: AppInfoSchema },
  issueInvoice: { request: DraftSchema, response: IssueResultSchema },
  calcInvoice: { request: DraftSchema, response: CalcResultSchema },
  getInvoice: { request: z.object({ orderNo: z.string() }).strict(), response: InvoiceViewSchema.nullable() },
  listInvoices: {
    request: z
      .object({ status: InvoiceStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    response: z.array(InvoiceViewSchema),
  },
  queueStatus: { request: Empty, response: QueueStatusSchema },
  syncNow: { request: Empty, response: QueueStatusSchema },
  searchTaxCodes: {
    request: z.object({ query: z.string(), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    response: z.array(TaxCodeHitSchema),
  },
} as const;

/** Pushed from main to the renderer; the UI is told, it never polls. */
export const events = {
  invoiceUpdated: InvoiceViewSchema,
  queueChanged: QueueStatusSchema,
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

/** IPC channel names: one per call, one per event. */
export const callChannel = (name: CallName): string => `fapiao:call:${name}`;
export const eventChannel = (name: EventName): string => `fapiao:event:${name}`;
