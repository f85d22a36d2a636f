import { z } from 'zod';
import { Empty } from './calls-app.ts';

/** What the till shows about its signing key: public facts only, never a PIN or a key. */
export const SignerStatusSchema = z.object({
  source: z.enum(['soft', 'certificate-file', 'ukey', 'none']),
  present: z.boolean(),
  serial: z.string().optional(),
  subject: z.string().optional(),
  taxpayerId: z.string().optional(),
  matchesSeller: z.boolean().optional(),
  notAfter: z.string().optional(),
  daysLeft: z.number().optional(),
  pinRetriesLeft: z.number().optional(),
  locked: z.boolean().optional(),
  pinVerified: z.boolean().optional(),
  /** Expiry warnings, a mismatched taxpayer ID, a locked key…: what the cashier or IT must act on. */
  problems: z.array(z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() })),
});
export type SignerStatus = z.infer<typeof SignerStatusSchema>;

export const signerCalls = {
  signerStatus: { request: Empty, response: SignerStatusSchema },
  /** The UKey's PIN, passed to the key once and kept nowhere; a wrong one is never retried automatically. */
  unlockSigner: { request: z.object({ pin: z.string().min(4).max(16) }).strict(), response: SignerStatusSchema },
} as const;
