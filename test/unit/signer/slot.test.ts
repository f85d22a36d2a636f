import { afterEach, describe, expect, it } from 'vitest';
import type { SignerStatus } from '../../../electron/contract/index.ts';
import type { Core } from '../../../electron/core/core.ts';
import { openOfflineCore } from '../../support/core.ts';
import { createDispatcher } from '../../../electron/core/dispatch.ts';
import { createSoftSigner, generateSoftKey } from '../../../electron/core/signer/soft-signer.ts';
import { createUKeySigner, type UKeySigner } from '../../../electron/core/signer/ukey-signer.ts';
import { UKeyEmulator } from '../../../native/emulator/ukey-emulator.ts';
import { loadProfiles, parseProfile } from '../../../native/ukey/profiles.ts';
import { tempDir } from '../../support/tmp.ts';

const TAX_ID = '91310115591693856A';
const PIN = '123456';
const emuProfile = loadProfiles().find((p) => p.id === 'fapiao-emulator')!;
const quick = parseProfile({ ...emuProfile, timeouts: { commandMs: 150, signMs: 300 } });

/** The next signerChanged event that satisfies the predicate. */
function signerEvent(core: Core, predicate: (s: SignerStatus) => boolean): Promise<SignerStatus> {
  return new Promise((resolve) => {
    const off = core.events.on('signerChanged', (s) => {
      if (!predicate(s)) return;
      off();
      resolve(s);
    });
  });
}

describe('the signer as the UI sees it (signerStatus, unlockSigner, signerChanged)', () => {
  const data = tempDir();
  let core: Core;
  let ukey: UKeySigner | undefined;
  afterEach(async () => {
    await ukey?.close();
    await core?.close();
  });

  const open = () =>
    (core = openOfflineCore(data.path));

  it('no signer yet is said plainly; the sandbox key is a present test key', async () => {
    open();
    expect(await core.handlers.signerStatus({})).toEqual({ source: 'none', present: false, problems: [] });
    core.signer.set(createSoftSigner(generateSoftKey(), TAX_ID));
    expect(await core.handlers.signerStatus({})).toMatchObject({ source: 'soft', present: true });
    const err = await core.handlers.unlockSigner({ pin: '1234' }).catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe('SIGNER_NO_PIN');
  });

  it('a UKey: PIN asked, a wrong one reports the tries left, the right one unlocks; pulling it is told at once', async () => {
    open();
    const emu = new UKeyEmulator({ profile: quick, taxpayerId: TAX_ID, pin: PIN });
    ukey = createUKeySigner({ loadHid: emu.loader, profiles: [quick], sellerTaxId: TAX_ID, pollMs: 50 }).start();
    core.signer.set(ukey);
    expect(await core.handlers.signerStatus({})).toMatchObject({ source: 'ukey', present: true, taxpayerId: TAX_ID, matchesSeller: true, pinVerified: false });

    // Through the contract, as the renderer calls it: a bad payload never reaches the key.
    const dispatch = createDispatcher(core.handlers);
    expect(await dispatch('unlockSigner', { pin: 12 })).toMatchObject({ ok: false, errors: [{ code: 'BAD_REQUEST' }] });
    const wrong = await dispatch('unlockSigner', { pin: '000000' });
    expect(wrong).toMatchObject({ ok: false, errors: [{ code: 'SIGNER_PIN_WRONG' }] });
    expect(JSON.stringify(wrong)).not.toContain(PIN);
    expect((await core.handlers.signerStatus({})).pinRetriesLeft).toBe(5);

    const unlocked = signerEvent(core, (s) => s.pinVerified === true);
    expect(await dispatch('unlockSigner', { pin: PIN })).toMatchObject({ ok: true, value: { pinVerified: true } });
    await unlocked;

    const pulled = signerEvent(core, (s) => !s.present);
    emu.remove();
    expect(await pulled).toMatchObject({ source: 'ukey', present: false });
  });
});
