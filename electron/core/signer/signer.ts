import type { AppError } from '../../contract/errors.ts';
import type { SignatureFormat } from './gm/sig.ts';

export type { SignatureFormat } from './gm/sig.ts';

/** What the till knows about the key it signs with; never holds a secret. */
export interface SignerInfo {
  source: 'soft' | 'certificate-file' | 'ukey';
  /** Device serial for a UKey. */
  serial?: string;
  subject?: string;
  taxpayerId?: string;
  notBefore?: number;
  notAfter?: number;
  publicKeyHex: string;
  /** UKey only: PIN tries left as the device last reported them. */
  pinRetriesLeft?: number;
  /** UKey only: whether the key is plugged in now. */
  present?: boolean;
  /** Things to tell the store that do not stop signing yet (certificate expiring within 30 days). */
  warnings?: AppError[];
  /** What sign() returns: r‖s (default) or DER. */
  format?: SignatureFormat;
}

/**
 * The store's SM2 key. Every submission leaves the till signed by one of these.
 * `sign` takes the message bytes; implementations apply SM3 with the Z value (user ID 1234567812345678).
 * Failures are SignerError (a FapiaoError) with stable SIGNER_* codes; a failed sign never consumes
 * anything, so the caller keeps its queued invoices and retries later.
 */
export interface Signer {
  info(): Promise<SignerInfo>;
  /** Hex of r‖s (64 bytes, the default) or of the DER SEQUENCE, as the signer was configured. */
  sign(message: Uint8Array): Promise<string>;
  /** The X.509 certificate (DER), or undefined for a bare test key. */
  certificate(): Promise<Uint8Array | undefined>;
}

/**
 * Whether and how a channel wants requests signed. No public 数电 channel is known to require client SM2
 * signing (docs/invoice-rules.md §9.5, an open question), so this is per channel configuration, not a
 * constant: the sandbox wants r‖s; a channel that wants none gets no signer call at all.
 */
export interface ChannelSigning {
  required: boolean;
  format: SignatureFormat;
}

export const SANDBOX_SIGNING: ChannelSigning = { required: true, format: 'rs' };
