import { Empty } from './calls-app.ts';
import { QueueStatusSchema } from './queue.ts';

export const queueCalls = {
  queueStatus: { request: Empty, response: QueueStatusSchema },
  syncNow: { request: Empty, response: QueueStatusSchema },
} as const;
