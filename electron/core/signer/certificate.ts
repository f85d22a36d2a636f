import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';
import { appError, type AppError } from '../../contract/errors.ts';
import { SignerError } from './errors.ts';
import { parseDer, readOid } from './gm/der.ts';
import { keyPairFromPrivate } from './gm/keys.ts';
import { OID } from './gm/oids.ts';
import { fromPem } from './gm/pkcs8.ts';
import { decodeSignature } from './gm/sig.ts';
import { DEFAULT_USER_ID, sm2 } from './gm/sm2.ts';

/**
 * X.509 for SM2 certificates in pure JS (Electron's BoringSSL cannot read SM2 keys or SM2-with-SM3
 * signatures): the facts the till needs (subject, taxpayer ID, validity, public key) and the checks that
 * make a signer refuse to sign.
 */
export interface CertificateFacts {
  der: Uint8Array;
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: number;
  notAfter: number;
  /** 04‖x‖y, hex. */
  publicKeyHex: string;
  taxpayerId: string | undefined;
  signatureAlgorithm: string;
  /** The TBSCertificate bytes exactly as signed. */
  tbs: Uint8Array;
  signature: Uint8Array;
}

const ATTR_NAMES: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.countryName]: 'C',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.uid]: 'UID',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

// Where CAs put the 纳税人识别号, most specific first; then any attribute that looks like one.
const TAXID_ATTRS = [OID.serialNumber, OID.uid, OID.organizationalUnitName, OID.commonName];
const TAXID_EXACT = /^(?:[0-9A-Z]{15}|[0-9A-Z]{17,18}|[0-9A-Z]{20})$/;
const USCC_INSIDE = /(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])/;

function attrs(name: Name): Array<{ type: string; value: string }> {
  return name.flatMap((rdn) => rdn.map((atv) => ({ type: atv.type, value: atv.value.toString() })));
}

export function nameToString(name: Name): string {
  return attrs(name)
    .map((a) => `${ATTR_NAMES[a.type] ?? a.type}=${a.value}`)
    .join(', ');
}

/** The taxpayer ID in a subject: a whole attribute value of the right shape, else a USCC inside one. */
export function taxpayerIdFromSubject(name: Name): string | undefined {
  const list = attrs(name);
  const upper = (v: string): string => v.trim().toUpperCase();
  for (const type of TAXID_ATTRS) {
    const hit = list.find((a) => a.type === type && TAXID_EXACT.test(upper(a.value)) && /\d/.test(a.value));
    if (hit) return upper(hit.value);
  }
  for (const a of list) {
    const m = USCC_INSIDE.exec(upper(a.value));
    if (m) return m[1];
  }
  return undefined;
}

export function parseCertificate(input: Uint8Array | string): CertificateFacts {
  let cert: Certificate;
  let der: Uint8Array;
  try {
    der = typeof input === 'string' || (input[0] === 0x2d && input[1] === 0x2d) ? fromPem(typeof input === 'string' ? input : Buffer.from(input).toString('latin1'), 'CERTIFICATE') : input;
    cert = AsnConvert.parse(der, Certificate);
  } catch {
    throw new SignerError('CERT_INVALID');
  }
  const tbs = cert.tbsCertificate;
  const spki = tbs.subjectPublicKeyInfo;
  const curve = spki.algorithm.parameters ? safeOid(new Uint8Array(spki.algorithm.parameters)) : undefined;
  const isSm2 = spki.algorithm.algorithm === OID.sm2Curve || (spki.algorithm.algorithm === OID.ecPublicKey && curve === OID.sm2Curve);
  const pub = new Uint8Array(spki.subjectPublicKey);
  if (!isSm2 || pub.length !== 65 || pub[0] !== 0x04) throw new SignerError('CERT_INVALID', { detailEn: 'not an SM2 public key' });
  try {
    sm2().pointFromBytes(pub);
  } catch {
    throw new SignerError('CERT_INVALID', { detailEn: 'public key not on the SM2 curve' });
  }
  const tbsRaw = cert.tbsCertificateRaw ? new Uint8Array(cert.tbsCertificateRaw) : new Uint8Array(AsnConvert.serialize(tbs));
  return {
    der,
    subject: nameToString(tbs.subject),
    issuer: nameToString(tbs.issuer),
    serialHex: Buffer.from(tbs.serialNumber).toString('hex'),
    notBefore: tbs.validity.notBefore.getTime().getTime(),
    notAfter: tbs.validity.notAfter.getTime().getTime(),
    publicKeyHex: Buffer.from(pub).toString('hex'),
    taxpayerId: taxpayerIdFromSubject(tbs.subject),
    signatureAlgorithm: cert.signatureAlgorithm.algorithm,
    tbs: tbsRaw,
    signature: new Uint8Array(cert.signatureValue),
  };
}

function safeOid(bytes: Uint8Array): string | undefined {
  try {
    return readOid(parseDer(bytes));
  } catch {
    return undefined;
  }
}

/** Checks an SM2-with-SM3 certificate signature against the issuer's public key (its own when self-signed). */
export function verifyCertificateSignature(cert: CertificateFacts, issuerPublicKeyHex = cert.publicKeyHex): boolean {
  if (cert.signatureAlgorithm !== OID.sm2WithSm3) return false;
  try {
    const c = sm2();
    const pub = c.pointFromBytes(Buffer.from(issuerPublicKeyHex, 'hex'));
    return c.verifyDigest(c.digest(cert.tbs, pub, DEFAULT_USER_ID), decodeSignature(cert.signature), pub);
  } catch {
    return false;
  }
}

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CertificateCheck {
  /** Reasons to refuse signing; empty when the certificate may sign. */
  errors: AppError[];
  /** Reasons to tell the store, e.g. expiring within 30 days. */
  warnings: AppError[];
  daysLeft: number;
}

/** Refuses a certificate of another taxpayer, expired or not yet valid; warns 30 days before expiry. */
export function checkCertificate(cert: CertificateFacts, o: { sellerTaxId?: string | undefined; now?: number }): CertificateCheck {
  const now = o.now ?? Date.now();
  const errors: AppError[] = [];
  const warnings: AppError[] = [];
  const daysLeft = Math.floor((cert.notAfter - now) / DAY_MS);
  const expiry = new Date(cert.notAfter).toISOString().slice(0, 10);
  if (now > cert.notAfter) errors.push(new SignerError('CERT_EXPIRED', { detailZh: `到期日 ${expiry}`, detailEn: `expired ${expiry}` }).errors[0]!);
  else if (now < cert.notBefore) errors.push(new SignerError('CERT_NOT_YET_VALID').errors[0]!);
  else if (cert.notAfter - now <= EXPIRY_WARNING_DAYS * DAY_MS)
    warnings.push(appError('SIGNER_CERT_EXPIRING', `证书将于 ${expiry} 过期（剩余 ${daysLeft} 天），请尽快到CA机构办理更新`, `Certificate expires on ${expiry} (${daysLeft} days left); renew it with the CA`));
  if (o.sellerTaxId !== undefined) {
    if (cert.taxpayerId === undefined) errors.push(new SignerError('CERT_TAXID_MISSING').errors[0]!);
    else if (cert.taxpayerId !== o.sellerTaxId.trim().toUpperCase())
      errors.push(
        new SignerError('CERT_TAXID_MISMATCH', { detailZh: `证书税号 ${cert.taxpayerId}，本店税号 ${o.sellerTaxId}`, detailEn: `certificate ${cert.taxpayerId}, store ${o.sellerTaxId}` }).errors[0]!,
      );
  }
  return { errors, warnings, daysLeft };
}

/** Throws the first refusal as a SignerError (what sign() does before touching the key). */
export function assertMaySign(cert: CertificateFacts, o: { sellerTaxId?: string | undefined; now?: number }): CertificateCheck {
  const check = checkCertificate(cert, o);
  if (check.errors.length > 0) throw new SignerError(check.errors);
  return check;
}

/** True when the private scalar belongs to the certificate's public key. */
export function keyMatchesCertificate(privateKey: Uint8Array, cert: CertificateFacts): boolean {
  return keyPairFromPrivate(privateKey).publicKeyHex === cert.publicKeyHex;
}
