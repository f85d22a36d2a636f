import { generateKeyPair, keyPairFromPrivate, signatureHex, verifyMessage } from './gm/keys.ts';
import type { SignatureFormat } from './gm/sig.ts';
import type { Signer, SignerInfo } from './signer.ts';

export interface SoftKey {
  privateKeyHex: string;
  publicKeyHex: string;
}

export function generateSoftKey(): SoftKey {
  const key = generateKeyPair();
  return { privateKeyHex: Buffer.from(key.exportPrivate()).toString('hex'), publicKeyHex: key.publicKeyHex };
}

/** An SM2 key held in memory: the generated test key of sandbox mode. Signs with the fast pure-JS SM2. */
export function createSoftSigner(key: SoftKey, taxpayerId?: string, opts: { format?: SignatureFormat; certificate?: Uint8Array } = {}): Signer {
  const pair = keyPairFromPrivate(key.privateKeyHex);
  const format = opts.format ?? 'rs';
  const info: SignerInfo = { source: 'soft', publicKeyHex: pair.publicKeyHex, subject: 'Fapiao POS sandbox test key', format };
  if (taxpayerId !== undefined) info.taxpayerId = taxpayerId;
  return {
    info: async () => info,
    sign: async (message) => signatureHex(pair.sign(message), format),
    certificate: async () => opts.certificate,
  };
}

/** Verifies r‖s or DER hex over a message (SM3 with Z, default user ID). */
export function verifySm2(message: Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  if (!/^[0-9a-fA-F]*$/.test(signatureHex) || signatureHex.length % 2) return false;
  return verifyMessage(message, Buffer.from(signatureHex, 'hex'), publicKeyHex);
}
