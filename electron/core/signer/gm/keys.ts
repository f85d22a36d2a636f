import { invert } from '@noble/curves/abstract/modular.js';
import { DEFAULT_USER_ID, bigToBytes, bytesToBig, sm2, type Point, type Sm2Signature } from './sm2.ts';
import { Sm3 } from './sm3.ts';
import { decodeSignature, encodeSignature, type SignatureFormat } from './sig.ts';

/**
 * An SM2 key pair in memory with its per-key precomputation ((1+d)^-1 and Z). The private scalar stays in
 * this closure; nothing here ever formats it into a message.
 */
export interface Sm2KeyPair {
  readonly publicKeyHex: string;
  readonly publicPoint: Point;
  /** Signs SM3(Z‖M) with the default user ID unless another is given. */
  sign(message: Uint8Array, userId?: Uint8Array): Sm2Signature;
  /** Signs a precomputed e (what a UKey receives). */
  signDigest(e: Uint8Array): Sm2Signature;
  /** The 32-byte scalar, for writing the key file only. */
  exportPrivate(): Uint8Array;
}

export function keyPairFromPrivate(privateKey: Uint8Array | string): Sm2KeyPair {
  const c = sm2();
  const d = typeof privateKey === 'string' ? BigInt(`0x${privateKey}`) : bytesToBig(privateKey);
  const pub = c.publicPoint(d);
  const dPlus1Inv = invert(d + 1n, c.params.n);
  const zDefault = c.z(pub, DEFAULT_USER_ID);
  return {
    publicKeyHex: pub.toHex(false),
    publicPoint: pub,
    sign(message, userId) {
      const e = userId === undefined ? digestWithZ(zDefault, message) : c.digest(message, pub, userId);
      return c.signDigest(e, d, { dPlus1Inv });
    },
    signDigest: (e) => c.signDigest(e, d, { dPlus1Inv }),
    exportPrivate: () => bigToBytes(d),
  };
}

function digestWithZ(z: Uint8Array, message: Uint8Array): Uint8Array {
  return new Sm3().update(z).update(message).digest();
}

export function generateKeyPair(): Sm2KeyPair {
  return keyPairFromPrivate(bigToBytes(sm2().randomScalar()));
}

/** e = SM3(Z‖M) for a public key given as hex or point; what the host sends a UKey to sign. */
export function sm2Digest(message: Uint8Array, publicKey: string | Point, userId: Uint8Array = DEFAULT_USER_ID): Uint8Array {
  const c = sm2();
  const pub = typeof publicKey === 'string' ? c.pointFromBytes(Buffer.from(publicKey, 'hex')) : publicKey;
  return c.digest(message, pub, userId);
}

// Verification usually checks the same few public keys (the sandbox, a UKey's certificate): keep their
// points, and from the second use give them a small window table (~25 ms once, then verify ~2x faster).
const pointCache = new Map<string, { point: Point; uses: number }>();
function pointOf(publicKeyHex: string): Point {
  let entry = pointCache.get(publicKeyHex);
  if (!entry) {
    entry = { point: sm2().pointFromBytes(Buffer.from(publicKeyHex, 'hex')), uses: 0 };
    if (pointCache.size >= 16) pointCache.delete(pointCache.keys().next().value!);
    pointCache.set(publicKeyHex, entry);
  }
  if (++entry.uses === 2) entry.point.precompute(4, false);
  return entry.point;
}

/** Verifies r, s over a precomputed e = SM3(Z‖M). */
export function verifyDigest(e: Uint8Array, sig: Sm2Signature, publicKeyHex: string): boolean {
  try {
    return sm2().verifyDigest(e, sig, pointOf(publicKeyHex));
  } catch {
    return false;
  }
}

/** Verifies an SM2 signature (r‖s or DER bytes) over a message; false on any malformed input. */
export function verifyMessage(message: Uint8Array, signature: Uint8Array, publicKeyHex: string, userId: Uint8Array = DEFAULT_USER_ID): boolean {
  try {
    const pub = pointOf(publicKeyHex);
    return sm2().verifyDigest(sm2().digest(message, pub, userId), decodeSignature(signature), pub);
  } catch {
    return false;
  }
}

export function signatureHex(sig: Sm2Signature, format: SignatureFormat): string {
  return Buffer.from(encodeSignature(sig, format)).toString('hex');
}
