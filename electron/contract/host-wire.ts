import { z } from 'zod';
import type { EventName } from './calls.ts';
import type { Reply } from './api.ts';

/** The headless host's wire format (browser mode) over its one WebSocket: calls in, replies and events out. */
/** The payload's size is bounded by the host's frame limit; the call's own schema bounds its fields. */
export const HostMessageSchema = z.object({ t: z.literal('call'), id: z.number().int(), name: z.string().max(64), payload: z.unknown() });
export type HostMessage = z.infer<typeof HostMessageSchema>;

export type HostReply =
  | { t: 'reply'; id: number; reply: Reply }
  | { t: 'event'; event: EventName; payload: unknown };
