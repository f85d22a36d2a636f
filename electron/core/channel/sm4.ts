import { randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';

const { sm4 } = smCrypto;

export interface Sealed {
  iv: string;
  data: string;
}

/** SM4-CBC with a fresh IV per message; key is 32 hex characters. Pure JS: Electron's BoringSSL has no SM4. */
export function sm4Seal(plain: string, keyHex: string): Sealed {
  const iv = randomBytes(16).toString('hex');
  const bytes = Array.from(Buffer.from(plain, 'utf8'));
  const out = sm4.encrypt(bytes, keyHex, { mode: 'cbc', iv, output: 'array' }) as unknown as number[];
  return { iv, data: Buffer.from(out).toString('base64') };
}

export function sm4Open(sealed: Sealed, keyHex: string): string {
  const bytes = Array.from(Buffer.from(sealed.data, 'base64'));
  const out = sm4.decrypt(bytes, keyHex, { mode: 'cbc', iv: sealed.iv, output: 'array' }) as unknown as number[];
  return Buffer.from(out).toString('utf8');
}

export function sm3Hex(input: string): string {
  return smCrypto.sm3(input);
}
