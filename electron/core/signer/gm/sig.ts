import { bigToBytes, type Sm2Signature } from './sm2.ts';
import { DerError, children, derInteger, parseDer, readInteger, seq } from './der.ts';

/** How a channel wants the signature: r‖s (64 bytes, GM/T 0009's raw form) or DER SEQUENCE { r, s }. */
export type SignatureFormat = 'rs' | 'der';

export function encodeSignature(sig: Sm2Signature, format: SignatureFormat): Uint8Array {
  if (format === 'der') return seq(derInteger(sig.r), derInteger(sig.s));
  const out = new Uint8Array(64);
  out.set(bigToBytes(sig.r), 0);
  out.set(bigToBytes(sig.s), 32);
  return out;
}

/** Reads either form: 64 bytes are r‖s, anything starting with a SEQUENCE is DER. */
export function decodeSignature(bytes: Uint8Array): Sm2Signature {
  if (bytes.length === 64 && bytes[0] !== 0x30) {
    return { r: BigInt(`0x${Buffer.from(bytes.subarray(0, 32)).toString('hex')}`), s: BigInt(`0x${Buffer.from(bytes.subarray(32)).toString('hex')}`) };
  }
  try {
    const parts = children(parseDer(bytes, 0x30));
    if (parts.length !== 2) throw new DerError('signature: expected two integers');
    return { r: readInteger(parts[0]!), s: readInteger(parts[1]!) };
  } catch (err) {
    if (bytes.length === 64) {
      return { r: BigInt(`0x${Buffer.from(bytes.subarray(0, 32)).toString('hex')}`), s: BigInt(`0x${Buffer.from(bytes.subarray(32)).toString('hex')}`) };
    }
    throw err;
  }
}
