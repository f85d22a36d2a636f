import { readFileSync } from 'node:fs';
import { assertMaySign, checkCertificate, keyMatchesCertificate, parseCertificate } from './certificate.ts';
import { SignerError } from './errors.ts';
import { keyPairFromPrivate, signatureHex } from './gm/keys.ts';
import { decodePrivateKeyInfo, decryptPkcs8, fromPem, isEncryptedPkcs8 } from './gm/pkcs8.ts';
import type { SignatureFormat } from './gm/sig.ts';
import type { Signer, SignerInfo } from './signer.ts';

/**
 * A CA certificate with its private key in a PKCS#8 file (PEM or DER, normally password-protected), for
 * stores without a UKey. The password is used once to decrypt and is not kept; the decrypted scalar lives
 * only inside the key closure.
 */
export interface CertificateFileSignerOptions {
  /** Certificate: a path, or PEM text / DER bytes. */
  certificate: string | Uint8Array;
  /** Private key: a path, or PEM text / DER bytes. */
  privateKey: string | Uint8Array;
  /** For an encrypted key; asked from the user, never stored. */
  password?: string;
  /** The store's seller tax ID: signing is refused when the certificate names another taxpayer. */
  sellerTaxId?: string;
  format?: SignatureFormat;
  now?: () => number;
}

/** PEM text and bytes pass through; anything else is a path. An unreadable file is the signer's error, with its path. */
function load(input: string | Uint8Array, kind: 'CERT_INVALID' | 'KEY_FILE_INVALID'): string | Uint8Array {
  if (typeof input !== 'string' || input.includes('-----BEGIN')) return input;
  try {
    return readFileSync(input);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SignerError(kind, { detailZh: `无法读取文件 ${input}（${why}）`, detailEn: `cannot read ${input} (${why})` });
  }
}

function keyDer(input: string | Uint8Array): Uint8Array {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  try {
    if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) return fromPem(text, 'ENCRYPTED PRIVATE KEY');
    if (text.includes('-----BEGIN PRIVATE KEY-----')) return fromPem(text, 'PRIVATE KEY');
  } catch {
    throw new SignerError('KEY_FILE_INVALID');
  }
  if (typeof input === 'string') throw new SignerError('KEY_FILE_INVALID');
  return input;
}

export function createCertificateFileSigner(o: CertificateFileSignerOptions): Signer {
  const cert = parseCertificate(load(o.certificate, 'CERT_INVALID'));
  const der = keyDer(load(o.privateKey, 'KEY_FILE_INVALID'));
  let scalar: Uint8Array;
  if (isEncryptedPkcs8(der)) {
    if (o.password === undefined || o.password === '') throw new SignerError('KEY_PASSWORD_REQUIRED');
    scalar = decryptPkcs8(der, o.password);
  } else scalar = decodePrivateKeyInfo(der);
  if (!keyMatchesCertificate(scalar, cert)) throw new SignerError('CERT_KEY_MISMATCH');
  const pair = keyPairFromPrivate(scalar);
  scalar.fill(0);
  const format = o.format ?? 'rs';
  const now = o.now ?? Date.now;
  const policy = (): { sellerTaxId?: string; now: number } => ({ ...(o.sellerTaxId === undefined ? {} : { sellerTaxId: o.sellerTaxId }), now: now() });

  return {
    async info() {
      const check = checkCertificate(cert, policy());
      const info: SignerInfo = {
        source: 'certificate-file',
        subject: cert.subject,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        publicKeyHex: cert.publicKeyHex,
        format,
        warnings: [...check.errors, ...check.warnings],
      };
      if (cert.taxpayerId !== undefined) info.taxpayerId = cert.taxpayerId;
      return info;
    },
    async sign(message) {
      assertMaySign(cert, policy());
      return signatureHex(pair.sign(message), format);
    },
    certificate: async () => cert.der,
  };
}
