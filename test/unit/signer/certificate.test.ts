import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPIRY_WARNING_DAYS, assertMaySign, checkCertificate, parseCertificate, verifyCertificateSignature } from '../../../electron/core/signer/certificate.ts';
import { SignerError } from '../../../electron/core/signer/errors.ts';
import { generateTestCertificate } from '../../../electron/core/signer/test-certificate.ts';

const TAX_ID = '91310115591693856A';
const DAY = 86_400_000;

describe('SM2 X.509 certificates in pure JS', () => {
  const made = generateTestCertificate({ taxpayerId: TAX_ID, name: '示例零售门店' });

  it('parses subject, taxpayer ID, validity and the SM2 public key', () => {
    const c = parseCertificate(made.certPem);
    expect(c.taxpayerId).toBe(TAX_ID);
    expect(c.subject).toContain('O=示例零售门店');
    expect(c.subject).toContain(`SERIALNUMBER=${TAX_ID}`);
    expect(c.publicKeyHex).toBe(made.publicKeyHex);
    expect(c.notAfter - c.notBefore).toBe(365 * DAY);
    expect(parseCertificate(made.certDer).serialHex).toBe(c.serialHex);
  });

  it('verifies its SM2-with-SM3 signature and detects tampering', () => {
    const c = parseCertificate(made.certDer);
    expect(verifyCertificateSignature(c)).toBe(true);
    const other = generateTestCertificate({ taxpayerId: TAX_ID });
    expect(verifyCertificateSignature(c, other.publicKeyHex)).toBe(false);
    const tampered = { ...c, tbs: c.tbs.slice() };
    tampered.tbs[tampered.tbs.length - 5]! ^= 1;
    expect(verifyCertificateSignature(tampered)).toBe(false);
  });

  it('finds the taxpayer ID in the CN when no serialNumber attribute carries it', async () => {
    const { AsnConvert } = await import('@peculiar/asn1-schema');
    const { Certificate } = await import('@peculiar/asn1-x509');
    const cert = AsnConvert.parse(made.certDer, Certificate);
    cert.tbsCertificate.subject = cert.tbsCertificate.subject.filter((rdn) => rdn[0]!.type !== '2.5.4.5') as typeof cert.tbsCertificate.subject;
    cert.tbsCertificateRaw = undefined;
    const parsed = parseCertificate(new Uint8Array(AsnConvert.serialize(cert)));
    expect(parsed.subject).not.toContain('SERIALNUMBER');
    expect(parsed.taxpayerId).toBe(TAX_ID);
  });

  it('refuses garbage and non-SM2 keys with SIGNER_CERT_INVALID', () => {
    expect(() => parseCertificate(Uint8Array.of(0x30, 0x03, 1, 2, 3))).toThrow(SignerError);
    const der = made.certDer.slice();
    // Change the last arc of the SM2 curve OID (1.2.156.10197.1.301 → .302): an EC key on another curve.
    const at = Buffer.from(der).indexOf(Buffer.from('2a811ccf5501822d', 'hex'));
    expect(at).toBeGreaterThan(0);
    der[at + 7] = 0x2e;
    try {
      parseCertificate(der);
      expect.unreachable();
    } catch (err) {
      expect((err as SignerError).code).toBe('SIGNER_CERT_INVALID');
    }
  });

  it('Node’s OpenSSL reads the generated certificate the same way', () => {
    const x = new X509Certificate(made.certPem);
    expect(x.subject).toContain(`serialNumber=${TAX_ID}`);
    expect(new Date(x.validTo).getTime()).toBe(parseCertificate(made.certPem).notAfter);
  });

  it.skipIf(!hasOpenssl())('openssl verifies the self-signed SM2 signature', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-'));
    writeFileSync(join(dir, 'c.pem'), made.certPem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'c.pem'), join(dir, 'c.pem')], { encoding: 'utf8' })).toMatch(/OK/);
  });
});

describe('refusing to sign', () => {
  const now = Date.UTC(2026, 10, 22);
  const cert = (from: number, to: number, taxpayerId = TAX_ID) =>
    parseCertificate(generateTestCertificate({ taxpayerId, notBefore: new Date(from), notAfter: new Date(to) }).certDer);

  it('accepts the store’s own valid certificate without warnings', () => {
    const r = checkCertificate(cert(now - 10 * DAY, now + 200 * DAY), { sellerTaxId: TAX_ID, now });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.daysLeft).toBe(200);
  });

  it('refuses another taxpayer’s certificate (case and spaces of the setting ignored)', () => {
    const c = cert(now - DAY, now + 100 * DAY, '91350100M000100Y43');
    const r = checkCertificate(c, { sellerTaxId: TAX_ID, now });
    expect(r.errors.map((e) => e.code)).toEqual(['SIGNER_CERT_TAXID_MISMATCH']);
    expect(r.errors[0]!.message_zh).toContain('91350100M000100Y43');
    expect(() => assertMaySign(c, { sellerTaxId: TAX_ID, now })).toThrow(/TAXID_MISMATCH/);
    expect(checkCertificate(c, { sellerTaxId: ' 91350100m000100y43 ', now }).errors).toEqual([]);
  });

  it('refuses an expired or not yet valid certificate', () => {
    expect(checkCertificate(cert(now - 400 * DAY, now - DAY), { now }).errors.map((e) => e.code)).toEqual(['SIGNER_CERT_EXPIRED']);
    expect(checkCertificate(cert(now + DAY, now + 400 * DAY), { now }).errors.map((e) => e.code)).toEqual(['SIGNER_CERT_NOT_YET_VALID']);
  });

  it(`warns from ${EXPIRY_WARNING_DAYS} days before expiry, not earlier`, () => {
    const c = cert(now - 300 * DAY, now + 30 * DAY);
    const r = checkCertificate(c, { sellerTaxId: TAX_ID, now });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['SIGNER_CERT_EXPIRING']);
    expect(r.warnings[0]!.message_zh).toContain('30 天');
    expect(checkCertificate(c, { now: now - 2 * DAY }).warnings).toEqual([]);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}
