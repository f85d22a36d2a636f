import { EventEmitter } from 'node:events';
import { loadNodeHid, type HidLoader, type HidModule } from '../../../native/hid.ts';
import { UKeyCommands, type DeviceInfo } from '../../../native/ukey/commands.ts';
import { loadProfiles, type UKeyProfile } from '../../../native/ukey/profiles.ts';
import { HidTransport } from '../../../native/ukey/transport.ts';
import { DeviceWatcher, type KeyPresence } from '../../../native/ukey/watcher.ts';
import { assertMaySign, checkCertificate, parseCertificate, type CertificateFacts } from './certificate.ts';
import { SignerError, isSignerError } from './errors.ts';
import { sm2Digest, verifyDigest } from './gm/keys.ts';
import { decodeSignature, encodeSignature, type SignatureFormat } from './gm/sig.ts';
import type { Signer, SignerInfo } from './signer.ts';

export interface UKeySignerOptions {
  /** Where node-hid comes from; the emulator's loader in tests. Default: node-hid, imported lazily. */
  loadHid?: HidLoader;
  /** Device profiles; default: resources/ukey-profiles/*.json. */
  profiles?: UKeyProfile[];
  /** The store's seller tax ID: signing is refused when the certificate names another taxpayer. */
  sellerTaxId?: string;
  format?: SignatureFormat;
  /** Device list polling interval for hot-plug, ms. */
  pollMs?: number;
  /** Check every signature from the key against its certificate before using it (catches garbled answers). */
  verifySignatures?: boolean;
  now?: () => number;
}

/** What the UI shows about the key; no secret. */
export interface UKeyStatus {
  present: boolean;
  serial?: string;
  model?: string;
  pinRetriesLeft?: number;
  locked?: boolean;
  pinVerified?: boolean;
}

export interface UKeySignerEvents {
  present: [UKeyStatus];
  absent: [UKeyStatus];
  /** PIN tries left changed, key locked or unlocked. */
  status: [UKeyStatus];
  /** The key is in and its PIN verified: the moment to send the batches that failed while it was out. */
  ready: [UKeyStatus];
}

interface Session {
  presence: KeyPresence;
  transport: HidTransport;
  commands: UKeyCommands;
  device: DeviceInfo;
  cert: CertificateFacts;
}

/**
 * The tax UKey / CA key over HID. The PIN goes to the key once per insertion (`unlock`) and is not kept:
 * the key holds the verified state until it is pulled, so after re-insertion signing fails with
 * SIGNER_PIN_REQUIRED and the UI asks again. A wrong PIN is never retried by this code.
 *
 * Events: 'present' / 'absent' when the key comes and goes (watcher polling, or node-hid's 'error' on the
 * open handle mid-command), 'status' when the tries left or the lock state change, 'ready' after a
 * successful unlock (the shell nudges the sync worker so batches that failed meanwhile go out at once).
 */
export class UKeySigner extends EventEmitter<UKeySignerEvents> implements Signer {
  private readonly loadHid: () => Promise<HidModule>;
  private readonly profiles: UKeyProfile[];
  private readonly o: UKeySignerOptions;
  private readonly format: SignatureFormat;
  readonly watcher: DeviceWatcher;
  private session: Session | undefined;
  private lastCert: CertificateFacts | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private announced: boolean | undefined;

  constructor(o: UKeySignerOptions = {}) {
    super();
    this.o = o;
    this.format = o.format ?? 'rs';
    const loader = o.loadHid ?? loadNodeHid;
    this.loadHid = async () => {
      try {
        return await loader();
      } catch {
        throw new SignerError('HID_UNAVAILABLE');
      }
    };
    this.profiles = o.profiles ?? loadProfiles();
    this.watcher = new DeviceWatcher(this.loadHid, this.profiles, o.pollMs ?? 1500);
    this.watcher.on('absent', (k) => {
      if (this.session?.presence.path === k.path) this.drop();
      this.announce(false, k.serialNumber);
    });
    this.watcher.on('present', (k) => this.announce(true, k.serialNumber));
    this.watcher.on('error', () => undefined);
  }

  /** Starts hot-plug polling. */
  start(): this {
    this.watcher.start();
    return this;
  }

  async close(): Promise<void> {
    this.watcher.stop();
    const s = this.session;
    this.session = undefined;
    await s?.transport.close();
  }

  status(): UKeyStatus {
    const s = this.session;
    if (!s) return { present: this.watcher.present.length > 0 };
    return { present: true, serial: s.device.serial, model: s.device.model, pinRetriesLeft: s.device.pinRetriesLeft, locked: s.device.locked, pinVerified: s.device.pinVerified };
  }

  async info(): Promise<SignerInfo> {
    let failure: SignerError | undefined;
    try {
      await this.exclusive(() => this.connect());
    } catch (err) {
      if (!(err instanceof SignerError)) throw err;
      failure = err;
    }
    const s = this.session;
    const cert = s?.cert ?? this.lastCert;
    const info: SignerInfo = { source: 'ukey', present: s !== undefined, publicKeyHex: cert?.publicKeyHex ?? '', format: this.format };
    if (cert) {
      info.subject = cert.subject;
      info.notBefore = cert.notBefore;
      info.notAfter = cert.notAfter;
      if (cert.taxpayerId !== undefined) info.taxpayerId = cert.taxpayerId;
      const check = checkCertificate(cert, this.policy());
      info.warnings = [...check.errors, ...check.warnings];
    }
    if (s) {
      info.serial = s.device.serial;
      info.pinRetriesLeft = s.device.pinRetriesLeft;
    }
    if (failure) info.warnings = [...(info.warnings ?? []), ...failure.errors];
    return info;
  }

  /** Sends the PIN to the key once. Throws SIGNER_PIN_WRONG (with retriesLeft) or SIGNER_PIN_LOCKED. */
  unlock(pin: string): Promise<void> {
    return this.exclusive(async () => {
      const s = await this.connect();
      if (s.device.locked) throw new SignerError('PIN_LOCKED', { retriesLeft: 0 });
      try {
        await s.commands.verifyPin(pin);
        s.device.pinRetriesLeft = s.device.pinMaxRetries;
        s.device.pinVerified = true;
        queueMicrotask(() => this.emit('ready', this.status()));
      } catch (err) {
        this.noteFailure(s, err);
        throw err;
      } finally {
        this.emit('status', this.status());
      }
    });
  }

  sign(message: Uint8Array): Promise<string> {
    return this.exclusive(async () => {
      const s = await this.connect();
      assertMaySign(s.cert, this.policy());
      if (s.device.locked) throw new SignerError('PIN_LOCKED', { retriesLeft: 0 });
      const e = sm2Digest(message, s.cert.publicKeyHex);
      let raw: Uint8Array;
      try {
        raw = await s.commands.signDigest(e);
      } catch (err) {
        this.noteFailure(s, err);
        throw err;
      }
      const sig = decodeSignature(raw);
      if (this.o.verifySignatures !== false && !verifyDigest(e, sig, s.cert.publicKeyHex))
        throw new SignerError('DEVICE_PROTOCOL', { detailEn: 'signature from the key does not verify' });
      return Buffer.from(encodeSignature(sig, this.format)).toString('hex');
    });
  }

  async certificate(): Promise<Uint8Array | undefined> {
    const s = await this.exclusive(() => this.connect());
    return s.cert.der;
  }

  private policy(): { sellerTaxId?: string; now: number } {
    return { ...(this.o.sellerTaxId === undefined ? {} : { sellerTaxId: this.o.sellerTaxId }), now: (this.o.now ?? Date.now)() };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private noteFailure(s: Session, err: unknown): void {
    if (isSignerError(err, 'KEY_REMOVED')) this.drop();
    else if (err instanceof SignerError && (err.code === 'SIGNER_PIN_WRONG' || err.code === 'SIGNER_PIN_LOCKED')) {
      s.device.pinRetriesLeft = err.retriesLeft ?? s.device.pinRetriesLeft;
      s.device.locked = err.code === 'SIGNER_PIN_LOCKED';
      s.device.pinVerified = false;
    } else if (isSignerError(err, 'PIN_REQUIRED')) s.device.pinVerified = false;
  }

  /** The key is gone (pulled mid-command, or the watcher saw it leave). */
  private drop(): void {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    s.transport.markRemoved();
    void s.transport.close();
    this.announce(false, s.device.serial);
  }

  /** One 'present' / 'absent' per change, whichever noticed it first (watcher poll, node-hid error, connect). */
  private announce(present: boolean, serial: string | undefined): void {
    if (this.announced === present) return;
    this.announced = present;
    this.emit(present ? 'present' : 'absent', { present, ...(serial === undefined ? {} : { serial }) });
  }

  private async connect(): Promise<Session> {
    if (this.session && !this.session.transport.removed) return this.session;
    if (this.session) this.drop();
    const hid = await this.loadHid();
    await this.watcher.poll();
    const presence = this.watcher.present[0];
    if (!presence) throw new SignerError('KEY_ABSENT');
    const transport = await HidTransport.open(hid, presence.path, presence.profile);
    try {
      const commands = new UKeyCommands(transport);
      const device = await commands.getInfo();
      const cert = parseCertificate(await commands.readCertificate());
      this.lastCert = cert;
      this.session = { presence, transport, commands, device, cert };
      this.announce(true, device.serial);
      return this.session;
    } catch (err) {
      await transport.close();
      throw err;
    }
  }
}

export function createUKeySigner(o: UKeySignerOptions = {}): UKeySigner {
  return new UKeySigner(o);
}

