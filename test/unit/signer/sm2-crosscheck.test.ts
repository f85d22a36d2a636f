import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign as osslSign, verify as osslVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, keyPairFromPrivate, signatureHex, verifyMessage } from '../../../electron/core/signer/gm/keys.ts';
import { encodePrivateKeyInfo } from '../../../electron/core/signer/gm/pkcs8.ts';
import { decodeSignature, encodeSignature } from '../../../electron/core/signer/gm/sig.ts';
import { createSoftSigner, generateSoftKey, verifySm2 } from '../../../electron/core/signer/soft-signer.ts';

const { sm2: smc } = smCrypto;
const EMPTY_ID = new Uint8Array(0);

function nodeKeys(pair: ReturnType<typeof generateKeyPair>) {
  const der = Buffer.from(encodePrivateKeyInfo(pair.exportPrivate(), Buffer.from(pair.publicKeyHex, 'hex')));
  const priv = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { priv, pub: createPublicKey(priv) };
}

function hasOpensslCli(): boolean {
  try {
    return /OpenSSL 3/.test(execFileSync('openssl', ['version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

describe('fast SM2 against sm-crypto (the previous implementation)', () => {
  it('each verifies the other, for random messages (property)', () => {
    const pair = generateKeyPair();
    const dHex = Buffer.from(pair.exportPrivate()).toString('hex');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (msg) => {
        const ours = signatureHex(pair.sign(msg), 'rs');
        expect(smc.doVerifySignature(Array.from(msg), ours, pair.publicKeyHex, { hash: true })).toBe(true);
        const theirs = smc.doSignature(Array.from(msg), dHex, { hash: true, publicKey: pair.publicKeyHex });
        expect(verifyMessage(msg, Buffer.from(theirs, 'hex'), pair.publicKeyHex)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
  it('derives the same public key as sm-crypto', () => {
    const k = smc.generateKeyPairHex();
    expect(keyPairFromPrivate(k.privateKey).publicKeyHex).toBe(k.publicKey);
  });
  it('rejects a signature over another message, by another key, or tampered', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    const msg = Buffer.from('invoice batch 1');
    const sig = encodeSignature(a.sign(msg), 'rs');
    expect(verifyMessage(msg, sig, a.publicKeyHex)).toBe(true);
    expect(verifyMessage(Buffer.from('invoice batch 2'), sig, a.publicKeyHex)).toBe(false);
    expect(verifyMessage(msg, sig, b.publicKeyHex)).toBe(false);
    const bad = sig.slice();
    bad[40]! ^= 1;
    expect(verifyMessage(msg, bad, a.publicKeyHex)).toBe(false);
    expect(verifyMessage(msg, sig.subarray(0, 63), a.publicKeyHex)).toBe(false);
  });
  it('DER and r‖s carry the same signature', () => {
    const a = generateKeyPair();
    const sig = a.sign(Buffer.from('x'));
    const der = encodeSignature(sig, 'der');
    expect(der[0]).toBe(0x30);
    expect(decodeSignature(der)).toEqual(sig);
    expect(decodeSignature(encodeSignature(sig, 'rs'))).toEqual(sig);
    expect(verifyMessage(Buffer.from('x'), der, a.publicKeyHex)).toBe(true);
  });
});

describe('fast SM2 against OpenSSL (plain Node, test-only cross-check)', () => {
  // Node's crypto.sign cannot set OpenSSL's SM2 distinguishing ID, and OpenSSL 3 then hashes Z with an
  // empty ID; the default ID 1234567812345678 is cross-checked with the openssl CLI below.
  it('OpenSSL verifies ours and we verify OpenSSL’s (empty user ID, DER)', () => {
    for (let i = 0; i < 5; i++) {
      const pair = generateKeyPair();
      const { priv, pub } = nodeKeys(pair);
      const msg = Buffer.from(`submission ${i} 发票`);
      const ours = encodeSignature(pair.sign(msg, EMPTY_ID), 'der');
      expect(osslVerify(null, msg, pub, ours)).toBe(true);
      expect(osslVerify(null, Buffer.from('other'), pub, ours)).toBe(false);
      const theirs = osslSign(null, msg, priv);
      expect(verifyMessage(msg, theirs, pair.publicKeyHex, EMPTY_ID)).toBe(true);
      // …and not under the default ID: the Z value really is in the hash.
      expect(verifyMessage(msg, theirs, pair.publicKeyHex)).toBe(false);
    }
  });

  it.skipIf(!hasOpensslCli())('openssl pkeyutl with distid 1234567812345678 agrees both ways', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
    const pair = generateKeyPair();
    const { priv, pub } = nodeKeys(pair);
    writeFileSync(join(dir, 'k.pem'), priv.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(dir, 'p.pem'), pub.export({ format: 'pem', type: 'spki' }));
    const msg = Buffer.from('appid\ntimestamp\nnonce\nbody');
    writeFileSync(join(dir, 'm'), msg);
    writeFileSync(join(dir, 'ours.der'), encodeSignature(pair.sign(msg), 'der'));
    const common = ['-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', join(dir, 'm')];
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'p.pem'), '-sigfile', join(dir, 'ours.der'), ...common], { encoding: 'utf8' });
    expect(out).toMatch(/Verified Successfully/);
    execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', join(dir, 'k.pem'), '-out', join(dir, 'theirs.der'), ...common]);
    expect(verifyMessage(msg, readFileSync(join(dir, 'theirs.der')), pair.publicKeyHex)).toBe(true);
  });
});

describe('soft signer (sandbox test key) stays compatible', () => {
  it('signs r‖s hex that verifySm2 and sm-crypto accept; DER when configured', async () => {
    const key = generateSoftKey();
    expect(key.privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    const signer = createSoftSigner(key, '91310115591693856A');
    const msg = Buffer.from('appId\n1700000000000\nnonce\n{}');
    const sig = await signer.sign(msg);
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(verifySm2(msg, sig, key.publicKeyHex)).toBe(true);
    expect(smc.doVerifySignature(Array.from(msg), sig, key.publicKeyHex, { hash: true })).toBe(true);
    expect(verifySm2(msg, 'zz', key.publicKeyHex)).toBe(false);
    const der = await createSoftSigner(key, undefined, { format: 'der' }).sign(msg);
    expect(der.startsWith('30')).toBe(true);
    expect(verifySm2(msg, der, key.publicKeyHex)).toBe(true);
    expect((await signer.info()).taxpayerId).toBe('91310115591693856A');
    expect(await signer.certificate()).toBeUndefined();
  });
});
