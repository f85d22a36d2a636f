import { z } from 'zod';
import { AppErrorSchema } from './errors.ts';

/** How much of the offline allowance is used: the UI shows "left" figures and warns before the limit. */
export const OfflineLimitsSchema = z.object({
  maxUnsentHours: z.number(),
  /** Hours until the oldest unsent invoice reaches the limit; absent when nothing is unsent. */
  hoursLeft: z.number().optional(),
  maxUnsentAmount: z.string(),
  unsentAmount: z.string(),
  amountLeft: z.string(),
  maxUnsentCount: z.number().int(),
  countLeft: z.number().int(),
});
export type OfflineLimits = z.infer<typeof OfflineLimitsSchema>;

export const QueueStatusSchema = z.object({
  online: z.boolean(),
  pending: z.number().int(),
  rejected: z.number().int(),
  /** Age of the oldest unsent invoice, ms; absent when nothing is pending. */
  oldestPendingAgeMs: z.number().optional(),
  lastError: z.string().optional(),
  limits: OfflineLimitsSchema.optional(),
  /**
   * Things to show the cashier (codes: OFFLINE_NEAR_LIMIT, MONTH_END_UNSENT, PREVIOUS_MONTH_UNSENT,
   * CHANNEL_BUSY, STORE_CHECK_FAILED, CLOCK_BACKWARDS, CLOCK_AHEAD, OFFLINE_LIMIT_REACHED, QUEUE_HELD_OTHER_CHANNEL,
   * QUEUE_ITEMS_SET_ASIDE).
   */
  warnings: z.array(AppErrorSchema).optional(),
  /** Set when new invoices are refused (offline limit reached, clock behind, storage fault): why. */
  blocked: AppErrorSchema.optional(),
  /**
   * Unsent invoices set aside because they can never be sent as they are (too large, or refused as a whole
   * again and again): they no longer hold up the queue and wait for the manager (listSetAside, retrySetAside).
   */
  setAside: z.number().int().optional(),
  /** Unsent invoices created in an earlier month (the platform's quota does not cross months). */
  previousMonthUnsent: z.number().int().optional(),
  /** The channel said "system busy": the whole worker waits until then (ms since the epoch). */
  busyUntil: z.number().optional(),
  /**
   * Unsent invoices the current channel may not take, per channel ('sandbox', 'production:<AppID>'):
   * issued in the other mode, or already sent to another gateway (docs/queue-and-sync.md).
   */
  held: z.array(z.object({ channel: z.string(), count: z.number().int() })).optional(),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;
