/**
 * SM4 (GB/T 32907-2016) block cipher with CBC and PKCS#7 padding, pure JS on 32-bit words with
 * precomputed S-box·L tables: Electron's BoringSSL has no SM4, and sm-crypto's version is slow for bodies.
 */

const SBOX = Uint8Array.from(
  Buffer.from(
    'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa441326498606999c4250f491ef987a33540b43edcfac62' +
      'e4b31ca9c908e89580df94fa758f3fa64707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35' +
      '1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89eeabf8ad240c738b5a3f7f2cef96115a1' +
      'e0ae5da49b341a55ad933230f58cb1e31df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
      '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b08969974a0c96777e65b9f109c56ec684' +
      '18f07dec3adc4d2079ee5f3ed7cb3948',
    'hex',
  ),
);
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
const CK = new Uint32Array(32);
for (let i = 0; i < 32; i++) {
  let w = 0;
  for (let j = 0; j < 4; j++) w = (w << 8) | (((4 * i + j) * 7) & 0xff);
  CK[i] = w >>> 0;
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

// T0[b] = L(S(b) << 24); the other byte positions are rotations of it.
const T0 = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  const b = SBOX[i]! << 24;
  T0[i] = (b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24)) >>> 0;
}
const T1 = T0.map((x) => rotl(x, 24));
const T2 = T0.map((x) => rotl(x, 16));
const T3 = T0.map((x) => rotl(x, 8));

function tau(x: number): number {
  return ((SBOX[x >>> 24]! << 24) | (SBOX[(x >>> 16) & 0xff]! << 16) | (SBOX[(x >>> 8) & 0xff]! << 8) | SBOX[x & 0xff]!) >>> 0;
}

/** The 32 round keys; reversed for decryption. */
export function sm4RoundKeys(key: Uint8Array, decrypt = false): Uint32Array {
  if (key.length !== 16) throw new RangeError('SM4 key must be 16 bytes');
  const dv = new DataView(key.buffer, key.byteOffset, 16);
  const k = [0, 1, 2, 3].map((i) => (dv.getUint32(i * 4) ^ FK[i]!) >>> 0);
  const rk = new Uint32Array(32);
  for (let i = 0; i < 32; i++) {
    const t = tau((k[i + 1]! ^ k[i + 2]! ^ k[i + 3]! ^ CK[i]!) >>> 0);
    k.push((k[i]! ^ t ^ rotl(t, 13) ^ rotl(t, 23)) >>> 0);
    rk[i] = k[i + 4]!;
  }
  return decrypt ? rk.reverse() : rk;
}

/** One block, words in and out (big-endian), in place in `w` at offset 0. */
function crypt(w: Uint32Array, rk: Uint32Array): void {
  let x0 = w[0]!, x1 = w[1]!, x2 = w[2]!, x3 = w[3]!;
  for (let i = 0; i < 32; i += 4) {
    let t = x1 ^ x2 ^ x3 ^ rk[i]!;
    x0 ^= T0[t >>> 24]! ^ T1[(t >>> 16) & 0xff]! ^ T2[(t >>> 8) & 0xff]! ^ T3[t & 0xff]!;
    t = x2 ^ x3 ^ x0 ^ rk[i + 1]!;
    x1 ^= T0[t >>> 24]! ^ T1[(t >>> 16) & 0xff]! ^ T2[(t >>> 8) & 0xff]! ^ T3[t & 0xff]!;
    t = x3 ^ x0 ^ x1 ^ rk[i + 2]!;
    x2 ^= T0[t >>> 24]! ^ T1[(t >>> 16) & 0xff]! ^ T2[(t >>> 8) & 0xff]! ^ T3[t & 0xff]!;
    t = x0 ^ x1 ^ x2 ^ rk[i + 3]!;
    x3 ^= T0[t >>> 24]! ^ T1[(t >>> 16) & 0xff]! ^ T2[(t >>> 8) & 0xff]! ^ T3[t & 0xff]!;
  }
  w[0] = x3 >>> 0;
  w[1] = x2 >>> 0;
  w[2] = x1 >>> 0;
  w[3] = x0 >>> 0;
}

/** Encrypts or decrypts one 16-byte block (ECB of one block): for the standard's vectors and tests. */
export function sm4Block(input: Uint8Array, rk: Uint32Array): Uint8Array {
  const dv = new DataView(input.buffer, input.byteOffset, 16);
  const w = Uint32Array.of(dv.getUint32(0), dv.getUint32(4), dv.getUint32(8), dv.getUint32(12));
  crypt(w, rk);
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) ov.setUint32(i * 4, w[i]!);
  return out;
}

export function sm4CbcEncrypt(plain: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  if (iv.length !== 16) throw new RangeError('SM4 IV must be 16 bytes');
  const rk = sm4RoundKeys(key);
  const pad = 16 - (plain.length % 16);
  const out = new Uint8Array(plain.length + pad);
  out.set(plain);
  out.fill(pad, plain.length);
  const dv = new DataView(out.buffer);
  const ivv = new DataView(iv.buffer, iv.byteOffset, 16);
  const w = Uint32Array.of(ivv.getUint32(0), ivv.getUint32(4), ivv.getUint32(8), ivv.getUint32(12));
  for (let o = 0; o < out.length; o += 16) {
    for (let i = 0; i < 4; i++) w[i] = (w[i]! ^ dv.getUint32(o + i * 4)) >>> 0;
    crypt(w, rk);
    for (let i = 0; i < 4; i++) dv.setUint32(o + i * 4, w[i]!);
  }
  return out;
}

export function sm4CbcDecrypt(cipher: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  if (iv.length !== 16) throw new RangeError('SM4 IV must be 16 bytes');
  if (cipher.length === 0 || cipher.length % 16 !== 0) throw new RangeError('SM4-CBC: ciphertext is not whole blocks');
  const rk = sm4RoundKeys(key, true);
  const out = new Uint8Array(cipher.length);
  const cv = new DataView(cipher.buffer, cipher.byteOffset, cipher.length);
  const dv = new DataView(out.buffer);
  const ivv = new DataView(iv.buffer, iv.byteOffset, 16);
  let p0 = ivv.getUint32(0), p1 = ivv.getUint32(4), p2 = ivv.getUint32(8), p3 = ivv.getUint32(12);
  const w = new Uint32Array(4);
  for (let o = 0; o < cipher.length; o += 16) {
    const c0 = cv.getUint32(o), c1 = cv.getUint32(o + 4), c2 = cv.getUint32(o + 8), c3 = cv.getUint32(o + 12);
    w[0] = c0; w[1] = c1; w[2] = c2; w[3] = c3;
    crypt(w, rk);
    dv.setUint32(o, (w[0]! ^ p0) >>> 0);
    dv.setUint32(o + 4, (w[1]! ^ p1) >>> 0);
    dv.setUint32(o + 8, (w[2]! ^ p2) >>> 0);
    dv.setUint32(o + 12, (w[3]! ^ p3) >>> 0);
    p0 = c0; p1 = c1; p2 = c2; p3 = c3;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 16) throw new RangeError('SM4-CBC: bad padding');
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new RangeError('SM4-CBC: bad padding');
  return out.subarray(0, out.length - pad);
}
