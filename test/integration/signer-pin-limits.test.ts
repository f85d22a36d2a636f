import { afterEach, describe, expect, test } from 'vitest';
import type { Reply } from '../../electron/contract/index.ts';
import type { Core } from '../../electron/core/core.ts';
import { createSessionDispatcher } from '../../electron/core/session.ts';
import { createUKeySigner, type UKeySigner } from '../../electron/core/signer/ukey-signer.ts';
import { UKeyEmulator } from '../../native/emulator/ukey-emulator.ts';
import { loadProfiles, parseProfile } from '../../native/ukey/profiles.ts';
import { openOfflineCore } from '../support/core.ts';
import { tempDir } from '../support/tmp.ts';

const TAX_ID = '91310115591693856A';
const PIN = '123456';
const MANAGER = '246813';
const emuProfile = loadProfiles().find((p) => p.id === 'fapiao-emulator')!;
const quick = parseProfile({ ...emuProfile, timeouts: { commandMs: 150, signMs: 300 } });
const code = (r: Reply): string => (r.ok ? 'ok' : r.errors[0]!.code);

describe("unlockSigner: the till's own limit on wrong UKey PINs, and the manager for the last tries", () => {
  const data = tempDir();
  let core: Core | undefined;
  let ukey: UKeySigner | undefined;
  let t = Date.UTC(2026, 5, 15, 2, 0, 0);
  afterEach(async () => {
    await ukey?.close();
    await core?.close();
    data.remove();
  });

  async function setup(maxTries = 6) {
    core = openOfflineCore(data.path, () => t);
    await core.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: MANAGER, active: true });
    const emu = new UKeyEmulator({ profile: quick, taxpayerId: TAX_ID, pin: PIN, maxTries });
    ukey = createUKeySigner({ loadHid: emu.loader, profiles: [quick], sellerTaxId: TAX_ID, pollMs: 50 }).start();
    core.signer.set(ukey);
    const till = createSessionDispatcher(core, () => undefined);
    expect(code(await till('signIn', { id: 'cashier' }))).toBe('ok');
    return { emu, till };
  }

  test('after a wrong PIN the next tries wait (30 s, 1 min, …) without reaching the key', async () => {
    const { emu, till } = await setup();
    expect(code(await till('unlockSigner', { pin: '000000' }))).toBe('SIGNER_PIN_WRONG');
    expect(code(await till('unlockSigner', { pin: '000001' }))).toBe('SIGNER_PIN_WRONG');
    expect(emu.triesLeft).toBe(4);
    const paused = await till('unlockSigner', { pin: PIN });
    expect(paused).toMatchObject({ ok: false, errors: [{ code: 'SIGNER_PIN_PAUSED', path: 'pin' }] });
    expect(paused.ok ? '' : paused.errors[0]!.message_zh).toMatch(/请 30 秒后再试/);
    expect(emu.triesLeft).toBe(4);
    t += 30_000;
    expect(code(await till('unlockSigner', { pin: PIN }))).toBe('ok');
    expect(emu.pinVerified).toBe(true);
  });

  test('wrong PINs sent at once (a double click, a script) are tried one after the other: the pause holds, the key keeps its tries', async () => {
    const { emu, till } = await setup();
    const codes = await Promise.all(['000000', '000001', '000002', '000003', '000004'].map((pin) => till('unlockSigner', { pin }).then(code)));
    expect(codes).toEqual(['SIGNER_PIN_WRONG', 'SIGNER_PIN_WRONG', 'SIGNER_PIN_PAUSED', 'SIGNER_PIN_PAUSED', 'SIGNER_PIN_PAUSED']);
    expect(emu.triesLeft).toBe(4);
  });

  test('with 2 tries left on the key a cashier may not try; the manager may (in the session, or by approval)', async () => {
    const { emu, till } = await setup(6);
    emu.triesLeft = 2;
    const refused = await till('unlockSigner', { pin: PIN });
    expect(refused).toMatchObject({ ok: false, errors: [{ code: 'SIGNER_FEW_TRIES', path: 'approval' }] });
    expect(refused.ok ? '' : refused.errors[0]!.message_zh).toMatch(/税务局/);
    expect(code(await till('unlockSigner', { pin: PIN, approval: { pin: '999999' } }))).toBe('PIN_WRONG');
    expect(emu.triesLeft).toBe(2);
    expect(code(await till('unlockSigner', { pin: PIN, approval: { pin: MANAGER } }))).toBe('ok');
    expect(emu.pinVerified).toBe(true);
  });
});
