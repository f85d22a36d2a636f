import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ChannelModeSchema, FapiaoError, InvoiceText, MAX, OVERRIDABLE_TAXID_CODES, Sm2PublicKeyHex, TaxpayerTypeSchema, appError, type AppError } from '../contract/index.ts';
import { issueCode, issueZh, pathOf, valueAt } from './schema-issues.ts';
import { channelUrlProblem } from './channel/url-policy.ts';
import { validateTaxId } from './invoice/taxid.ts';
import { generateSoftKey } from './signer/soft-signer.ts';

const SELLER_TAX_ID = { zh: '销售方纳税人识别号', en: 'Seller tax ID' };

/**
 * seller.taxId: empty is accepted as before (a till not yet provisioned); a wrong length or character is
 * refused. A failed checksum is not: some legally issued early pilot codes fail it (docs/invoice-rules.md
 * §3), so loadConfig reports it as a warning (configWarnings) and the till starts.
 */
const SellerTaxId = z.string().superRefine((id, ctx) => {
  if (id === '') return;
  for (const e of validateTaxId(id, 'seller.taxId', SELLER_TAX_ID).errors)
    if (!OVERRIDABLE_TAXID_CODES.includes(e.code)) ctx.addIssue({ code: 'custom', message: e.message_en, params: { zh: e.message_zh } });
});

/** A positive amount of at most 16 digits and 2 decimals, as a string (never a JSON number): `"100000.00"`. */
const PositiveAmount = z.custom<string>((v) => typeof v === 'string' && v.length <= 19 && /^\d{1,16}(\.\d{1,2})?$/.test(v) && /[1-9]/.test(v), {
  message: 'must be an amount above 0 with at most 2 decimals, written as a string such as "100000.00"',
  params: { zh: '须为大于 0 的金额，最多 2 位小数，写成带引号的字符串，如 "100000.00"' },
});

/** A channel URL: https, or http only to loopback (CHANNEL_URL_INSECURE). */
const ChannelUrl = z.string().superRefine((url, ctx) => {
  const problem = channelUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message_en, params: { code: problem.code, zh: problem.message_zh } });
});

/** Settings that hold no secret; secrets live in the secret store (see docs/security.md). */
export const AppConfigSchema = z.object({
  channelMode: ChannelModeSchema.default('sandbox'),
  channel: z
    .object({
      baseUrl: ChannelUrl.optional(),
      appId: z.string().optional(),
      /** The gateway's SM2 public key (04‖x‖y hex): its replies must verify under it (docs/channel-protocol.md). */
      platformPublicKeyHex: Sm2PublicKeyHex.optional(),
    })
    .default({}),
  seller: z
    .object({
      // On every invoice: the same limits as the settings screen's (saveSettings).
      name: InvoiceText(MAX.name),
      taxId: SellerTaxId,
      taxpayerType: TaxpayerTypeSchema,
      address: InvoiceText(MAX.address).optional(),
      phone: InvoiceText(MAX.phone).optional(),
    })
    .default({ name: '示例零售门店（沙箱）', taxId: '91310115591693856A', taxpayerType: 'general' }),
  limits: z
    .object({ maxInvoiceTotal: PositiveAmount.optional(), maxLines: z.number().int().positive().default(100) })
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
      maxUnsentAmount: PositiveAmount.default('100000.00'),
      maxUnsentCount: z.number().int().positive().default(2000),
      /** Warn the cashier from this share of any limit. */
      warnRatio: z.number().min(0).max(1).default(0.8),
      /** A clock more than this far behind the last recorded event stops issuing. */
      clockBackwardToleranceMinutes: z.number().nonnegative().default(5),
      /** A clock more than this far ahead of the channel's time stops issuing (CLOCK_AHEAD). */
      clockAheadToleranceMinutes: z.number().nonnegative().default(5),
      /** Warn about unsent invoices this many days before the month ends. */
      monthEndWarnDays: z.number().int().nonnegative().default(2),
      batchSize: z.number().int().min(1).max(500).default(100),
      /** Bytes of invoices per request (docs/queue-and-sync.md): larger batches are cut; a larger invoice is set aside. */
      batchBytes: z.number().int().min(10_000).max(32_000_000).optional(),
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

/** Names of config.json fields for messages, where the path alone says little to a manager. */
const FIELD_ZH: Record<string, string> = {
  'limits.maxInvoiceTotal': '单张发票限额',
  'limits.maxLines': '单张发票行数上限',
  'seller.taxId': '销售方纳税人识别号',
  'seller.taxpayerType': '纳税人类型',
  channelMode: '通道模式',
  'channel.baseUrl': '通道地址',
  'channel.platformPublicKeyHex': '通道回复签名公钥',
  'offline.maxUnsentAmount': '未上传发票金额上限',
};

/** A config.json that cannot be used: every problem, each naming the file and the field, in zh and en. */
export class ConfigError extends FapiaoError {
  constructor(errors: AppError[]) {
    super(errors);
    this.name = 'ConfigError';
    // Shown as is when the app cannot start (dialog, CLI): both languages.
    this.message = errors.map((e) => `${e.message_zh}\n${e.message_en}`).join('\n');
  }
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** config.json's content as settings, or one CONFIG_INVALID per problem (never a zod or Decimal error). */
export function parseConfig(raw: unknown, file: string): { ok: true; config: AppConfig } | { ok: false; errors: AppError[] } {
  const parsed = AppConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const path = pathOf(i.path) || 'config';
      const zh = issueZh(i, raw);
      const value = valueAt(raw, i.path);
      const label = FIELD_ZH[path] ? `（${FIELD_ZH[path]}）` : '';
      const now = value === undefined || i.path.length === 0 ? '' : `；现为 ${shown(value)}`;
      const nowEn = value === undefined || i.path.length === 0 ? '' : `; it is ${shown(value)}`;
      return appError(issueCode(i, 'CONFIG_INVALID'), `设置文件 ${file} 中的 ${path}${label}有误：${zh}${now}`, `Settings file ${file}: ${path} ${i.message}${nowEn}`, path);
    }),
  };
}

/** What config.json holds that works but should be checked: a seller tax ID failing its checksum. */
export function configWarnings(config: AppConfig, file: string): AppError[] {
  if (config.seller.taxId === '') return [];
  return validateTaxId(config.seller.taxId, 'seller.taxId', SELLER_TAX_ID)
    .errors.filter((e) => OVERRIDABLE_TAXID_CODES.includes(e.code))
    .map((e) => ({ ...e, message_zh: `设置文件 ${file}：${e.message_zh}（已接受，请核对）`, message_en: `Settings file ${file}: ${e.message_en} (accepted; please check)` }));
}

/**
 * Reads config.json (writing the defaults on first run). Throws ConfigError naming the file and every
 * bad field; `warn` gets what is accepted but should be checked (configWarnings).
 */
export function loadConfig(dataDir: string, warn: (message: string) => void = (m) => console.warn(m)): AppConfig {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) {
    const config = AppConfigSchema.parse({});
    writeFileSync(file, JSON.stringify(config, null, 2));
    return config;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ConfigError([appError('CONFIG_INVALID', `设置文件 ${file} 不是有效的 JSON：${why}`, `Settings file ${file} is not valid JSON: ${why}`)]);
  }
  const result = parseConfig(raw, file);
  if (!result.ok) throw new ConfigError(result.errors);
  for (const w of configWarnings(result.config, file)) warn(`${w.code}: ${w.message_zh} / ${w.message_en}`);
  return result.config;
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
  /** The sandbox's reply key, pinned at the first registration (docs/channel-protocol.md). */
  channelPublicKeyHex?: string;
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

/**
 * Pins the sandbox's reply key: kept at the first registration; a different key later is refused, with
 * what to do (the sandbox folder was replaced: remove channelPublicKeyHex from the file to accept the new one).
 */
export function pinSandboxKey(dataDir: string, creds: SandboxCredentials, publicKeyHex: string): string {
  const key = publicKeyHex.toLowerCase();
  if (creds.channelPublicKeyHex === undefined) {
    writeFileSync(join(dataDir, 'sandbox-credentials.json'), JSON.stringify({ ...creds, channelPublicKeyHex: key }, null, 2), { mode: 0o600 });
    return key;
  }
  if (creds.channelPublicKeyHex.toLowerCase() !== key)
    throw new FapiaoError([
      appError(
        'CHANNEL_KEY_CHANGED',
        `沙箱的回复签名公钥与首次登记的不同，已停止发送。若沙箱文件夹确实已更换，请删除 sandbox-credentials.json 中的 channelPublicKeyHex 后重启`,
        'The sandbox answers with another reply key than the one pinned at first registration; nothing is sent. If its folder was really replaced, remove channelPublicKeyHex from sandbox-credentials.json and restart',
      ),
    ]);
  return key;
}
