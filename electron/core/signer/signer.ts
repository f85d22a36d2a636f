/** What the till knows about the key it signs with; never holds a secret. */
export interface SignerInfo {
  source: 'soft' | 'certificate-file' | 'ukey';
  /** Device serial for a UKey. */
  serial?: string;
  subject?: string;
  taxpayerId?: string;
  notAfter?: number;
  publicKeyHex: string;
}

/**
 * The store's SM2 key. Every submission leaves the till signed by one of these.
 * `sign` takes the message bytes; implementations apply SM3 with the Z value (user ID 1234567812345678).
 */
export interface Signer {
  info(): Promise<SignerInfo>;
  /** r‖s, 64 bytes as 128 hex characters. */
  sign(message: Uint8Array): Promise<string>;
}
