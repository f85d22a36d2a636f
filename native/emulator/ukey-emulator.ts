import { EventEmitter } from 'node:events';
import { generateTestCertificate, type TestCertificate } from '../../electron/core/signer/test-certificate.ts';
import type { HidAsyncLike, HidDeviceInfo, HidLoader, HidModule } from '../hid.ts';
import { BROADCAST_CID, FrameError, Reassembler, encodeMessage } from '../ukey/framing.ts';
import { loadProfiles, type UKeyProfile } from '../ukey/profiles.ts';
import { SW } from '../ukey/commands.ts';

/**
 * A tax UKey at node-hid's interface (devicesAsync, HIDAsync.open, write, read, 'data', 'error', close),
 * holding a real SM2 key and self-signed certificate. Tests and `fapiao doctor --emulate` inject it through
 * the HidLoader parameter where node-hid would be loaded. It can misbehave on demand: wrong PIN counting,
 * lock after N tries, removal mid-command, corrupted or short frames, silence.
 */
export type Misbehaviour =
  | 'silent'
  | 'short-frame'
  | 'corrupt-sequence'
  | 'corrupt-command'
  | 'corrupt-data'
  | 'remove-mid-command'
  | 'remove-mid-response'
  | 'keepalive';

export interface EmulatorOptions {
  taxpayerId?: string;
  name?: string;
  pin?: string;
  maxTries?: number;
  profile?: UKeyProfile;
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  certificate?: TestCertificate;
  /** Delay before each answer, ms (0: next tick). */
  latencyMs?: number;
  present?: boolean;
}

interface Fault {
  what: Misbehaviour;
  /** Only commands with this APDU INS (e.g. the profile's signDigest); any when undefined. */
  ins: number | undefined;
  times: number;
}

export class UKeyEmulator {
  readonly profile: UKeyProfile;
  readonly cert: TestCertificate;
  readonly serial: string;
  readonly path: string;
  readonly maxTries: number;
  latencyMs: number;
  triesLeft: number;
  pinVerified = false;
  present: boolean;
  /** Commands received (APDU INS values), for assertions. */
  readonly received: number[] = [];
  private readonly pin: string;
  private readonly handles = new Set<EmulatedHid>();
  private faults: Fault[] = [];
  private nextCid = 0x01000001;

  constructor(o: EmulatorOptions = {}) {
    this.profile = o.profile ?? loadProfiles().find((p) => p.id === 'fapiao-emulator')!;
    this.cert =
      o.certificate ??
      generateTestCertificate({
        taxpayerId: o.taxpayerId ?? '91310115591693856A',
        ...(o.name === undefined ? {} : { name: o.name }),
        ...(o.notBefore === undefined ? {} : { notBefore: o.notBefore }),
        ...(o.notAfter === undefined ? {} : { notAfter: o.notAfter }),
      });
    this.pin = o.pin ?? '123456';
    this.maxTries = o.maxTries ?? 6;
    this.triesLeft = this.maxTries;
    this.serial = o.serial ?? 'EMU0000000001';
    this.path = `emulator://${this.serial}`;
    this.latencyMs = o.latencyMs ?? 0;
    this.present = o.present ?? true;
  }

  get locked(): boolean {
    return this.triesLeft === 0;
  }

  /** node-hid's module shape over this one emulated key (devices() too, as node-hid has it). */
  readonly module: HidModule & { devices(): HidDeviceInfo[] } = {
    devices: () => (this.present ? [this.deviceInfo()] : []),
    devicesAsync: async () => (this.present ? [this.deviceInfo()] : []),
    HIDAsync: {
      open: async (path: string, _options?: { nonExclusive?: boolean }) => {
        if (!this.present || path !== this.path) throw new Error(`cannot open device with path ${path}`);
        const h = new EmulatedHid(this);
        this.handles.add(h);
        return h;
      },
    },
  };

  /** Pass where node-hid would be loaded. */
  readonly loader: HidLoader = async () => this.module;

  deviceInfo(): HidDeviceInfo {
    const m = this.profile.match[0]!;
    return { vendorId: m.vendorId, productId: m.productId, path: this.path, serialNumber: this.serial, manufacturer: 'Fapiao POS', product: 'UKey emulator', release: 0x0100, interface: 0, usagePage: m.usagePage ?? 0xff00, usage: 1 };
  }

  /** Arms a misbehaviour for the next `times` matching commands. */
  misbehave(what: Misbehaviour, o: { ins?: number; times?: number } = {}): void {
    this.faults.push({ what, ins: o.ins, times: o.times ?? 1 });
  }

  clearMisbehaviour(): void {
    this.faults = [];
  }

  /** Pulls the key: open handles get node-hid's 'error', the PIN session ends. */
  remove(): void {
    this.present = false;
    this.pinVerified = false;
    for (const h of this.handles) h.unplug();
    this.handles.clear();
  }

  insert(): void {
    this.present = true;
  }

  /** @internal */ detach(h: EmulatedHid): void {
    this.handles.delete(h);
  }

  /** @internal */ takeFault(ins: number | undefined): Misbehaviour | undefined {
    const f = this.faults.find((x) => x.ins === undefined || x.ins === ins);
    if (!f) return undefined;
    if (--f.times <= 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f.what;
  }

  /** @internal */ allocateCid(): number {
    return this.nextCid++;
  }

  /** @internal Runs one APDU and returns data‖SW. */
  apdu(req: Uint8Array): Uint8Array {
    const sw = (code: number, data: Uint8Array = new Uint8Array(0)): Uint8Array => Uint8Array.from([...data, code >> 8, code & 0xff]);
    if (req.length < 8) return sw(0x6700);
    const [cla, ins, p1, p2] = [req[0]!, req[1]!, req[2]!, req[3]!];
    const lc = (req[4]! << 8) | req[5]!;
    if (req.length !== 8 + lc) return sw(0x6700);
    const data = req.subarray(6, 6 + lc);
    const le = (req[6 + lc]! << 8) | req[7 + lc]!;
    this.received.push(ins);
    const a = this.profile.apdu;
    if (cla !== a.cla) return sw(0x6e00);
    if (ins === a.getInfo) {
      const enc = (s: string): number[] => {
        const b = Buffer.from(s, 'utf8');
        return [b.length, ...b];
      };
      return sw(SW.ok, Uint8Array.from([...enc(this.serial), ...enc('FAPIAO-EMU-SM2'), 1, 0, this.triesLeft, this.maxTries, (this.locked ? 1 : 0) | (this.pinVerified ? 2 : 0)]));
    }
    if (ins === a.verifyPin) {
      if (this.locked) return sw(SW.pinBlocked);
      if (Buffer.from(data).toString('utf8') === this.pin) {
        this.triesLeft = this.maxTries;
        this.pinVerified = true;
        return sw(SW.ok);
      }
      this.triesLeft--;
      this.pinVerified = false;
      return sw(0x63c0 | this.triesLeft);
    }
    if (ins === a.readCertificate) {
      const off = (p1 << 8) | p2;
      return sw(SW.ok, this.cert.certDer.subarray(off, off + le));
    }
    if (ins === a.signDigest) {
      if (this.locked) return sw(SW.pinBlocked);
      if (!this.pinVerified) return sw(SW.pinNotVerified);
      if (data.length !== 32) return sw(SW.wrongData);
      const { r, s } = this.cert.key.signDigest(data);
      const out = Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex');
      return sw(SW.ok, out);
    }
    return sw(0x6d00);
  }
}

/** One open handle, node-hid HIDAsync-shaped. */
export class EmulatedHid extends EventEmitter implements HidAsyncLike {
  private readonly emu: UKeyEmulator;
  private readonly reasm: Reassembler;
  private closed = false;
  private readonly inbox: Buffer[] = [];
  private readonly waiting: Array<(b: Buffer | undefined) => void> = [];

  constructor(emu: UKeyEmulator) {
    super();
    this.emu = emu;
    this.reasm = new Reassembler(emu.profile.reportSize);
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (this.closed || !this.emu.present) throw new Error('Cannot write to hid device');
    const buf = Buffer.from(values);
    const p = this.emu.profile;
    if (buf.length !== p.reportSize + 1 || buf[0] !== p.reportId) return buf.length; // a real device drops such reports
    let msg;
    try {
      msg = this.reasm.push(new Uint8Array(buf.subarray(1)));
    } catch (err) {
      if (err instanceof FrameError) return buf.length;
      throw err;
    }
    if (msg) this.handle(msg.cid, msg.cmd, msg.data);
    return buf.length;
  }

  private handle(cid: number, cmd: number, data: Uint8Array): void {
    const p = this.emu.profile;
    if (cmd === p.frame.init && cid === BROADCAST_CID) {
      const out = new Uint8Array(17);
      out.set(data.subarray(0, 8));
      new DataView(out.buffer).setUint32(8, this.emu.allocateCid());
      out.set([2, 1, 0, 0, 0], 12);
      this.send(BROADCAST_CID, p.frame.init, out, undefined);
      return;
    }
    if (cmd !== p.frame.msg) {
      this.send(cid, p.frame.error, Uint8Array.of(0x01), undefined);
      return;
    }
    const ins = data.length > 1 ? data[1] : undefined;
    const fault = this.emu.takeFault(ins);
    if (fault === 'silent') return;
    if (fault === 'remove-mid-command') {
      setImmediate(() => this.emu.remove());
      return;
    }
    const answer = this.emu.apdu(data);
    this.send(cid, cmd, answer, fault);
  }

  private send(cid: number, cmd: number, data: Uint8Array, fault: Misbehaviour | undefined): void {
    const p = this.emu.profile;
    const packets = encodeMessage(cid, cmd, data, p.reportSize);
    if (fault === 'keepalive') packets.unshift(...encodeMessage(cid, p.frame.keepalive, Uint8Array.of(1), p.reportSize));
    if (fault === 'short-frame') packets[0] = packets[0]!.subarray(0, p.reportSize >> 1);
    if (fault === 'corrupt-command') packets[0]![4] = 0x80 | 0x55;
    if (fault === 'corrupt-sequence') {
      if (packets.length > 1) packets[1]![4] = 0x42;
      else packets.push(packets[0]!.slice()); // an extra init mid-message is as broken
    }
    if (fault === 'corrupt-data') packets[0]![10]! ^= 0x5a;
    const emit = (i: number): void => {
      if (this.closed) return;
      if (fault === 'remove-mid-response' && i === 1) {
        this.emu.remove();
        return;
      }
      const pkt = packets[i];
      if (!pkt) return;
      this.deliver(p.inputHasReportId ? Buffer.from([p.reportId, ...pkt]) : Buffer.from(pkt));
      emit(i + 1);
    };
    if (this.emu.latencyMs > 0) setTimeout(() => emit(0), this.emu.latencyMs);
    else setImmediate(() => emit(0));
  }

  private deliver(report: Buffer): void {
    const w = this.waiting.shift();
    if (w) w(report);
    else if (this.listenerCount('data') > 0) this.emit('data', report);
    else this.inbox.push(report);
  }

  async read(timeOut?: number): Promise<Buffer | undefined> {
    if (this.closed) throw new Error('Cannot read from closed device');
    const queued = this.inbox.shift();
    if (queued) return queued;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (timeOut !== undefined && timeOut >= 0)
        setTimeout(() => {
          const i = this.waiting.indexOf(resolve);
          if (i >= 0) {
            this.waiting.splice(i, 1);
            resolve(undefined);
          }
        }, timeOut);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emu.detach(this);
    this.removeAllListeners();
  }

  async getDeviceInfo(): Promise<HidDeviceInfo> {
    return this.emu.deviceInfo();
  }

  // node-hid's flow control; the emulator delivers at once either way.
  pause(): void {}
  resume(): void {}

  /** @internal The key is gone: node-hid reports it as an 'error' on the open handle. */
  unplug(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.listenerCount('error') > 0) this.emit('error', new Error('could not read from HID device'));
  }
}
