import { randomBytes } from 'node:crypto';
import { SignerError } from '../../electron/core/signer/errors.ts';
import type { HidAsyncLike, HidModule } from '../hid.ts';
import { BROADCAST_CID, FrameError, Reassembler, encodeMessage, withReportId, type Message } from './framing.ts';
import type { UKeyProfile } from './profiles.ts';

interface Pending {
  expect: number;
  resolve(m: Message): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
  deadline: number;
  arm(ms: number): void;
}

/**
 * One open UKey: one command at a time on our own channel. Every failure is a SignerError with a stable code:
 * KEY_REMOVED (node-hid 'error' or write failure: the key was pulled), DEVICE_TIMEOUT (silence),
 * DEVICE_PROTOCOL (a frame that does not fit). After a timeout or a protocol error the next command first
 * allocates a fresh channel, so late packets of the failed exchange cannot be taken for a new answer.
 */
export class HidTransport {
  readonly profile: UKeyProfile;
  private readonly device: HidAsyncLike;
  private readonly reasm: Reassembler;
  private pending: Pending | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private needsInit = true;
  private gone: SignerError | undefined;
  private readonly onData = (buf: Buffer): void => this.receive(buf);
  private readonly onError = (): void => this.markRemoved();

  constructor(device: HidAsyncLike, profile: UKeyProfile) {
    this.device = device;
    this.profile = profile;
    this.reasm = new Reassembler(profile.reportSize);
    device.on('data', this.onData);
    device.on('error', this.onError);
  }

  static async open(hid: HidModule, path: string, profile: UKeyProfile): Promise<HidTransport> {
    let device: HidAsyncLike;
    try {
      device = await hid.HIDAsync.open(path, { nonExclusive: profile.nonExclusive });
    } catch {
      // On Windows an exclusively opened key fails here while another program holds it.
      throw new SignerError('DEVICE_BUSY');
    }
    return new HidTransport(device, profile);
  }

  get removed(): boolean {
    return this.gone !== undefined;
  }

  /** The key was pulled (node-hid error, or the watcher saw it go): fail what is in flight, refuse the rest. */
  markRemoved(): void {
    if (this.gone) return;
    this.gone = new SignerError('KEY_REMOVED');
    this.fail(this.gone);
  }

  /** Sends one APDU and resolves with the response APDU (data‖SW1‖SW2). Commands are serialised. */
  transceive(apdu: Uint8Array, timeoutMs = this.profile.timeouts.commandMs): Promise<Uint8Array> {
    const run = async (): Promise<Uint8Array> => {
      if (this.gone) throw this.gone;
      if (this.needsInit) await this.allocateChannel();
      const m = await this.exchange(this.reasm.cid!, this.profile.frame.msg, apdu, timeoutMs);
      return m.data;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.device.removeListener('data', this.onData);
    this.device.removeListener('error', this.onError);
    this.fail(new SignerError('KEY_ABSENT'));
    await this.device.close().catch(() => undefined);
  }

  private async allocateChannel(): Promise<void> {
    const nonce = randomBytes(8);
    this.reasm.cid = BROADCAST_CID;
    this.reasm.reset();
    const m = await this.exchange(BROADCAST_CID, this.profile.frame.init, nonce, this.profile.timeouts.commandMs);
    if (m.data.length < 12 || !Buffer.from(m.data.subarray(0, 8)).equals(nonce)) {
      this.needsInit = true;
      throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'bad channel allocation' });
    }
    this.reasm.cid = new DataView(m.data.buffer, m.data.byteOffset + 8, 4).getUint32(0);
    this.needsInit = false;
  }

  private exchange(cid: number, cmd: number, data: Uint8Array, timeoutMs: number): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const p: Pending = {
        expect: cmd,
        resolve,
        reject,
        deadline: 0,
        timer: undefined as unknown as NodeJS.Timeout,
        arm: (ms) => {
          clearTimeout(p.timer);
          p.timer = setTimeout(() => {
            this.needsInit = true;
            this.fail(new SignerError('DEVICE_TIMEOUT'));
          }, ms);
        },
      };
      p.arm(timeoutMs);
      this.pending = p;
      void (async () => {
        try {
          for (const packet of encodeMessage(cid, cmd, data, this.profile.reportSize)) {
            if (this.pending !== p) return;
            await this.device.write(withReportId(packet, this.profile.reportId));
          }
        } catch {
          this.markRemoved();
        }
      })();
    });
  }

  private fail(err: Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    this.reasm.reset();
    p.reject(err);
  }

  private receive(buf: Buffer): void {
    const packet = this.profile.inputHasReportId ? buf.subarray(1) : buf;
    let m: Message | undefined;
    try {
      m = this.reasm.push(new Uint8Array(packet.buffer, packet.byteOffset, packet.length));
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      this.needsInit = true;
      this.fail(new SignerError('DEVICE_PROTOCOL', { detailEn: err.message }));
      return;
    }
    const p = this.pending;
    if (!m || !p) return;
    const { frame } = this.profile;
    if (m.cmd === frame.keepalive) {
      // The key is working (e.g. waiting for a button): give it the signing budget again.
      p.arm(this.profile.timeouts.signMs);
      return;
    }
    this.pending = undefined;
    clearTimeout(p.timer);
    if (m.cmd === frame.error) {
      this.needsInit = true;
      p.reject(new SignerError('DEVICE_ERROR', { detailEn: `frame error 0x${(m.data[0] ?? 0).toString(16)}` }));
    } else if (m.cmd !== p.expect) {
      this.needsInit = true;
      p.reject(new SignerError('DEVICE_PROTOCOL', { detailEn: `unexpected command 0x${m.cmd.toString(16)}` }));
    } else p.resolve(m);
  }
}
