import { z } from 'zod';

export const QueueStatusSchema = z.object({
  online: z.boolean(),
  pending: z.number().int(),
  rejected: z.number().int(),
  /** Age of the oldest unsent invoice, ms; absent when nothing is pending. */
  oldestPendingAgeMs: z.number().optional(),
  lastError: z.string().optional(),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;
