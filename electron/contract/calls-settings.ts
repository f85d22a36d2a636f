import { z } from 'zod';
import { ChannelModeSchema, DecimalString, TaxpayerTypeSchema } from './invoice.ts';

export const StaffSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['cashier', 'manager']),
  /** Whether a PIN is set; the PIN and its hash never leave core. */
  hasPin: z.boolean(),
  active: z.boolean(),
});
export type Staff = z.infer<typeof StaffSchema>;

/** Every setting the screens may show. No secret is ever in here: the channel key is only `keySet`. */
export const SettingsSchema = z.object({
  firstRunDone: z.boolean(),
  seller: z.object({
    name: z.string(),
    taxId: z.string(),
    taxpayerType: TaxpayerTypeSchema,
    address: z.string().optional(),
    phone: z.string().optional(),
  }),
  store: z.object({ name: z.string(), address: z.string().optional(), phone: z.string().optional() }),
  channel: z.object({
    mode: ChannelModeSchema,
    baseUrl: z.string().optional(),
    appId: z.string().optional(),
    keySet: z.boolean(),
    /** Where a production key could be kept: the OS keychain in the desktop app; nowhere safe in browser mode. */
    secretStore: z.enum(['os', 'unavailable']),
  }),
  /** soft = the sandbox's generated test key; production needs the UKey or a CA certificate + key file. */
  signer: z.object({ kind: z.enum(['soft', 'ukey', 'certFile']), certPath: z.string().optional(), keyPath: z.string().optional() }),
  /** The offline allowance (applied to the queue's policy): how many, how long, how much may wait unsent. */
  limits: z.object({
    maxUnsentCount: z.number().int().min(1),
    maxUnsentHours: z.number().min(1),
    maxUnsentAmount: DecimalString,
  }),
  printer: z.object({ name: z.string(), paperWidthMm: z.number().int().min(48).max(210) }),
  language: z.enum(['zh-CN', 'en']),
  staff: z.array(StaffSchema),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .object({
    firstRunDone: z.boolean(),
    seller: SettingsSchema.shape.seller.partial(),
    store: SettingsSchema.shape.store.partial(),
    channel: z.object({ mode: ChannelModeSchema, baseUrl: z.string().max(300), appId: z.string().max(100) }).partial(),
    signer: SettingsSchema.shape.signer.partial(),
    limits: SettingsSchema.shape.limits.partial(),
    printer: SettingsSchema.shape.printer.partial(),
    language: SettingsSchema.shape.language,
    actor: z.string().max(40),
  })
  .partial()
  .strict();

const Pin = z.string().regex(/^\d{4,8}$/, '4–8 digits');

export const settingsCalls = {
  getSettings: { request: z.object({}).strict(), response: SettingsSchema },
  saveSettings: { request: SettingsPatchSchema, response: SettingsSchema },
  /** Write-only: the production channel key. Never returned by any call. */
  setChannelSecret: {
    request: z
      .object({
        /** Which secret: the channel's SM4 key (default), the CA key file's password, or the SMTP password. */
        name: z.enum(['channel.sm4Key', 'signer.certPassword', 'mail.password']).default('channel.sm4Key'),
        key: z.string().min(8).max(512),
        actor: z.string().max(40).optional(),
      })
      .strict(),
    response: z.object({ stored: z.boolean() }),
  },
  saveStaff: {
    request: z
      .object({ id: z.string().min(1).max(40), name: z.string().min(1).max(40), role: z.enum(['cashier', 'manager']), pin: Pin.optional(), active: z.boolean().default(true), actor: z.string().max(40).optional() })
      .strict(),
    response: z.array(StaffSchema),
  },
  /** Checks a PIN (scrypt with a per-person salt, in core). Manager screens open only on `ok`. */
  verifyPin: {
    request: z.object({ id: z.string().max(40).optional(), pin: z.string().max(16), role: z.enum(['cashier', 'manager']).default('manager') }).strict(),
    /** After 5 wrong PINs in a row, checks pause for 30 s: `retryAfterMs` says how long is left. */
    response: z.object({ ok: z.boolean(), staff: StaffSchema.optional(), retryAfterMs: z.number().int().optional() }),
  },
} as const;
