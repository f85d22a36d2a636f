import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Settings, Staff } from '../../contract/calls-settings.ts';
import type { ChannelMode } from '../../contract/index.ts';
import type { AppConfig } from '../config.ts';
import type { Db } from './db.ts';
import { DEFAULT_ISSUE_LIMITS } from '../invoice/issue-limits.ts';

/**
 * Screen settings (key → JSON in the settings table) and staff with PINs. A PIN is stored only as
 * scrypt(pin, per-person salt); the hash never leaves this module.
 */

export function readSetting<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export function hashPin(pin: string, salt = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  return { salt, hash: scryptSync(pin, salt, 32, SCRYPT).toString('hex') };
}

export function pinMatches(pin: string, salt: string, hash: string): boolean {
  const given = Buffer.from(hashPin(pin, salt).hash, 'hex');
  const stored = Buffer.from(hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

interface StaffRow {
  id: string;
  name: string;
  role: 'cashier' | 'manager';
  pin_salt: string | null;
  pin_hash: string | null;
  active: number;
  locked?: number;
}

const toStaff = (r: StaffRow): Staff => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hasPin: r.pin_hash !== null,
  active: r.active === 1,
  ...(r.locked === 1 ? { locked: true } : {}),
});

/** Everyone, with whether too many wrong PINs locked them (pin_failures, handlers/pin-guard.ts). */
export function listStaff(db: Db): Staff[] {
  return (
    db.prepare('SELECT s.*, f.locked FROM staff s LEFT JOIN pin_failures f ON f.target = s.id ORDER BY s.role DESC, s.id').all() as StaffRow[]
  ).map(toStaff);
}

export function saveStaff(db: Db, s: { id: string; name: string; role: 'cashier' | 'manager'; pin?: string | undefined; active: boolean }): void {
  const pin = s.pin === undefined ? undefined : hashPin(s.pin);
  db.prepare(
    `INSERT INTO staff (id, name, role, pin_salt, pin_hash, active) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active,
       pin_salt = COALESCE(excluded.pin_salt, pin_salt), pin_hash = COALESCE(excluded.pin_hash, pin_hash)`,
  ).run(s.id, s.name, s.role, pin?.salt ?? null, pin?.hash ?? null, s.active ? 1 : 0);
}

/** An active manager with a PIN exists; before that (first run) the manager's calls are open. */
export function managerExists(db: Db): boolean {
  return db.prepare("SELECT 1 FROM staff WHERE role = 'manager' AND active = 1 AND pin_hash IS NOT NULL LIMIT 1").get() !== undefined;
}

/** The person whose PIN this is (of the given role; managers pass a cashier check too). */
export function verifyPin(db: Db, pin: string, role: 'cashier' | 'manager', id?: string): Staff | undefined {
  const rows = (
    id === undefined
      ? db.prepare('SELECT * FROM staff WHERE active = 1 AND pin_hash IS NOT NULL').all()
      : db.prepare('SELECT * FROM staff WHERE active = 1 AND pin_hash IS NOT NULL AND id = ?').all(id)
  ) as StaffRow[];
  const found = rows.find((r) => (role === 'cashier' || r.role === 'manager') && pinMatches(pin, r.pin_salt!, r.pin_hash!));
  return found ? toStaff(found) : undefined;
}

/** Defaults for what config.json does not hold; the sandbox is preselected so the till works at once. */
export type ScreenSettings = Omit<Settings, 'seller' | 'staff' | 'channel'> & { channel: { keySet: boolean } };

export const DEFAULT_SCREEN_SETTINGS: ScreenSettings = {
  firstRunDone: false,
  store: { name: '示例零售门店' },
  channel: { keySet: false },
  signer: { kind: 'soft' },
  limits: { maxUnsentCount: 2000, maxUnsentHours: 72, maxUnsentAmount: '100000.00', ...DEFAULT_ISSUE_LIMITS },
  printer: { name: '默认打印机', paperWidthMm: 80 },
  language: 'zh-CN',
};

export function readScreenSettings(db: Db): ScreenSettings {
  const stored = readSetting<Partial<ScreenSettings>>(db, 'screen') ?? {};
  return { ...DEFAULT_SCREEN_SETTINGS, ...stored };
}

/** The channel in force: the settings screen's choice over config.json (the IT provisioning file). */
export interface ChannelSettings {
  mode: ChannelMode;
  baseUrl?: string | undefined;
  appId?: string | undefined;
  /** The gateway's reply key (docs/channel-protocol.md). */
  platformPublicKeyHex?: string | undefined;
  signer: Settings['signer'];
}

export function readChannelSettings(db: Db, config: AppConfig): ChannelSettings {
  const stored = readSetting<{ mode?: ChannelMode; baseUrl?: string; appId?: string; platformPublicKeyHex?: string }>(db, 'channel') ?? {};
  return {
    mode: stored.mode ?? config.channelMode,
    baseUrl: stored.baseUrl ?? config.channel.baseUrl,
    appId: stored.appId ?? config.channel.appId,
    platformPublicKeyHex: stored.platformPublicKeyHex ?? config.channel.platformPublicKeyHex,
    signer: readScreenSettings(db).signer,
  };
}
