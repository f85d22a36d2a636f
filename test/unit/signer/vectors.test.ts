import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { sm3Hex, sm4Open, sm4Seal } from '../../../electron/core/channel/sm4.ts';
import { hmacSm3, pbkdf2Sm3, sm3 } from '../../../electron/core/signer/gm/sm3.ts';
import { sm4Block, sm4CbcDecrypt, sm4CbcEncrypt, sm4RoundKeys } from '../../../electron/core/signer/gm/sm4.ts';
import { createSm2, sm2 } from '../../../electron/core/signer/gm/sm2.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('SM3 (GB/T 32905-2016)', () => {
  it('example 1: "abc"', () => {
    expect(hex(sm3(Buffer.from('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('example 2: "abcd" × 16 (512 bits, two blocks after padding)', () => {
    expect(hex(sm3(Buffer.from('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
  it('agrees with OpenSSL on every length around the block and padding edges', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65537]) {
      const data = randomBytes(n);
      expect(hex(sm3(data)), `length ${n}`).toBe(createHash('sm3').update(data).digest('hex'));
    }
  });
  it('sm3Hex keeps the audit chain hash of sm-crypto (UTF-8 text)', () => {
    const text = '开具\u001f2026-11-22\u001f¥100.00';
    expect(sm3Hex(text)).toBe(smCrypto.sm3(text));
  });
  it('HMAC-SM3 and PBKDF2-HMAC-SM3 agree with OpenSSL', () => {
    const key = randomBytes(80); // longer than a block: hashed first
    const data = randomBytes(100);
    expect(hex(hmacSm3(key, data))).toBe(createHmac('sm3', key).update(data).digest('hex'));
    expect(hex(pbkdf2Sm3(Buffer.from('口令pw'), Buffer.from('salt'), 300, 48))).toBe(pbkdf2Sync('口令pw', 'salt', 300, 48, 'sm3').toString('hex'));
  });
});

describe('SM4 (GB/T 32907-2016)', () => {
  const key = bytes('0123456789abcdeffedcba9876543210');
  it('example 1: one block encrypts and decrypts', () => {
    expect(hex(sm4Block(key, sm4RoundKeys(key)))).toBe('681edf34d206965e86b3e94f536e4246');
    expect(hex(sm4Block(bytes('681edf34d206965e86b3e94f536e4246'), sm4RoundKeys(key, true)))).toBe('0123456789abcdeffedcba9876543210');
  });
  it('example 2: 1,000,000 encryptions', () => {
    const rk = sm4RoundKeys(key);
    let x = key;
    for (let i = 0; i < 1_000_000; i++) x = sm4Block(x, rk);
    expect(hex(x)).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
  it('CBC with PKCS#7 agrees with OpenSSL both ways', () => {
    for (const n of [0, 1, 15, 16, 17, 1000]) {
      const k = randomBytes(16);
      const iv = randomBytes(16);
      const plain = randomBytes(n);
      const c = createCipheriv('sm4-cbc', k, iv);
      const ref = Buffer.concat([c.update(plain), c.final()]);
      expect(hex(sm4CbcEncrypt(plain, k, iv))).toBe(ref.toString('hex'));
      expect(hex(sm4CbcDecrypt(ref, k, iv))).toBe(plain.toString('hex'));
    }
  });
  it('rejects a tampered last block as bad padding, and ragged input', () => {
    const k = randomBytes(16);
    const iv = randomBytes(16);
    const ct = sm4CbcEncrypt(Buffer.from('hello'), k, iv);
    ct[ct.length - 1]! ^= 0xff;
    expect(() => sm4CbcDecrypt(ct, k, iv)).toThrow(/padding/);
    expect(() => sm4CbcDecrypt(ct.subarray(0, 15), k, iv)).toThrow(/whole blocks/);
  });
  it('sm4Seal/sm4Open interoperate with sm-crypto (bodies sealed before the switch still open)', () => {
    const keyHex = randomBytes(16).toString('hex');
    const text = JSON.stringify({ invoices: [{ orderNo: 'A-1', total: '113.00', name: '矿泉水' }] });
    const sealed = sm4Seal(text, keyHex);
    const viaSmCrypto = smCrypto.sm4.decrypt(Array.from(Buffer.from(sealed.data, 'base64')), keyHex, { mode: 'cbc', iv: sealed.iv, output: 'string' }) as string;
    expect(viaSmCrypto).toBe(text);
    const old = smCrypto.sm4.encrypt(Array.from(Buffer.from(text)), keyHex, { mode: 'cbc', iv: sealed.iv, output: 'array' }) as unknown as number[];
    expect(sm4Open({ iv: sealed.iv, data: Buffer.from(old).toString('base64') }, keyHex)).toBe(text);
  });
});

describe('SM2 (GB/T 32918.2 worked example, its 256-bit test curve)', () => {
  // Annex A of the standard (also draft-shen-sm2-ecdsa): user ALICE123@YAHOO.COM signs "message digest".
  const c = createSm2({
    p: 0x8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3n,
    a: 0x787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498n,
    b: 0x63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249an,
    Gx: 0x421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43dn,
    Gy: 0x0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2n,
    n: 0x8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7n,
  });
  const d = 0x128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263n;
  const id = new TextEncoder().encode('ALICE123@YAHOO.COM');
  const msg = new TextEncoder().encode('message digest');
  const P = c.publicPoint(d);

  it('public key, Z and e', () => {
    expect(P.toAffine().x.toString(16)).toBe('ae4c7798aa0f119471bee11825be46202bb79e2a5844495e97c04ff4df2548a');
    expect(P.toAffine().y.toString(16)).toBe('7c0240f88f1cd4e16352a73c17b7f16f07353e53a176d684a9fe0c6bb798e857');
    expect(hex(c.z(P, id))).toBe('f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a');
    expect(hex(c.digest(msg, P, id))).toBe('b524f552cd82b8b028476e005c377fb19a87e6fc682d48bb5d42e3d9b9effe76');
  });
  it('signature (r, s) with the example k, and it verifies', () => {
    const e = c.digest(msg, P, id);
    const sig = c.signDigest(e, d, { k: 0x6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96fn });
    expect(sig.r.toString(16)).toBe('40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1');
    expect(sig.s.toString(16)).toBe('6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7');
    expect(c.verifyDigest(e, sig, P)).toBe(true);
    expect(c.verifyDigest(c.digest(new TextEncoder().encode('message digesT'), P, id), sig, P)).toBe(false);
    expect(c.verifyDigest(e, { r: sig.r, s: sig.s + 1n }, P)).toBe(false);
  });
});

describe('SM2 on the recommended curve sm2p256v1 (GB/T 32918.5 / GM/T 0003.5 sample, default user ID)', () => {
  it('public key, e, and (r, s) with the sample k', () => {
    const c = sm2();
    const d = 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n;
    const P = c.publicPoint(d);
    expect(P.toHex(false)).toBe(
      '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    const e = c.digest(new TextEncoder().encode('message digest'), P);
    expect(hex(e)).toBe('f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640');
    const sig = c.signDigest(e, d, { k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n });
    expect(sig.r.toString(16)).toBe('f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3');
    expect(sig.s.toString(16)).toBe('b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa');
    expect(c.verifyDigest(e, sig, P)).toBe(true);
  });
});
