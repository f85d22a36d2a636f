import { randomBytes } from 'node:crypto';
import type { AppError } from '../../contract/errors.ts';
import { SignerError } from './errors.ts';
import { sm3 } from './gm/sm3.ts';
import { verifySm2 } from './soft-signer.ts';
import type { Signer, SignerInfo } from './signer.ts';

/**
 * What `fapiao doctor` and the settings screen show about the signing key: public facts only. The public
 * key is given as an SM3 fingerprint; PINs, passwords and private keys never enter this structure.
 */
export interface SignerReport {
  source: SignerInfo['source'];
  present: boolean;
  serial?: string;
  subject?: string;
  taxpayerId?: string;
  matchesSeller?: boolean;
  notBefore?: string;
  notAfter?: string;
  daysLeft?: number;
  pinRetriesLeft?: number;
  publicKeyFingerprint?: string;
  format?: string;
  /** A throw-away challenge signed and verified against the public key; 'skipped' when signing needs a PIN. */
  selfTest: 'ok' | 'failed' | 'skipped';
  problems: Array<Pick<AppError, 'code' | 'message_zh' | 'message_en'>>;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export async function signerReport(signer: Signer, o: { sellerTaxId?: string; selfTest?: boolean; now?: number } = {}): Promise<SignerReport> {
  const info = await signer.info();
  const now = o.now ?? Date.now();
  const r: SignerReport = { source: info.source, present: info.present ?? true, selfTest: 'skipped', problems: [] };
  if (info.serial !== undefined) r.serial = info.serial;
  if (info.subject !== undefined) r.subject = info.subject;
  if (info.taxpayerId !== undefined) r.taxpayerId = info.taxpayerId;
  if (o.sellerTaxId !== undefined && info.taxpayerId !== undefined) r.matchesSeller = info.taxpayerId === o.sellerTaxId.trim().toUpperCase();
  if (info.notBefore !== undefined) r.notBefore = iso(info.notBefore)!;
  if (info.notAfter !== undefined) {
    r.notAfter = iso(info.notAfter)!;
    r.daysLeft = Math.floor((info.notAfter - now) / 86_400_000);
  }
  if (info.pinRetriesLeft !== undefined) r.pinRetriesLeft = info.pinRetriesLeft;
  if (info.publicKeyHex) r.publicKeyFingerprint = `SM3:${Buffer.from(sm3(Buffer.from(info.publicKeyHex, 'hex'))).toString('hex').slice(0, 32)}`;
  if (info.format !== undefined) r.format = info.format;
  for (const w of info.warnings ?? []) r.problems.push({ code: w.code, message_zh: w.message_zh, message_en: w.message_en });
  if (o.selfTest !== false && info.publicKeyHex && r.present) {
    const challenge = randomBytes(32);
    try {
      r.selfTest = verifySm2(challenge, await signer.sign(challenge), info.publicKeyHex) ? 'ok' : 'failed';
    } catch (err) {
      if (!(err instanceof SignerError)) throw err;
      // Needing a PIN is normal for a UKey; anything else is a problem worth showing.
      if (err.code === 'SIGNER_PIN_REQUIRED') r.selfTest = 'skipped';
      else {
        r.selfTest = 'failed';
        for (const e of err.errors) if (!r.problems.some((p) => p.code === e.code)) r.problems.push({ code: e.code, message_zh: e.message_zh, message_en: e.message_en });
      }
    }
  }
  return r;
}
