import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCertificateFileSigner } from '../../../electron/core/signer/file-signer.ts';
import { SignerError } from '../../../electron/core/signer/errors.ts';
import { decryptPkcs8, encodePrivateKeyInfo, encryptPkcs8, fromPem, toPem } from '../../../electron/core/signer/gm/pkcs8.ts';
import { verifySm2 } from '../../../electron/core/signer/soft-signer.ts';
import { encryptedKeyPem, generateTestCertificate } from '../../../electron/core/signer/test-certificate.ts';

const TAX_ID = '91310115591693856A';
const PASSWORD = 'Secret-口令-42';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SignerError ? err.code : `not a SignerError: ${String(err)}`;
  }
  return undefined;
}

describe('encrypted PKCS#8 SM2 keys', () => {
  const cert = generateTestCertificate({ taxpayerId: TAX_ID });
  const info = encodePrivateKeyInfo(cert.key.exportPrivate(), Buffer.from(cert.publicKeyHex, 'hex'));

  it.each([
    [{ prf: 'sha256', cipher: 'sm4-cbc' }],
    [{ prf: 'sm3', cipher: 'sm4-cbc' }],
    [{ prf: 'sha256', cipher: 'aes-256-cbc' }],
  ] as const)('round-trips %o and refuses a wrong password', (opts) => {
    const enc = encryptPkcs8(info, PASSWORD, { ...opts, iterations: 500 });
    expect(Buffer.from(decryptPkcs8(enc, PASSWORD)).toString('hex')).toBe(cert.privateKeyHex);
    expect(code(() => decryptPkcs8(enc, 'wrong'))).toBe('SIGNER_KEY_PASSWORD_WRONG');
  });

  it('Node’s OpenSSL decrypts our SM4-CBC file to the same key, and we decrypt its files', () => {
    const pem = encryptedKeyPem(cert, PASSWORD);
    const key = createPrivateKey({ key: pem, passphrase: PASSWORD });
    const plain = key.export({ format: 'der', type: 'pkcs8' });
    expect(Buffer.from(plain).includes(Buffer.from(cert.privateKeyHex, 'hex'))).toBe(true);
    for (const cipher of ['aes-256-cbc', 'sm4-cbc']) {
      const theirs = key.export({ format: 'pem', type: 'pkcs8', cipher, passphrase: PASSWORD }) as string;
      expect(Buffer.from(decryptPkcs8(fromPem(theirs, 'ENCRYPTED PRIVATE KEY'), PASSWORD)).toString('hex')).toBe(cert.privateKeyHex);
    }
  });
});

describe('certificate-file signer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certfile-'));
  const cert = generateTestCertificate({ taxpayerId: TAX_ID });
  const certPath = join(dir, 'store.cer');
  const keyPath = join(dir, 'store.key');
  writeFileSync(certPath, cert.certPem);
  writeFileSync(keyPath, encryptedKeyPem(cert, PASSWORD));

  it('loads the files, reports no secret, signs r‖s that verifies', async () => {
    const signer = createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: PASSWORD, sellerTaxId: TAX_ID });
    const info = await signer.info();
    expect(info).toMatchObject({ source: 'certificate-file', taxpayerId: TAX_ID, publicKeyHex: cert.publicKeyHex, warnings: [] });
    const shown = JSON.stringify(info);
    expect(shown).not.toContain(cert.privateKeyHex);
    expect(shown).not.toContain(PASSWORD);
    const msg = Buffer.from('batch digest list');
    const sig = await signer.sign(msg);
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(verifySm2(msg, sig, cert.publicKeyHex)).toBe(true);
    expect(Buffer.from((await signer.certificate())!).equals(Buffer.from(cert.certDer))).toBe(true);
  });

  it('signs DER when the channel wants DER; accepts an unencrypted key without a password', async () => {
    const plainPem = toPem(encodePrivateKeyInfo(cert.key.exportPrivate(), Buffer.from(cert.publicKeyHex, 'hex')), 'PRIVATE KEY');
    const signer = createCertificateFileSigner({ certificate: cert.certDer, privateKey: plainPem, format: 'der' });
    const sig = await signer.sign(Buffer.from('m'));
    expect(sig.startsWith('30')).toBe(true);
    expect(verifySm2(Buffer.from('m'), sig, cert.publicKeyHex)).toBe(true);
  });

  it('asks for the password, refuses a wrong one and a key of another certificate', () => {
    expect(code(() => createCertificateFileSigner({ certificate: certPath, privateKey: keyPath }))).toBe('SIGNER_KEY_PASSWORD_REQUIRED');
    expect(code(() => createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: 'nope' }))).toBe('SIGNER_KEY_PASSWORD_WRONG');
    const other = generateTestCertificate({ taxpayerId: TAX_ID });
    expect(code(() => createCertificateFileSigner({ certificate: other.certPem, privateKey: keyPath, password: PASSWORD }))).toBe('SIGNER_CERT_KEY_MISMATCH');
    expect(code(() => createCertificateFileSigner({ certificate: certPath, privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }))).toBe('SIGNER_KEY_FILE_INVALID');
    expect(code(() => createCertificateFileSigner({ certificate: certPath, privateKey: join(dir, 'missing.key') }))).toBe('SIGNER_KEY_FILE_INVALID');
    expect(code(() => createCertificateFileSigner({ certificate: join(dir, 'missing.cer'), privateKey: keyPath }))).toBe('SIGNER_CERT_INVALID');
  });

  it('never puts the password in an error', () => {
    let thrown: unknown;
    try {
      createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: 'Wrong-Password-99' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SignerError);
    expect(JSON.stringify((thrown as SignerError).errors) + (thrown as Error).message + (thrown as Error).stack).not.toContain('Wrong-Password-99');
  });

  it('refuses to sign for another store or after expiry, and says so in info()', async () => {
    const mismatch = createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: PASSWORD, sellerTaxId: '91350100M000100Y43' });
    await expect(mismatch.sign(Buffer.from('m'))).rejects.toMatchObject({ code: 'SIGNER_CERT_TAXID_MISMATCH' });
    expect((await mismatch.info()).warnings?.map((w) => w.code)).toEqual(['SIGNER_CERT_TAXID_MISMATCH']);
    const later = createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: PASSWORD, now: () => Date.now() + 400 * 86_400_000 });
    await expect(later.sign(Buffer.from('m'))).rejects.toMatchObject({ code: 'SIGNER_CERT_EXPIRED' });
    const soon = createCertificateFileSigner({ certificate: certPath, privateKey: keyPath, password: PASSWORD, now: () => Date.now() + 350 * 86_400_000 });
    expect((await soon.info()).warnings?.map((w) => w.code)).toEqual(['SIGNER_CERT_EXPIRING']);
    expect(await soon.sign(Buffer.from('m'))).toMatch(/^[0-9a-f]{128}$/);
  });
});
