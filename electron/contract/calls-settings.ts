import { z } from 'zod';
import { ChannelModeSchema, DecimalString, TaxpayerTypeSchema } from './invoice.ts';
import { InvoiceText, MAX, PositiveMoney } from './limits.ts';

export const StaffSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['cashier', 'manager']),
  /** Whether a PIN is set; the PIN and its hash never leave core. */
  hasPin: z.boolean(),
  active: z.boolean(),
  /** Too many wrong PINs: locked until another manager or the store's IT lifts it (unlockStaff). */
  locked: z.boolean().optional(),
});
export type Staff = z.infer<typeof StaffSchema>;

/** Every setting the screens may show. No secret is ever in here: the channel key is only `keySet`. */
/** An SM2 public key as the channel's reply key is given: uncompressed, 04‖x‖y in hex (config.json and the settings screen). */
export const Sm2PublicKeyHex = z.string().regex(/^04[0-9a-fA-F]{128}$/, 'must be an uncompressed SM2 public key: 130 hex characters starting with 04');

export const SettingsSchema = z.object({
  firstRunDone: z.boolean(),
  seller: z.object({
    name: InvoiceText(MAX.name),
    taxId: InvoiceText(MAX.taxId),
    taxpayerType: TaxpayerTypeSchema,
    address: InvoiceText(MAX.address).optional(),
    phone: InvoiceText(MAX.phone).optional(),
  }),
  store: z.object({
    name: InvoiceText(MAX.name),
    address: InvoiceText(MAX.address).optional(),
    phone: InvoiceText(MAX.phone).optional(),
    /** Cashiers sign in for the shift with their PIN (else choosing the name is enough; the session still knows who). */
    cashierPinRequired: z.boolean().optional(),
    /** Cashiers may add and edit catalogue items without the manager. */
    cashierCatalogEdits: z.boolean().optional(),
  }),
  channel: z.object({
    mode: ChannelModeSchema,
    baseUrl: z.string().optional(),
    appId: z.string().optional(),
    /** The gateway's SM2 public key (04‖x‖y hex), pinned: its replies must verify under it. */
    platformPublicKeyHex: z.string().optional(),
    keySet: z.boolean(),
    /** Where a production key could be kept: the OS keychain in the desktop app; nowhere safe in browser mode. */
    secretStore: z.enum(['os', 'unavailable']),
  }),
  /** soft = the sandbox's generated test key; production needs the UKey or a CA certificate + key file. */
  signer: z.object({ kind: z.enum(['soft', 'ukey', 'certFile']), certPath: z.string().max(MAX.path).optional(), keyPath: z.string().max(MAX.path).optional() }),
  /**
   * The offline allowance (applied to the queue's policy): how many, how long, how much may wait unsent;
   * and per invoice: the most one invoice may total (INVOICE_LIMIT) and above what the cashier confirms it
   * (AMOUNT_NEEDS_CONFIRM).
   */
  limits: z.object({
    maxUnsentCount: z.number().int().min(1),
    maxUnsentHours: z.number().min(1),
    maxUnsentAmount: DecimalString,
    maxInvoiceTotal: PositiveMoney,
    confirmAbove: PositiveMoney,
  }),
  printer: z.object({ name: z.string().max(MAX.name), paperWidthMm: z.number().int().min(48).max(210) }),
  language: z.enum(['zh-CN', 'en']),
  staff: z.array(StaffSchema),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .object({
    firstRunDone: z.boolean(),
    seller: SettingsSchema.shape.seller.partial(),
    store: SettingsSchema.shape.store.partial(),
    channel: z
      .object({ mode: ChannelModeSchema, baseUrl: z.string().max(MAX.url), appId: z.string().max(100), platformPublicKeyHex: Sm2PublicKeyHex })
      .partial(),
    signer: SettingsSchema.shape.signer.partial(),
    limits: SettingsSchema.shape.limits.partial(),
    printer: SettingsSchema.shape.printer.partial(),
    language: SettingsSchema.shape.language,
  })
  .partial()
  .strict();

/** Digits only; a manager's needs at least MANAGER_PIN_MIN_DIGITS (checked in core, PIN_TOO_SHORT). */
export const Pin = z.string().regex(/^\d{4,12}$/, '4–12 digits');
export const MANAGER_PIN_MIN_DIGITS = 6;

/**
 * A PIN check's answer. `retryAfterMs`: paused after wrong PINs; `locked`: only another manager or IT can lift it;
 * `mustChangePin`: the PIN was right but is too short for a manager: set a new one (changePin) before going on.
 */
export const PinVerdictSchema = z.object({
  ok: z.boolean(),
  staff: StaffSchema.optional(),
  retryAfterMs: z.number().int().optional(),
  locked: z.boolean().optional(),
  mustChangePin: z.boolean().optional(),
});
export type PinVerdict = z.infer<typeof PinVerdictSchema>;

export const settingsCalls = {
  getSettings: { role: 'cashier', request: z.object({}).strict(), response: SettingsSchema },
  saveSettings: { role: 'manager', request: SettingsPatchSchema, response: SettingsSchema },
  /** Write-only: the production channel key. Never returned by any call. */
  setChannelSecret: {
    role: 'manager',
    request: z
      .object({
        /** Which secret: the channel's SM4 key (default), the CA key file's password, or the SMTP password. */
        name: z.enum(['channel.sm4Key', 'signer.certPassword', 'mail.password']).default('channel.sm4Key'),
        key: z.string().min(8).max(512),
      })
      .strict(),
    response: z.object({ stored: z.boolean() }),
  },
  saveStaff: {
    role: 'manager',
    request: z
      .object({ id: z.string().min(1).max(40), name: z.string().min(1).max(40), role: z.enum(['cashier', 'manager']), pin: Pin.optional(), active: z.boolean().default(true) })
      .strict(),
    response: z.array(StaffSchema),
  },
  /**
   * Checks a PIN (scrypt with a per-person salt, in core); a manager's opens the manager's calls for this session.
   * Wrong PINs are counted per person (and for the manager role): pauses of 30 s, 1 min, 5 min, then locked.
   */
  verifyPin: {
    role: 'public',
    request: z
      .object({ id: z.string().max(40).optional(), pin: z.string().max(16), role: z.enum(['cashier', 'manager']).default('manager') })
      .strict()
      // Only the manager's PIN may be checked role-wide: a cashier check without a name would try every staff PIN
      // (the manager's too) on a counter of its own and say whose PIN it hit.
      .refine((r) => r.role === 'manager' || r.id !== undefined, {
        path: ['id'],
        message: 'a cashier PIN is checked for a named person',
        params: { code: 'STAFF_REQUIRED', zh: '请选择是哪位收银员' },
      }),
    response: PinVerdictSchema,
  },
} as const;
