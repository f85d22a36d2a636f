/**
 * SM3 (GB/T 32905-2016) in pure JS on 32-bit words. Electron's BoringSSL has no SM3, and sm-crypto's
 * array-of-numbers version is slow for the hot path (the Z value and every signed message go through here).
 */

const IV = new Uint32Array([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

// T_j rotated by j, computed once.
const TJ = new Uint32Array(64);
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);

function compress(v: Uint32Array, block: Uint8Array, off: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = off + i * 4;
    w[i] = ((block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!) >>> 0;
  }
  for (let j = 16; j < 68; j++) {
    const x = w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15);
    w[j] = (x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!) >>> 0;
  }
  let a = v[0]!, b = v[1]!, c = v[2]!, d = v[3]!, e = v[4]!, f = v[5]!, g = v[6]!, h = v[7]!;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + TJ[j]!) >>> 0, 7);
    const ss2 = ss1 ^ a12;
    const w1 = w[j]! ^ w[j + 4]!;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + w1) >>> 0;
    const tt2 = (gg + h + ss1 + w[j]!) >>> 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = (tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17)) >>> 0;
  }
  v[0]! ^= a; v[1]! ^= b; v[2]! ^= c; v[3]! ^= d; v[4]! ^= e; v[5]! ^= f; v[6]! ^= g; v[7]! ^= h;
}

/** Incremental SM3, for hashing Z‖M without concatenating. */
export class Sm3 {
  private readonly v = new Uint32Array(IV);
  private readonly buf = new Uint8Array(64);
  private readonly w = new Uint32Array(68);
  private bufLen = 0;
  private total = 0;

  update(data: Uint8Array): this {
    let i = 0;
    this.total += data.length;
    if (this.bufLen > 0) {
      const take = Math.min(64 - this.bufLen, data.length);
      this.buf.set(data.subarray(0, take), this.bufLen);
      this.bufLen += take;
      i = take;
      if (this.bufLen < 64) return this;
      compress(this.v, this.buf, 0, this.w);
      this.bufLen = 0;
    }
    for (; i + 64 <= data.length; i += 64) compress(this.v, data, i, this.w);
    if (i < data.length) {
      this.buf.set(data.subarray(i), 0);
      this.bufLen = data.length - i;
    }
    return this;
  }

  digest(): Uint8Array {
    const bits = this.total * 8;
    const padLen = this.bufLen < 56 ? 64 - this.bufLen : 128 - this.bufLen;
    const pad = new Uint8Array(padLen);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLen - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padLen - 4, bits >>> 0);
    this.update(pad);
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setUint32(i * 4, this.v[i]!);
    return out;
  }
}

export function sm3(data: Uint8Array): Uint8Array {
  return new Sm3().update(data).digest();
}

/** HMAC-SM3 (RFC 2104 with SM3's 64-byte block): the PRF of SM-flavoured PBKDF2. */
export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = key.length > 64 ? sm3(key) : key;
  const ipad = new Uint8Array(64).fill(0x36);
  const opad = new Uint8Array(64).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    ipad[i]! ^= k[i]!;
    opad[i]! ^= k[i]!;
  }
  const inner = new Sm3().update(ipad).update(data).digest();
  return new Sm3().update(opad).update(inner).digest();
}

/** PBKDF2 (RFC 8018) with HMAC-SM3, for encrypted PKCS#8 keys that use hmacWithSM3. */
export function pbkdf2Sm3(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(salt.length + 4);
  block.set(salt);
  for (let i = 1, off = 0; off < length; i++, off += 32) {
    new DataView(block.buffer).setUint32(salt.length, i);
    let u = hmacSm3(password, block);
    const t = u.slice();
    for (let c = 1; c < iterations; c++) {
      u = hmacSm3(password, u);
      for (let j = 0; j < 32; j++) t[j]! ^= u[j]!;
    }
    out.set(t.subarray(0, Math.min(32, length - off)), off);
  }
  return out;
}
