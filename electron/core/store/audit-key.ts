import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FapiaoError, appError, type AppError } from '../../contract/index.ts';
import type { SecretStore } from '../secrets.ts';

/**
 * The audit chain's key: every entry carries HMAC-SHA256(key, entry hash), so whoever can write the
 * database but not read this key cannot edit, delete or re-hash entries unnoticed. The key is never in
 * the database or the data folder: the desktop app keeps it in the OS secret store (SecretStore
 * 'audit.key'); the CLI and browser mode in a key file outside the data folder, mode 0600.
 */
export interface AuditKey {
  key: Buffer;
  /** Where it is kept, for messages: a file path, or 'OS secret store'. */
  where: string;
  /** Made just now (no key existed): only then may an existing, never-keyed chain be keyed. */
  created: boolean;
}

export const AUDIT_KEY_ENV = 'FAPIAO_AUDIT_KEY_FILE';

/** The key file of a data folder: $FAPIAO_AUDIT_KEY_FILE, else `<dataDir>.keys/audit.key` beside (not in) it. */
export function auditKeyFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[AUDIT_KEY_ENV];
  return configured ? resolve(configured) : `${resolve(dataDir)}.keys/audit.key`;
}

/** A fingerprint of the key, recorded in the chain: tells "wrong key" from "altered entry". Not secret. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('fapiao-audit-key-id').digest('hex').slice(0, 16);
}

export function entryMac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}

export function newAuditKeyHex(): string {
  return randomBytes(32).toString('hex');
}

export function parseAuditKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new FapiaoError([auditKeyError(where, 'not a 64-hex-digit key', '不是 64 位十六进制密钥')]);
  return Buffer.from(hex, 'hex');
}

export function auditKeyError(where: string, en: string, zh: string): AppError {
  return appError(
    'AUDIT_KEY_MISSING',
    `审计密钥不可用（${where}）：${zh}。审计记录无法签署，开票已停止。请由 IT 放回本机的审计密钥（见 IT 指南“审计密钥”）`,
    `The audit key is not available (${where}): ${en}. Audit entries cannot be signed; issuing stopped. IT: put this till's audit key back (docs/it-guide.md, "Audit key")`,
    where,
  );
}

/**
 * Reads the key file; with `create`, makes one (0600, its folder 0700) when there is none. Never
 * overwrites: a missing key is created only where none was, so an existing chain's key is never replaced.
 */
export function loadAuditKeyFile(file: string, create: boolean): AuditKey | undefined {
  if (existsSync(file)) {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
      throw new FapiaoError([auditKeyError(file, 'readable by other users: chmod 600 it', '其他用户可读，请改为 600 权限')]);
    return { key: parseAuditKey(readFileSync(file, 'utf8'), file), where: file, created: false };
  }
  if (!create) return undefined;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const hex = newAuditKeyHex();
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    // Another process of this till made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadAuditKeyFile(file, false);
    throw err;
  }
  try {
    writeSync(fd, `${hex}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { key: Buffer.from(hex, 'hex'), where: file, created: true };
}

/**
 * The desktop app's key, in the OS secret store (never a plain file there). Made and stored first when
 * absent, before the database opens: a keyed chain whose key was lost then reports AUDIT_KEY_MISSING
 * (the new key's id is not the chain's). Undefined when the store is not OS-backed or unusable: the
 * key file is used then.
 */
export async function auditKeyFromSecretStore(secrets: SecretStore, log: (msg: string) => void): Promise<AuditKey | undefined> {
  if (secrets.kind !== 'os-encrypted') return undefined;
  const where = 'OS secret store (audit.key)';
  try {
    const existing = await secrets.get('audit.key');
    if (existing !== undefined) return { key: parseAuditKey(existing, where), where, created: false };
    const hex = newAuditKeyHex();
    await secrets.set('audit.key', hex);
    return { key: Buffer.from(hex, 'hex'), where, created: true };
  } catch (err) {
    log(`audit key not in the OS secret store, using the key file: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
