import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, maskTaxId, redact } from '../../electron/main/logger.ts';
import { createEncryptedSecretStore, createRefusingSecretStore, SecretStoreUnavailableError } from '../../electron/core/secrets.ts';
import { safeStorageCipher, type SafeStorageLike } from '../../electron/main/secrets.ts';
import { tempDir } from '../support/tmp.ts';

const dirs: { remove(): void }[] = [];
const dir = () => {
  const d = tempDir('fapiao-shell-');
  dirs.push(d);
  return d.path;
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

/**
 * safeStorage stand-in at the OS boundary: AES-GCM with a key that lives only in this object, as
 * DPAPI's lives with the Windows user. Records which API the store used.
 */
function fakeSafeStorage(o: { async: boolean; available?: boolean; backend?: string }): SafeStorageLike & { used: string[] } {
  const key = randomBytes(32);
  const used: string[] = [];
  const enc = (plain: string): Buffer => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  };
  const dec = (b: Buffer): string => {
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  };
  const s: SafeStorageLike & { used: string[] } = {
    used,
    isEncryptionAvailable: () => o.available ?? true,
    encryptString: (p) => (used.push('sync'), enc(p)),
    decryptString: (b) => (used.push('sync'), dec(b)),
    getSelectedStorageBackend: () => o.backend ?? 'unknown',
  };
  if (o.async) {
    s.isAsyncEncryptionAvailable = async () => o.available ?? true;
    s.encryptStringAsync = async (p) => (used.push('async'), enc(p));
    s.decryptStringAsync = async (b) => (used.push('async'), { result: dec(b), shouldReEncrypt: false });
  }
  return s;
}

const SECRET = 'c0ffee-channel-key-不要泄露';

describe('secret store', () => {
  it('round-trips through the async safeStorage API and writes only ciphertext', async () => {
    const d = dir();
    const ss = fakeSafeStorage({ async: true });
    const store = createEncryptedSecretStore(d, safeStorageCipher(ss, 'win32'));
    await store.set('channel.sm4Key', SECRET);
    await expect(store.get('channel.sm4Key')).resolves.toBe(SECRET);
    expect(ss.used.every((u) => u === 'async')).toBe(true);
    const files = readdirSync(d);
    expect(files).toEqual(['channel.sm4Key.bin']);
    const raw = readFileSync(join(d, files[0]!));
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(raw.includes(Buffer.from('c0ffee'))).toBe(false);
    await store.delete('channel.sm4Key');
    await expect(store.get('channel.sm4Key')).resolves.toBeUndefined();
  });

  it('falls back to the sync API where the async one is absent', async () => {
    const ss = fakeSafeStorage({ async: false });
    const store = createEncryptedSecretStore(dir(), safeStorageCipher(ss, 'win32'));
    await store.set('signer.certPassword', 'pw');
    await expect(store.get('signer.certPassword')).resolves.toBe('pw');
    expect(ss.used).toEqual(['sync', 'sync']);
  });

  it('re-encrypts when the OS says the key rotated', async () => {
    const d = dir();
    const ss = fakeSafeStorage({ async: true });
    const store = createEncryptedSecretStore(d, safeStorageCipher(ss, 'win32'));
    await store.set('channel.appSecret', 'v1');
    const before = readFileSync(join(d, 'channel.appSecret.bin'));
    const dec = ss.decryptStringAsync!;
    ss.decryptStringAsync = async (b) => ({ ...(await dec(b)), shouldReEncrypt: true });
    await expect(store.get('channel.appSecret')).resolves.toBe('v1');
    expect(readFileSync(join(d, 'channel.appSecret.bin')).equals(before)).toBe(false);
  });

  it("refuses to store when OS encryption is unavailable, or is Linux's fake 'basic_text'", async () => {
    const off = createEncryptedSecretStore(dir(), safeStorageCipher(fakeSafeStorage({ async: true, available: false }), 'win32'));
    await expect(off.set('channel.sm4Key', SECRET)).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    const d = dir();
    const basic = createEncryptedSecretStore(d, safeStorageCipher(fakeSafeStorage({ async: true, backend: 'basic_text' }), 'linux'));
    await expect(basic.set('channel.sm4Key', SECRET)).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    expect(readdirSync(d)).toEqual([]);
  });

  it('plain Node (host, CLI) refuses production secrets rather than writing a plain file', async () => {
    const store = createRefusingSecretStore();
    expect(store.kind).toBe('refusing');
    await expect(store.set('channel.sm4Key', SECRET)).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    await expect(store.get('channel.sm4Key')).resolves.toBeUndefined();
  });

  it('rejects secret names that could escape the folder', async () => {
    const store = createEncryptedSecretStore(dir(), safeStorageCipher(fakeSafeStorage({ async: true }), 'win32'));
    await expect(store.set('../../evil' as never, 'x')).rejects.toThrow(/bad secret name/);
  });
});

describe('log redaction', () => {
  it('masks buyer tax IDs to the first 4 and last 2 characters', () => {
    expect(maskTaxId('91310115591693856A')).toBe('9131************6A');
    expect(redact('buyer 91310115591693856A bought')).toBe('buyer 9131************6A bought');
    expect(redact('{"buyerTaxId":"123456789012345"}')).toBe('{"buyerTaxId":"1234*********45"}');
    expect(redact('taxId=123456789012345678')).toBe('taxId=1234************78');
  });

  it('keeps tax classification codes and invoice numbers readable', () => {
    const line = 'code 1040201100000000000 invoice 24312000000000012345';
    expect(redact(line)).toBe(line);
  });

  it('removes secret values by key, long hex and registered values', () => {
    const out = redact(
      '{"sm4KeyHex":"00112233445566778899aabbccddeeff","password":"p\\"w","appSecret":"s"} token=abc key: k1 sig 0123456789abcdef0123456789abcdef0123 my-pin-value',
      ['my-pin-value'],
    );
    expect(out).not.toMatch(/00112233|p\\"w|"s"|abc|k1|0123456789abcdef|my-pin-value/);
    expect(out).toContain('"sm4KeyHex":"[REDACTED]"');
    expect(out).toContain('[REDACTED-HEX]');
  });
});

describe('rotating logger', () => {
  it('rotates at the size limit, keeps N files, and never writes a secret or a full tax ID', () => {
    const d = dir();
    let t = 0;
    const log = createLogger({ dir: d, maxBytes: 400, keep: 2, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)) });
    log.addSecret('SuperSecret-123');
    for (let i = 0; i < 40; i++) log.info(`line ${i} buyer 91310115591693856A key=SuperSecret-123`);
    expect(readdirSync(d).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const all = readdirSync(d).map((f) => readFileSync(join(d, f), 'utf8')).join('');
    expect(all).not.toContain('SuperSecret-123');
    expect(all).not.toContain('91310115591693856A');
    expect(all).toContain('9131************6A');
    expect(readFileSync(join(d, 'main.log'), 'utf8')).toContain('line 39');
    for (const f of readdirSync(d)) expect(readFileSync(join(d, f)).length).toBeLessThanOrEqual(400);
  });
});
