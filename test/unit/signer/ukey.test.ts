import { afterEach, describe, expect, it, vi } from 'vitest';
import { UKeyEmulator } from '../../../native/emulator/ukey-emulator.ts';
import { loadProfiles, parseProfile, type UKeyProfile } from '../../../native/ukey/profiles.ts';
import { SignerError } from '../../../electron/core/signer/errors.ts';
import { verifySm2 } from '../../../electron/core/signer/soft-signer.ts';
import { generateTestCertificate } from '../../../electron/core/signer/test-certificate.ts';
import { createUKeySigner, type UKeySigner } from '../../../electron/core/signer/ukey-signer.ts';

const TAX_ID = '91310115591693856A';
const PIN = '123456';
const profiles = loadProfiles();
const emuProfile = profiles.find((p) => p.id === 'fapiao-emulator')!;
/** Short timeouts so silence fails fast in tests. */
const quick: UKeyProfile = parseProfile({ ...emuProfile, timeouts: { commandMs: 150, signMs: 300 } });

const open: UKeySigner[] = [];
function setup(o: { profile?: UKeyProfile; maxTries?: number; sellerTaxId?: string; emulator?: UKeyEmulator } = {}) {
  const profile = o.profile ?? quick;
  const emu = o.emulator ?? new UKeyEmulator({ profile, taxpayerId: TAX_ID, pin: PIN, ...(o.maxTries ? { maxTries: o.maxTries } : {}) });
  const signer = createUKeySigner({ loadHid: emu.loader, profiles: [profile], sellerTaxId: o.sellerTaxId ?? TAX_ID });
  open.push(signer);
  return { emu, signer, sign: emu.profile.apdu.signDigest, verify: emu.profile.apdu.verifyPin };
}

async function failure(p: Promise<unknown>): Promise<SignerError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SignerError);
    return err as SignerError;
  }
  throw new Error('expected a SignerError');
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('UKey signer over the emulated HID key', () => {
  it('reports the key without secrets, then signs after the PIN; signatures verify with the certificate key', async () => {
    const { emu, signer } = setup();
    const info = await signer.info();
    expect(info).toMatchObject({ source: 'ukey', present: true, serial: 'EMU0000000001', taxpayerId: TAX_ID, pinRetriesLeft: 6, publicKeyHex: emu.cert.publicKeyHex });
    expect(JSON.stringify(info)).not.toContain(emu.cert.privateKeyHex);
    await signer.unlock(PIN);
    const msg = Buffer.from('appId\n1\nnonce\nbody');
    const sig = await signer.sign(msg);
    expect(verifySm2(msg, sig, emu.cert.publicKeyHex)).toBe(true);
    expect(Buffer.from((await signer.certificate())!).equals(Buffer.from(emu.cert.certDer))).toBe(true);
  });

  it('asks for the PIN first: signing without it is SIGNER_PIN_REQUIRED', async () => {
    const { signer } = setup();
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_PIN_REQUIRED');
  });

  it('a wrong PIN reports the tries left, is sent exactly once (never retried), and a right one resets them', async () => {
    const { emu, signer, verify } = setup();
    const err = await failure(signer.unlock('654321'));
    expect(err.code).toBe('SIGNER_PIN_WRONG');
    expect(err.retriesLeft).toBe(5);
    expect(err.errors[0]!.message_zh).toContain('剩余重试次数：5');
    expect(emu.received.filter((i) => i === verify)).toHaveLength(1);
    expect(signer.status()).toMatchObject({ pinRetriesLeft: 5, pinVerified: false });
    await signer.unlock(PIN);
    expect(emu.triesLeft).toBe(6);
    expect(signer.status()).toMatchObject({ pinRetriesLeft: 6, pinVerified: true });
  });

  it('a PIN of the wrong shape never reaches the key (no try used up)', async () => {
    const { emu, signer, verify } = setup();
    expect((await failure(signer.unlock('12a'))).code).toBe('SIGNER_PIN_FORMAT');
    expect(emu.received).not.toContain(verify);
    expect(emu.triesLeft).toBe(6);
  });

  it('locks after N wrong PINs with a clear code and what to do; a locked key is not asked to sign', async () => {
    const { emu, signer, sign } = setup({ maxTries: 3 });
    expect((await failure(signer.unlock('000000'))).retriesLeft).toBe(2);
    expect((await failure(signer.unlock('000001'))).retriesLeft).toBe(1);
    const locked = await failure(signer.unlock('000002'));
    expect(locked.code).toBe('SIGNER_PIN_LOCKED');
    expect(locked.errors[0]!.message_zh).toMatch(/已锁定.*解锁.*不会丢失/);
    expect(emu.locked).toBe(true);
    // Even the right PIN no longer helps, and the key is not sent a sign command.
    expect((await failure(signer.unlock(PIN))).code).toBe('SIGNER_PIN_LOCKED');
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_PIN_LOCKED');
    expect(emu.received).not.toContain(sign);
    expect((await signer.info()).pinRetriesLeft).toBe(0);
  });

  it('never writes the PIN to the console, errors or status', async () => {
    const { signer } = setup();
    const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const wrong = '987654';
    const err = await failure(signer.unlock(wrong));
    await signer.unlock(PIN);
    const seen = JSON.stringify([spies.map((s) => s.mock.calls), err.errors, err.message, err.stack, signer.status(), await signer.info()]);
    spies.forEach((s) => s.mockRestore());
    expect(seen).not.toContain(wrong);
    expect(seen).not.toContain(PIN);
  });

  it('refuses to sign with another taxpayer’s key before the key is asked', async () => {
    const { emu, signer, sign } = setup({ sellerTaxId: '91350100M000100Y43' });
    await signer.unlock(PIN);
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_CERT_TAXID_MISMATCH');
    expect(emu.received).not.toContain(sign);
  });

  it('refuses an expired certificate on the key', async () => {
    const cert = generateTestCertificate({ taxpayerId: TAX_ID, notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const { signer } = setup({ emulator: new UKeyEmulator({ profile: quick, certificate: cert }) });
    await signer.unlock(PIN);
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_CERT_EXPIRED');
  });

  it('works with another vendor profile: numbered 32-byte reports, other command bytes', async () => {
    const numbered = profiles.find((p) => p.id === 'fapiao-emulator-numbered')!;
    const { emu, signer, sign } = setup({ profile: numbered });
    await signer.unlock('1234' + '56');
    const sig = await signer.sign(Buffer.from('m'));
    expect(verifySm2(Buffer.from('m'), sig, emu.cert.publicKeyHex)).toBe(true);
    expect(sign).toBe(0x2b);
    expect(emu.received).toContain(0x2b);
  });
});

describe('hot-plug and a misbehaving key', () => {
  it('a key pulled mid-batch fails that sign call with SIGNER_KEY_REMOVED; the rest say absent; back in, PIN, signing resumes', async () => {
    const { emu, signer, sign } = setup();
    const events: string[] = [];
    signer.on('absent', () => events.push('absent'));
    signer.on('present', () => events.push('present'));
    await signer.unlock(PIN);
    const batch = Array.from({ length: 6 }, (_, i) => Buffer.from(`invoice ${i}`));
    const results: string[] = [];
    const seenAtFailure: string[] = [];
    for (const [i, msg] of batch.entries()) {
      if (i === 3) emu.misbehave('remove-mid-command', { ins: sign });
      try {
        results.push(verifySm2(msg, await signer.sign(msg), emu.cert.publicKeyHex) ? 'signed' : 'bad');
      } catch (err) {
        results.push((err as SignerError).code);
        if (i === 3) seenAtFailure.push(...events);
      }
    }
    expect(results).toEqual(['signed', 'signed', 'signed', 'SIGNER_KEY_REMOVED', 'SIGNER_KEY_ABSENT', 'SIGNER_KEY_ABSENT']);
    expect((await signer.info()).present).toBe(false);
    // The UI hears of the removal from the failed call itself, and only once (the watcher agrees later).
    expect(seenAtFailure).toEqual(['present', 'absent']);
    await signer.watcher.poll();
    expect(events).toEqual(['present', 'absent']);
    emu.insert();
    expect((await failure(signer.sign(batch[3]!))).code).toBe('SIGNER_PIN_REQUIRED');
    const ready = new Promise((resolve) => signer.once('ready', resolve));
    await signer.unlock(PIN);
    expect(await ready).toMatchObject({ present: true, pinVerified: true });
    expect(verifySm2(batch[3]!, await signer.sign(batch[3]!), emu.cert.publicKeyHex)).toBe(true);
  });

  it('a key pulled between the packets of an answer is SIGNER_KEY_REMOVED too', async () => {
    const { emu, signer, sign } = setup();
    await signer.unlock(PIN);
    emu.misbehave('remove-mid-response', { ins: sign });
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_KEY_REMOVED');
  });

  it('the watcher emits absent and present for the UI', async () => {
    const { emu, signer } = setup();
    const events: string[] = [];
    signer.on('absent', () => events.push('absent'));
    signer.on('present', (s) => events.push(`present ${s.serial}`));
    await signer.watcher.poll();
    emu.remove();
    await signer.watcher.poll();
    emu.insert();
    await signer.watcher.poll();
    expect(events).toEqual(['present EMU0000000001', 'absent', 'present EMU0000000001']);
  });

  it('a garbled signature is caught by checking it against the certificate', async () => {
    const { emu, signer, sign } = setup();
    await signer.unlock(PIN);
    emu.misbehave('corrupt-data', { ins: sign });
    expect((await failure(signer.sign(Buffer.from('m')))).message).toContain('does not verify');
  });

  it.each([
    ['short-frame', 'SIGNER_DEVICE_PROTOCOL'],
    ['corrupt-sequence', 'SIGNER_DEVICE_PROTOCOL'],
    ['corrupt-command', 'SIGNER_DEVICE_PROTOCOL'],
    ['corrupt-data', 'SIGNER_DEVICE_PROTOCOL'],
    ['silent', 'SIGNER_DEVICE_TIMEOUT'],
  ] as const)('%s fails that call with %s, and the next call works', async (what, expected) => {
    const { emu, signer, sign } = setup();
    await signer.unlock(PIN);
    emu.misbehave(what, { ins: sign });
    const t = Date.now();
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe(expected);
    expect(Date.now() - t).toBeLessThan(2000);
    const sig = await signer.sign(Buffer.from('m'));
    expect(verifySm2(Buffer.from('m'), sig, emu.cert.publicKeyHex)).toBe(true);
  });

  it('a keepalive from a busy key extends the wait instead of failing', async () => {
    const { emu, signer, sign } = setup();
    await signer.unlock(PIN);
    emu.misbehave('keepalive', { ins: sign });
    expect(await signer.sign(Buffer.from('m'))).toMatch(/^[0-9a-f]{128}$/);
  });

  it('a late answer of a timed-out command is not taken for the next one', async () => {
    // Timings with wide margins: sign times out at 500 ms, the stale answer lands at 700 ms, while the
    // next command (sent at 500) would get its own answer only at 800 if it reused the old channel.
    const slow = parseProfile({ ...emuProfile, timeouts: { commandMs: 400, signMs: 500 } });
    const { emu, signer } = setup({ profile: slow });
    await signer.unlock(PIN);
    emu.latencyMs = 700;
    expect((await failure(signer.sign(Buffer.from('first')))).code).toBe('SIGNER_DEVICE_TIMEOUT');
    emu.latencyMs = 300;
    const msg = Buffer.from('second');
    expect(verifySm2(msg, await signer.sign(msg), emu.cert.publicKeyHex)).toBe(true);
  });

  it('no key and no HID module give stable codes, and info() still answers', async () => {
    const { signer } = setup({ emulator: new UKeyEmulator({ profile: quick, present: false }) });
    expect((await failure(signer.sign(Buffer.from('m')))).code).toBe('SIGNER_KEY_ABSENT');
    expect((await signer.info()).warnings?.map((w) => w.code)).toEqual(['SIGNER_KEY_ABSENT']);
    const noHid = createUKeySigner({ loadHid: async () => { throw new Error('libusb-1.0.so.0: cannot open shared object file'); }, profiles: [quick] });
    open.push(noHid);
    expect((await failure(noHid.sign(Buffer.from('m')))).code).toBe('SIGNER_HID_UNAVAILABLE');
    expect((await noHid.info()).present).toBe(false);
  });
});
