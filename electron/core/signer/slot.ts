import type { SignerStatus } from '../../contract/calls-signer.ts';
import { FapiaoError, appError } from '../../contract/index.ts';
import { signerReport } from './report.ts';
import type { Signer } from './signer.ts';
import { UKeySigner } from './ukey-signer.ts';

/**
 * The signer the channel currently uses, as the UI sees it. The shell puts the signer in when the
 * channel is (re)built; the UKey's comings and goings are passed on as they happen.
 */
export class SignerSlot {
  private current: Signer | undefined;
  private unsubscribe = (): void => undefined;
  private readonly sellerTaxId: () => string;
  private readonly changed: (status: SignerStatus) => void;
  private readonly ready: () => void;

  /** `ready`: the key is back and unlocked, so send what failed while it was out. */
  constructor(sellerTaxId: () => string, changed: (status: SignerStatus) => void, ready: () => void) {
    this.sellerTaxId = sellerTaxId;
    this.changed = changed;
    this.ready = ready;
  }

  set(signer: Signer | undefined): void {
    this.unsubscribe();
    this.unsubscribe = () => undefined;
    this.current = signer;
    if (signer instanceof UKeySigner) {
      const notify = (): void => void this.status().then(this.changed);
      const onReady = (): void => {
        notify();
        this.ready();
      };
      signer.on('present', notify).on('absent', notify).on('status', notify).on('ready', onReady);
      this.unsubscribe = () => {
        signer.off('present', notify).off('absent', notify).off('status', notify).off('ready', onReady);
      };
    }
    void this.status().then(this.changed);
  }

  async status(): Promise<SignerStatus> {
    const signer = this.current;
    if (!signer) return { source: 'none', present: false, problems: [] };
    const r = await signerReport(signer, { sellerTaxId: this.sellerTaxId(), selfTest: false });
    const status: SignerStatus = { source: r.source, present: r.present, problems: r.problems };
    for (const k of ['serial', 'subject', 'taxpayerId', 'matchesSeller', 'notAfter', 'daysLeft', 'pinRetriesLeft'] as const)
      if (r[k] !== undefined) Object.assign(status, { [k]: r[k] });
    if (signer instanceof UKeySigner) {
      const u = signer.status();
      if (u.locked !== undefined) status.locked = u.locked;
      if (u.pinVerified !== undefined) status.pinVerified = u.pinVerified;
    }
    return status;
  }

  /** Passes the PIN to the UKey; SIGNER_PIN_WRONG (with retries left) and SIGNER_PIN_LOCKED come back as they are. */
  async unlock(pin: string): Promise<SignerStatus> {
    const signer = this.current;
    if (!(signer instanceof UKeySigner))
      throw new FapiaoError([appError('SIGNER_NO_PIN', '当前签名方式不需要 PIN', 'The current signer takes no PIN', 'pin')]);
    await signer.unlock(pin);
    return this.status();
  }
}
