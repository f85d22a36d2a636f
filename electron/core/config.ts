import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { TaxpayerTypeSchema } from '../contract/index.ts';
import { generateSoftKey } from './signer/soft-signer.ts';

/** Settings that hold no secret; secrets live in the secret store (see docs/security.md). */
export const AppConfigSchema = z.object({
  channelMode: z.enum(['sandbox', 'production']).default('sandbox'),
  channel: z.object({ baseUrl: z.string().optional(), appId: z.string().optional() }).default({}),
  seller: z
    .object({
      name: z.string(),
      taxId: z.string(),
      taxpayerType: TaxpayerTypeSchema,
      address: z.string().optional(),
      phone: z.string().optional(),
    })
    .default({ name: '示例零售门店（沙箱）', taxId: '91310115591693856A', taxpayerType: 'general' }),
  limits: z
    .object({ maxInvoiceTotal: z.string().optional(), maxLines: z.number().int().positive().default(100) })
    .default({ maxLines: 100 }),
  /** Where invoices are e-mailed from (an SMTP server of the store's choice); absent = requests are only recorded. The password is a secret (`mail.password`). */
  mail: z
    .object({
      host: z.string(),
      port: z.number().int().positive().default(465),
      secure: z.boolean().default(true),
      user: z.string().optional(),
      from: z.string(),
    })
    .optional(),
  /** Offline policy and sync tuning (docs/queue-and-sync.md): how long and how much may wait unsent. */
  offline: z
    .object({
      maxUnsentHours: z.number().positive().default(72),
      maxUnsentAmount: z.string().regex(/^\d+(\.\d{1,2})?$/).default('100000.00'),
      maxUnsentCount: z.number().int().positive().default(2000),
      /** Warn the cashier from this share of any limit. */
      warnRatio: z.number().min(0).max(1).default(0.8),
      /** A clock more than this far behind the last recorded event stops issuing. */
      clockBackwardToleranceMinutes: z.number().nonnegative().default(5),
      /** Warn about unsent invoices this many days before the month ends. */
      monthEndWarnDays: z.number().int().nonnegative().default(2),
      batchSize: z.number().int().min(1).max(500).default(100),
      backoffSeconds: z.array(z.number().positive()).min(1).default([10, 30, 60, 120, 300]),
      backoffJitter: z.number().min(0).max(1).default(0.2),
    })
    .prefault({}),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;

/** The user data folder: FAPIAO_HOME, else the platform's per-user application data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FAPIAO_HOME) return env.FAPIAO_HOME;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Fapiao POS');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Fapiao POS');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'fapiao-pos');
}

export function loadConfig(dataDir: string): AppConfig {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) {
    const config = AppConfigSchema.parse({});
    writeFileSync(file, JSON.stringify(config, null, 2));
    return config;
  }
  return AppConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The sandbox's test credentials: a generated SM2 test key, SM4 key and AppID, made on first run.
 * They open only the local sandbox, never a real channel, so they are kept as a plain file (mode 600).
 */
export interface SandboxCredentials {
  appId: string;
  sm4KeyHex: string;
  privateKeyHex: string;
  publicKeyHex: string;
}

export function loadSandboxCredentials(dataDir: string): SandboxCredentials {
  const file = join(dataDir, 'sandbox-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SandboxCredentials;
  const key = generateSoftKey();
  const creds: SandboxCredentials = {
    appId: `sandbox-${randomBytes(6).toString('hex')}`,
    sm4KeyHex: randomBytes(16).toString('hex'),
    ...key,
  };
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}
