import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../electron/core/secrets.ts';

/** Stands in for the OS's user-bound encryption (DPAPI / safeStorage), which does not exist here. */
export function testCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    available: async () => true,
    encrypt: async (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: async (b) => {
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return { plain: Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8'), reEncrypt: false };
    },
  };
}
