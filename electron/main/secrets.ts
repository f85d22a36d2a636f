import type { SecretCipher } from '../core/secrets.ts';

/** The slice of Electron's safeStorage we use (both the async API and the older sync one). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  isAsyncEncryptionAvailable?: () => Promise<boolean>;
  encryptStringAsync?: (plain: string) => Promise<Buffer>;
  decryptStringAsync?: (cipher: Buffer) => Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?: () => string;
}

/**
 * safeStorage as a cipher: the async API (Electron 40+, lets the OS key be rotated) when present, else
 * the sync one. On Linux the 'basic_text' backend is a hard-coded key, i.e. no protection: refused.
 */
export function safeStorageCipher(s: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  const async = typeof s.encryptStringAsync === 'function' && typeof s.decryptStringAsync === 'function';
  return {
    async available() {
      if (platform === 'linux' && s.getSelectedStorageBackend?.() === 'basic_text') return false;
      return async && s.isAsyncEncryptionAvailable ? s.isAsyncEncryptionAvailable() : s.isEncryptionAvailable();
    },
    async encrypt(plain) {
      return async ? s.encryptStringAsync!(plain) : s.encryptString(plain);
    },
    async decrypt(cipher) {
      if (!async) return { plain: s.decryptString(cipher), reEncrypt: false };
      const r = await s.decryptStringAsync!(cipher);
      return { plain: r.result, reEncrypt: r.shouldReEncrypt };
    },
  };
}
