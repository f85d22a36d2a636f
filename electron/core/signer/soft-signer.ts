import smCrypto from 'sm-crypto';
import type { Signer, SignerInfo } from './signer.ts';

const { sm2 } = smCrypto;

export interface SoftKey {
  privateKeyHex: string;
  publicKeyHex: string;
}

export function generateSoftKey(): SoftKey {
  const pair = sm2.generateKeyPairHex();
  return { privateKeyHex: pair.privateKey, publicKeyHex: pair.publicKey };
}

/** An SM2 key held in memory: the generated test key of sandbox mode. */
export function createSoftSigner(key: SoftKey, taxpayerId?: string): Signer {
  const info: SignerInfo = { source: 'soft', publicKeyHex: key.publicKeyHex, subject: 'Fapiao POS sandbox test key' };
  if (taxpayerId !== undefined) info.taxpayerId = taxpayerId;
  return {
    info: async () => info,
    sign: async (message) =>
      sm2.doSignature(Array.from(message), key.privateKeyHex, { hash: true, publicKey: key.publicKeyHex }),
  };
}

export function verifySm2(message: Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  return sm2.doVerifySignature(Array.from(message), signatureHex, publicKeyHex, { hash: true });
}
