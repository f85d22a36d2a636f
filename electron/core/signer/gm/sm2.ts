import { randomBytes } from 'node:crypto';
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { Sm3 } from './sm3.ts';

/**
 * SM2 signatures (GB/T 32918.2) on @noble/curves' audited Weierstrass arithmetic, pure JS so it runs in
 * Electron (BoringSSL has no SM2). The base point uses a precomputed window table, and (1+d)^-1 is cached
 * per key, so signing costs one fixed-base multiply: well under the 2 ms target where sm-crypto needs ~34 ms.
 */

export interface Sm2CurveParams {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  Gx: bigint;
  Gy: bigint;
}

/** The recommended curve sm2p256v1 (GB/T 32918.5). */
export const SM2P256V1: Sm2CurveParams = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

/** The default distinguishing ID of GM/T 0009 (and of sm-crypto, OpenSSL's SM2 with distid, the channels). */
export const DEFAULT_USER_ID = new TextEncoder().encode('1234567812345678');

export interface Sm2Signature {
  r: bigint;
  s: bigint;
}

export type Point = WeierstrassPoint<bigint>;

export interface Sm2 {
  readonly params: Sm2CurveParams;
  readonly Point: WeierstrassPointCons<bigint>;
  publicPoint(d: bigint): Point;
  pointFromBytes(bytes: Uint8Array): Point;
  /** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ xA ‖ yA). */
  z(pub: Point, userId?: Uint8Array): Uint8Array;
  /** e = SM3(Z ‖ M). */
  digest(message: Uint8Array, pub: Point, userId?: Uint8Array): Uint8Array;
  /** Signs a digest e; `k` is for the standard's worked example only, never for real keys. */
  signDigest(e: Uint8Array, d: bigint, opts?: { dPlus1Inv?: bigint; k?: bigint }): Sm2Signature;
  verifyDigest(e: Uint8Array, sig: Sm2Signature, pub: Point): boolean;
  randomScalar(): bigint;
}

const toBig = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));

export function bigToBytes(x: bigint, len = 32): Uint8Array {
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(len * 2, '0'), 'hex'));
}

export function createSm2(params: Sm2CurveParams): Sm2 {
  const Point = weierstrass({ ...params, h: 1n });
  const { n } = params;
  const G = Point.BASE;
  // A wide table for the one point every signature multiplies: built once, on first use.
  G.precompute(8);
  const curveBytes = [params.a, params.b, params.Gx, params.Gy].map((x) => bigToBytes(x));

  function randomScalar(): bigint {
    for (;;) {
      const k = toBig(randomBytes(32));
      if (k > 0n && k < n) return k;
    }
  }

  function z(pub: Point, userId: Uint8Array = DEFAULT_USER_ID): Uint8Array {
    const entl = userId.length * 8;
    if (entl > 0xffff) throw new RangeError('SM2 user ID too long');
    const h = new Sm3().update(Uint8Array.of(entl >> 8, entl & 0xff)).update(userId);
    for (const c of curveBytes) h.update(c);
    const a = pub.toAffine();
    return h.update(bigToBytes(a.x)).update(bigToBytes(a.y)).digest();
  }

  return {
    params,
    Point,
    publicPoint: (d) => G.multiply(d),
    pointFromBytes(bytes) {
      const p = Point.fromBytes(bytes);
      p.assertValidity();
      return p;
    },
    z,
    digest: (message, pub, userId) => new Sm3().update(z(pub, userId)).update(message).digest(),
    signDigest(eBytes, d, opts = {}) {
      if (d <= 0n || d >= n - 1n) throw new RangeError('SM2 private key out of range');
      const e = toBig(eBytes);
      const dPlus1Inv = opts.dPlus1Inv ?? invert(d + 1n, n);
      for (;;) {
        const k = opts.k ?? randomScalar();
        const x1 = G.multiply(k).toAffine().x;
        const r = mod(e + x1, n);
        if (r === 0n || r + k === n) {
          if (opts.k !== undefined) throw new RangeError('SM2: the given k is unusable');
          continue;
        }
        const s = mod(dPlus1Inv * mod(k - r * d, n), n);
        if (s === 0n) {
          if (opts.k !== undefined) throw new RangeError('SM2: the given k is unusable');
          continue;
        }
        return { r, s };
      }
    },
    verifyDigest(eBytes, { r, s }, pub) {
      if (r < 1n || r >= n || s < 1n || s >= n) return false;
      const t = mod(r + s, n);
      if (t === 0n) return false;
      const sum = G.multiply(s).add(pub.multiplyUnsafe(t));
      if (sum.is0()) return false;
      return mod(toBig(eBytes) + sum.toAffine().x, n) === r;
    },
    randomScalar,
  };
}

let recommended: Sm2 | undefined;
/** The sm2p256v1 instance, created (and its base table built) on first use. */
export function sm2(): Sm2 {
  recommended ??= createSm2(SM2P256V1);
  return recommended;
}

export { toBig as bytesToBig };
