import { SignerError } from '../../electron/core/signer/errors.ts';
import type { UKeyProfile } from './profiles.ts';
import type { HidTransport } from './transport.ts';

/**
 * The UKey command layer: APDUs `CLA INS P1 P2 Lc(2) data Le(2)`, answers `data SW1 SW2`. Status words follow
 * ISO 7816-4 as smart-card keys use them: 9000 ok, 63Cx wrong PIN with x tries left, 6983 PIN blocked,
 * 6982 PIN not verified yet.
 */
export const SW = { ok: 0x9000, pinNotVerified: 0x6982, pinBlocked: 0x6983, notFound: 0x6a82, wrongData: 0x6a80 } as const;

export interface DeviceInfo {
  serial: string;
  model: string;
  firmware: string;
  pinRetriesLeft: number;
  pinMaxRetries: number;
  locked: boolean;
  pinVerified: boolean;
}

export function buildApdu(cla: number, ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0), le = 0): Uint8Array {
  const out = new Uint8Array(8 + data.length);
  out.set([cla, ins, p1, p2, data.length >> 8, data.length & 0xff]);
  out.set(data, 6);
  out[6 + data.length] = le >> 8;
  out[7 + data.length] = le & 0xff;
  return out;
}

export function splitResponse(resp: Uint8Array): { data: Uint8Array; sw: number } {
  if (resp.length < 2) throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'response without status word' });
  return { data: resp.subarray(0, resp.length - 2), sw: (resp[resp.length - 2]! << 8) | resp[resp.length - 1]! };
}

/** Maps a failing status word to its SignerError (PIN states first: they carry the tries left). */
export function statusError(sw: number): SignerError {
  if ((sw & 0xfff0) === 0x63c0) {
    const left = sw & 0x0f;
    return left === 0 ? new SignerError('PIN_LOCKED', { retriesLeft: 0 }) : new SignerError('PIN_WRONG', { retriesLeft: left });
  }
  if (sw === SW.pinBlocked) return new SignerError('PIN_LOCKED', { retriesLeft: 0 });
  if (sw === SW.pinNotVerified) return new SignerError('PIN_REQUIRED');
  return new SignerError('DEVICE_ERROR', { detailZh: `状态字 ${sw.toString(16).toUpperCase()}`, detailEn: `status word ${sw.toString(16).toUpperCase()}` });
}

export class UKeyCommands {
  private readonly t: HidTransport;
  private readonly p: UKeyProfile;

  constructor(transport: HidTransport) {
    this.t = transport;
    this.p = transport.profile;
  }

  private async call(ins: number, p1: number, p2: number, data?: Uint8Array, le = 0, timeoutMs?: number): Promise<Uint8Array> {
    const resp = await this.t.transceive(buildApdu(this.p.apdu.cla, ins, p1, p2, data, le), timeoutMs);
    const { data: out, sw } = splitResponse(resp);
    if (sw !== SW.ok) throw statusError(sw);
    return out;
  }

  async getInfo(): Promise<DeviceInfo> {
    const d = await this.call(this.p.apdu.getInfo, 0, 0);
    try {
      let o = 0;
      const str = (): string => {
        const n = d[o++]!;
        if (o + n > d.length) throw new Error('short');
        const s = Buffer.from(d.subarray(o, o + n)).toString('utf8');
        o += n;
        return s;
      };
      const serial = str();
      const model = str();
      if (o + 5 > d.length) throw new Error('short');
      const firmware = `${d[o]}.${d[o + 1]}`;
      const flags = d[o + 4]!;
      return { serial, model, firmware, pinRetriesLeft: d[o + 2]!, pinMaxRetries: d[o + 3]!, locked: (flags & 1) !== 0, pinVerified: (flags & 2) !== 0 };
    } catch {
      throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'bad device info' });
    }
  }

  /**
   * Verifies the PIN once. The PIN bytes are wiped after sending; a wrong PIN is never retried here (the
   * caller shows the tries left and asks the person again).
   */
  async verifyPin(pin: string): Promise<void> {
    if (pin.length < this.p.pin.minLength || pin.length > this.p.pin.maxLength || !new RegExp(this.p.pin.pattern).test(pin))
      throw new SignerError('PIN_FORMAT', { detailZh: `应为${this.p.pin.minLength}–${this.p.pin.maxLength}位`, detailEn: `${this.p.pin.minLength}-${this.p.pin.maxLength} characters` });
    const bytes = Buffer.from(pin, 'utf8');
    try {
      await this.call(this.p.apdu.verifyPin, 0, 0, bytes);
    } finally {
      bytes.fill(0);
    }
  }

  async readCertificate(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      if (offset > 0xffff) throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'certificate too long' });
      const part = await this.call(this.p.apdu.readCertificate, offset >> 8, offset & 0xff, undefined, this.p.readChunk);
      if (part.length > this.p.readChunk) throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'chunk longer than asked' });
      chunks.push(part.slice());
      offset += part.length;
      if (part.length < this.p.readChunk) break;
    }
    return Buffer.concat(chunks);
  }

  /** Signs e = SM3(Z‖M) computed by the host; the key answers r‖s (64 bytes). */
  async signDigest(e: Uint8Array): Promise<Uint8Array> {
    if (e.length !== 32) throw new RangeError('digest must be 32 bytes');
    const sig = await this.call(this.p.apdu.signDigest, 0, 0, e, 64, this.p.timeouts.signMs);
    if (sig.length !== 64) throw new SignerError('DEVICE_PROTOCOL', { detailEn: `signature of ${sig.length} bytes` });
    return sig;
  }
}
