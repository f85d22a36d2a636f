import { z } from 'zod';
import { Empty } from './calls-app.ts';
import { ManagerApprovalSchema } from './invoice.ts';

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
  signerStatus: { role: 'public', request: Empty, response: SignerStatusSchema },
  /**
   * The UKey's PIN, passed to the key once and kept nowhere; a wrong one is never retried automatically.
   * Wrong PINs pause further tries (SIGNER_PIN_PAUSED); with ≤ 2 tries left on the key only the manager may try
   * (manager rights in this session, or `approval` with the manager's PIN), since a locked tax UKey needs the bureau.
   */
  unlockSigner: {
    role: 'cashier',
    request: z.object({ pin: z.string().min(4).max(16), approval: ManagerApprovalSchema.optional() }).strict(),
    response: SignerStatusSchema,
  },
} as const;
