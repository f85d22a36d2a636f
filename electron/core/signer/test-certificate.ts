import { randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { derOid } from './gm/der.ts';
import { generateKeyPair, keyPairFromPrivate, type Sm2KeyPair } from './gm/keys.ts';
import { OID } from './gm/oids.ts';
import { encodePrivateKeyInfo, encryptPkcs8, toPem } from './gm/pkcs8.ts';
import { encodeSignature } from './gm/sig.ts';

/**
 * A self-signed SM2 certificate for the sandbox, the UKey emulator and the tests: real SM2-with-SM3
 * signature, the taxpayer ID in the subject as Chinese CAs put it (serialNumber and in the CN). Never a
 * substitute for a CA-issued certificate on a real channel.
 */
export interface TestCertificateOptions {
  taxpayerId: string;
  name?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Reuse a key (hex scalar); a fresh one otherwise. */
  privateKeyHex?: string;
}

export interface TestCertificate {
  certDer: Uint8Array;
  certPem: string;
  key: Sm2KeyPair;
  privateKeyHex: string;
  publicKeyHex: string;
}

function rdn(type: string, value: string, printable = false): RelativeDistinguishedName {
  const v = printable ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: v })]);
}

export function generateTestCertificate(o: TestCertificateOptions): TestCertificate {
  const key = o.privateKeyHex ? keyPairFromPrivate(o.privateKeyHex) : generateKeyPair();
  const name = o.name ?? 'Fapiao POS 测试门店';
  const subject = new Name([rdn(OID.countryName, 'CN', true), rdn(OID.organizationName, name), rdn(OID.commonName, `${name}(${o.taxpayerId})`), rdn(OID.serialNumber, o.taxpayerId, true)]);
  const notBefore = o.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = o.notAfter ?? new Date(notBefore.getTime() + 365 * 86_400_000);
  const serial = randomBytes(8);
  serial[0]! &= 0x7f;
  const sigAlg = new AlgorithmIdentifier({ algorithm: OID.sm2WithSm3 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.length),
    signature: sigAlg,
    issuer: subject,
    validity: new Validity({ notBefore, notAfter }),
    subject,
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: toArrayBuffer(derOid(OID.sm2Curve)) }),
      subjectPublicKey: toArrayBuffer(Buffer.from(key.publicKeyHex, 'hex')),
    }),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = encodeSignature(key.sign(tbsDer), 'der');
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: sigAlg, signatureValue: toArrayBuffer(signature) });
  const certDer = new Uint8Array(AsnConvert.serialize(cert));
  const privateKeyHex = Buffer.from(key.exportPrivate()).toString('hex');
  return { certDer, certPem: toPem(certDer, 'CERTIFICATE'), key, privateKeyHex, publicKeyHex: key.publicKeyHex };
}

/** The key as an encrypted PKCS#8 PEM, the file a CA hands out with the certificate. */
export function encryptedKeyPem(cert: TestCertificate, password: string, iterations = 2_000): string {
  const info = encodePrivateKeyInfo(cert.key.exportPrivate(), Buffer.from(cert.publicKeyHex, 'hex'));
  return toPem(encryptPkcs8(info, password, { iterations }), 'ENCRYPTED PRIVATE KEY');
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
