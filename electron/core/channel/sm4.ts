import { randomBytes } from 'node:crypto';
import { sm3 } from '../signer/gm/sm3.ts';
import { sm4CbcDecrypt, sm4CbcEncrypt } from '../signer/gm/sm4.ts';

export interface Sealed {
  iv: string;
  data: string;
}

const keyBytes = (keyHex: string): Uint8Array => {
  if (!/^[0-9a-fA-F]{32}$/.test(keyHex)) throw new RangeError('SM4 key must be 32 hex characters');
  return Buffer.from(keyHex, 'hex');
};

/** SM4-CBC with a fresh IV per message; key is 32 hex characters. Pure JS: Electron's BoringSSL has no SM4. */
export function sm4Seal(plain: string, keyHex: string): Sealed {
  const iv = randomBytes(16);
  const out = sm4CbcEncrypt(Buffer.from(plain, 'utf8'), keyBytes(keyHex), iv);
  return { iv: iv.toString('hex'), data: Buffer.from(out).toString('base64') };
}

export function sm4Open(sealed: Sealed, keyHex: string): string {
  const out = sm4CbcDecrypt(Buffer.from(sealed.data, 'base64'), keyBytes(keyHex), Buffer.from(sealed.iv, 'hex'));
  return Buffer.from(out).toString('utf8');
}

/** SM3 of the UTF-8 text, as hex (the audit chain's hash). */
export function sm3Hex(input: string): string {
  return Buffer.from(sm3(Buffer.from(input, 'utf8'))).toString('hex');
}
