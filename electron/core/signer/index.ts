/** The signer API the rest of the app uses (see docs/signer.md). node-hid is still loaded only on first UKey use. */
export type { ChannelSigning, SignatureFormat, Signer, SignerInfo } from './signer.ts';
export { SANDBOX_SIGNING } from './signer.ts';
export { SIGNER_ERRORS, SignerError, isSignerError, type SignerErrorCode } from './errors.ts';
export { createSoftSigner, generateSoftKey, verifySm2, type SoftKey } from './soft-signer.ts';
export { createCertificateFileSigner, type CertificateFileSignerOptions } from './file-signer.ts';
export { UKeySigner, createUKeySigner, type UKeySignerEvents, type UKeySignerOptions, type UKeyStatus } from './ukey-signer.ts';
export { EXPIRY_WARNING_DAYS, checkCertificate, parseCertificate, verifyCertificateSignature, type CertificateCheck, type CertificateFacts } from './certificate.ts';
export { signerReport, type SignerReport } from './report.ts';
