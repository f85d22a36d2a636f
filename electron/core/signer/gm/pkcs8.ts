import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { SignerError } from '../errors.ts';
import { children, derInteger, derOid, octets, parseDer, readInteger, readOid, seq, tlv, type DerNode } from './der.ts';
import { OID } from './oids.ts';
import { pbkdf2Sm3 } from './sm3.ts';
import { sm4CbcDecrypt, sm4CbcEncrypt } from './sm4.ts';

/**
 * SM2 private keys in PKCS#8, plain or encrypted (PBES2: PBKDF2 with HMAC-SHA256 or HMAC-SM3, then
 * SM4-CBC or AES-CBC). The written form (PBKDF2-HMAC-SHA256 + SM4-CBC) is what `openssl pkcs8 -topk8
 * -v2 sm4-cbc` makes, so IT staff can convert a CA's key file with stock tools. AES and PBKDF2-SHA256 come
 * from node:crypto (BoringSSL has them); SM3/SM4 are ours.
 */

const sm2AlgId = (): Uint8Array => seq(derOid(OID.ecPublicKey), derOid(OID.sm2Curve));

/** PrivateKeyInfo { 0, {ecPublicKey, sm2}, ECPrivateKey { 1, d, [1] pub } } as OpenSSL writes it. */
export function encodePrivateKeyInfo(d: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const ecPrivateKey = seq(derInteger(1n), octets(d), tlv(0xa1, tlv(0x03, Uint8Array.from([0, ...publicKey]))));
  return seq(derInteger(0n), sm2AlgId(), octets(ecPrivateKey));
}

/** The private scalar of an SM2 PrivateKeyInfo; throws SIGNER_KEY_FILE_INVALID for anything else. */
export function decodePrivateKeyInfo(der: Uint8Array): Uint8Array {
  try {
    const [version, alg, key] = children(parseDer(der, 0x30));
    if (!version || !alg || !key || readInteger(version) !== 0n || key.tag !== 0x04) throw new Error('shape');
    const [algOid, params] = children(alg);
    const algName = readOid(algOid!);
    const curveOk = algName === OID.sm2Curve || (algName === OID.ecPublicKey && params !== undefined && readOid(params) === OID.sm2Curve);
    if (!curveOk) throw new Error('not SM2');
    const [ver, d] = children(parseDer(key.value, 0x30));
    if (!ver || readInteger(ver) !== 1n || !d || d.tag !== 0x04 || d.value.length > 32) throw new Error('ECPrivateKey');
    const out = new Uint8Array(32);
    out.set(d.value, 32 - d.value.length);
    return out;
  } catch (err) {
    if (err instanceof SignerError) throw err;
    throw new SignerError('KEY_FILE_INVALID');
  }
}

interface Pbes2 {
  prf: string;
  salt: Uint8Array;
  iterations: number;
  cipher: string;
  iv: Uint8Array;
}

function readPbes2(alg: DerNode): Pbes2 {
  const [oid, params] = children(alg);
  if (readOid(oid!) !== OID.pbes2 || !params) throw new Error('only PBES2 is supported');
  const [kdf, enc] = children(params);
  const [kdfOid, kdfParams] = children(kdf!);
  if (readOid(kdfOid!) !== OID.pbkdf2 || !kdfParams) throw new Error('only PBKDF2 is supported');
  const kp = children(kdfParams);
  const salt = kp[0]!;
  const iterations = Number(readInteger(kp[1]!));
  const prfNode = kp.slice(2).find((n) => n.tag === 0x30);
  const prf = prfNode ? readOid(children(prfNode)[0]!) : OID.hmacWithSha1;
  const [encOid, iv] = children(enc!);
  if (salt.tag !== 0x04 || iv?.tag !== 0x04) throw new Error('PBES2 parameters');
  return { prf, salt: salt.value, iterations, cipher: readOid(encOid!), iv: iv.value };
}

function deriveKey(p: Pbes2, password: string, keyLen: number): Uint8Array {
  const pw = Buffer.from(password, 'utf8');
  if (p.prf === OID.hmacWithSm3) return pbkdf2Sm3(pw, p.salt, p.iterations, keyLen);
  if (p.prf === OID.hmacWithSha256) return pbkdf2Sync(pw, p.salt, p.iterations, keyLen, 'sha256');
  if (p.prf === OID.hmacWithSha1) return pbkdf2Sync(pw, p.salt, p.iterations, keyLen, 'sha1');
  throw new Error('unsupported PBKDF2 PRF');
}

function decryptWith(p: Pbes2, password: string, data: Uint8Array): Uint8Array {
  if (p.cipher === OID.sm4Cbc) return sm4CbcDecrypt(data, deriveKey(p, password, 16), p.iv);
  const aes = p.cipher === OID.aes256Cbc ? 'aes-256-cbc' : p.cipher === OID.aes128Cbc ? 'aes-128-cbc' : undefined;
  if (!aes) throw new Error('unsupported cipher');
  const d = createDecipheriv(aes, deriveKey(p, password, aes === 'aes-256-cbc' ? 32 : 16), p.iv);
  return Buffer.concat([d.update(data), d.final()]);
}

export function isEncryptedPkcs8(der: Uint8Array): boolean {
  try {
    const [alg] = children(parseDer(der, 0x30));
    return alg?.tag === 0x30 && readOid(children(alg)[0]!) === OID.pbes2;
  } catch {
    return false;
  }
}

/** Decrypts an EncryptedPrivateKeyInfo; a wrong password is SIGNER_KEY_PASSWORD_WRONG, never a crash. */
export function decryptPkcs8(der: Uint8Array, password: string): Uint8Array {
  let p: Pbes2;
  let data: Uint8Array;
  try {
    const [alg, enc] = children(parseDer(der, 0x30));
    if (!alg || enc?.tag !== 0x04) throw new Error('shape');
    p = readPbes2(alg);
    data = enc.value;
  } catch {
    throw new SignerError('KEY_FILE_INVALID');
  }
  let plain: Uint8Array;
  try {
    plain = decryptWith(p, password, data);
  } catch {
    // Bad padding after CBC is what a wrong password looks like.
    throw new SignerError('KEY_PASSWORD_WRONG');
  }
  try {
    return decodePrivateKeyInfo(plain);
  } catch {
    throw new SignerError('KEY_PASSWORD_WRONG');
  }
}

export interface EncryptOptions {
  iterations?: number;
  prf?: 'sha256' | 'sm3';
  cipher?: 'sm4-cbc' | 'aes-256-cbc';
}

/** Writes an EncryptedPrivateKeyInfo (defaults: PBKDF2-HMAC-SHA256, 100k rounds, SM4-CBC). */
export function encryptPkcs8(privateKeyInfo: Uint8Array, password: string, o: EncryptOptions = {}): Uint8Array {
  const iterations = o.iterations ?? 100_000;
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = o.cipher ?? 'sm4-cbc';
  const prf = o.prf ?? 'sha256';
  const keyLen = cipher === 'sm4-cbc' ? 16 : 32;
  const pw = Buffer.from(password, 'utf8');
  const key = prf === 'sm3' ? pbkdf2Sm3(pw, salt, iterations, keyLen) : pbkdf2Sync(pw, salt, iterations, keyLen, 'sha256');
  let data: Uint8Array;
  if (cipher === 'sm4-cbc') data = sm4CbcEncrypt(privateKeyInfo, key, iv);
  else {
    const c = createCipheriv('aes-256-cbc', key, iv);
    data = Buffer.concat([c.update(privateKeyInfo), c.final()]);
  }
  const prfAlg = seq(derOid(prf === 'sm3' ? OID.hmacWithSm3 : OID.hmacWithSha256), tlv(0x05, new Uint8Array(0)));
  const kdf = seq(derOid(OID.pbkdf2), seq(octets(salt), derInteger(BigInt(iterations)), prfAlg));
  const enc = seq(derOid(cipher === 'sm4-cbc' ? OID.sm4Cbc : OID.aes256Cbc), octets(iv));
  return seq(seq(derOid(OID.pbes2), seq(kdf, enc)), octets(data));
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** DER from PEM text (first block with the label) or passes DER bytes through. */
export function fromPem(input: string | Uint8Array, label: string): Uint8Array {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const m = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(text);
  if (m) return Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  if (typeof input === 'string') throw new Error(`no ${label} block`);
  return input;
}
