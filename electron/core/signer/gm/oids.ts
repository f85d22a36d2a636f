/** Object identifiers of the SM (GM/T 0006) family and the PKCS structures around them. */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  sm2Curve: '1.2.156.10197.1.301',
  sm2WithSm3: '1.2.156.10197.1.501',
  sm3: '1.2.156.10197.1.401',
  /** hmacWithSM3 as GmSSL writes it in PBKDF2 parameters. */
  hmacWithSm3: '1.2.156.10197.1.401.2',
  sm4Cbc: '1.2.156.10197.1.104.2',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  // Subject attributes a Chinese CA may carry the taxpayer ID in.
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  uid: '0.9.2342.19200300.100.1.1',
} as const;
