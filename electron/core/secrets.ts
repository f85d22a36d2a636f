import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secrets the till holds (the channel key, the CA certificate password), never in config.json or
 * any plain file. Core only sees this interface; the Electron shell provides OS-bound encryption
 * (safeStorage), plain Node refuses.
 */
export type SecretName = 'channel.sm4Key' | 'channel.appSecret' | 'signer.certPassword' | 'mail.password' | 'audit.key';
const NAME = /^[a-z][a-zA-Z0-9]*\.[a-zA-Z0-9]+$/;

export interface SecretStore {
  /** What protects the secrets, for `doctor` and the settings screen. */
  readonly kind: 'os-encrypted' | 'refusing';
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

/** Encryption bound to the OS user (DPAPI on Windows); Electron's safeStorage is one. */
export interface SecretCipher {
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<{ plain: string; reEncrypt: boolean }>;
}

export class SecretStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreUnavailableError';
  }
}

/**
 * One ciphertext file per secret in `<dataDir>/secrets/<name>.bin`; plain text never touches the disk.
 * Writes are atomic (temp file + rename) so a power cut leaves the old or the new value, not half.
 */
export function createEncryptedSecretStore(dir: string, cipher: SecretCipher): SecretStore {
  const fileOf = (name: SecretName): string => {
    if (!NAME.test(name)) throw new Error(`bad secret name: ${name}`);
    return join(dir, `${name}.bin`);
  };
  const ensure = async (): Promise<void> => {
    if (!(await cipher.available()))
      throw new SecretStoreUnavailableError('OS encryption is unavailable: refusing to store secrets (系统加密不可用，拒绝保存密钥)');
  };
  const write = async (name: SecretName, value: string): Promise<void> => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = fileOf(name);
    writeFileSync(`${file}.tmp`, await cipher.encrypt(value), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    kind: 'os-encrypted',
    async get(name) {
      const file = fileOf(name);
      if (!existsSync(file)) return undefined;
      await ensure();
      const { plain, reEncrypt } = await cipher.decrypt(readFileSync(file));
      if (reEncrypt) await write(name, plain);
      return plain;
    },
    async set(name, value) {
      await ensure();
      await write(name, value);
    },
    async delete(name) {
      rmSync(fileOf(name), { force: true });
    },
  };
}

/**
 * Plain Node (the headless host, the CLI) has no OS-bound encryption of its own. Rather than write
 * production secrets to a plain file, it refuses: production channel credentials are entered in the
 * desktop app, and in sandbox mode the generated test key (which opens only the local sandbox) is
 * all that is needed. Reads return nothing, so callers fall back to "not configured".
 */
export function createRefusingSecretStore(): SecretStore {
  const refuse = (): never => {
    throw new SecretStoreUnavailableError(
      'No OS secret store in plain Node: configure production secrets in the desktop app (命令行/浏览器模式不保存生产密钥)',
    );
  };
  return {
    kind: 'refusing',
    async get() {
      return undefined;
    },
    async set() {
      refuse();
    },
    async delete() {},
  };
}
