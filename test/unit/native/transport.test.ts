import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UKeyEmulator } from '../../../native/emulator/ukey-emulator.ts';
import { UKeyCommands, buildApdu, splitResponse, statusError } from '../../../native/ukey/commands.ts';
import { FrameError, Reassembler, encodeMessage, maxMessageLength, withReportId } from '../../../native/ukey/framing.ts';
import { loadProfiles, parseProfile } from '../../../native/ukey/profiles.ts';
import { HidTransport } from '../../../native/ukey/transport.ts';
import type { HidAsyncLike } from '../../../native/hid.ts';

const base = loadProfiles().find((p) => p.id === 'fapiao-emulator')!;
const profile = parseProfile({ ...base, timeouts: { commandMs: 200, signMs: 300 } });

async function openOn(emu: UKeyEmulator): Promise<HidTransport> {
  return HidTransport.open(emu.module, emu.path, emu.profile);
}

describe('HID transport and command layer against the emulator', () => {
  it('allocates a channel, then exchanges APDUs; device info and certificate come back whole', async () => {
    const emu = new UKeyEmulator({ profile: parseProfile({ ...profile, readChunk: 128 }), maxTries: 5 });
    const t = await openOn(emu);
    const cmds = new UKeyCommands(t);
    expect(await cmds.getInfo()).toEqual({ serial: 'EMU0000000001', model: 'FAPIAO-EMU-SM2', firmware: '1.0', pinRetriesLeft: 5, pinMaxRetries: 5, locked: false, pinVerified: false });
    const cert = await cmds.readCertificate();
    expect(Buffer.from(cert).equals(Buffer.from(emu.cert.certDer))).toBe(true);
    expect(cert.length).toBeGreaterThan(3 * 128); // read in several chunks
    expect(emu.received.filter((i) => i === profile.apdu.readCertificate).length).toBe(Math.floor(cert.length / 128) + 1);
    await t.close();
  });

  it('a failing write (key gone) is SIGNER_KEY_REMOVED, and so is every later command', async () => {
    const emu = new UKeyEmulator({ profile });
    const t = await openOn(emu);
    await new UKeyCommands(t).getInfo();
    emu.present = false; // unplugged without node-hid's error event: the write fails
    await expect(t.transceive(buildApdu(0x80, 0x01, 0, 0))).rejects.toMatchObject({ code: 'SIGNER_KEY_REMOVED' });
    expect(t.removed).toBe(true);
    await expect(t.transceive(buildApdu(0x80, 0x01, 0, 0))).rejects.toMatchObject({ code: 'SIGNER_KEY_REMOVED' });
  });

  it('a frame-level error answer is SIGNER_DEVICE_ERROR; a device that cannot be opened is SIGNER_DEVICE_BUSY', async () => {
    const emu = new UKeyEmulator({ profile });
    const t = await openOn(emu);
    // A command byte the device does not know gets its error frame.
    const wrongFrame = parseProfile({ ...profile, frame: { ...profile.frame, msg: 0x11 } });
    const t2 = new HidTransport(await emu.module.HIDAsync.open(emu.path), wrongFrame);
    await expect(t2.transceive(buildApdu(0x80, 0x01, 0, 0))).rejects.toMatchObject({ code: 'SIGNER_DEVICE_ERROR' });
    await t.close();
    await expect(HidTransport.open(emu.module, 'emulator://nope', profile)).rejects.toMatchObject({ code: 'SIGNER_DEVICE_BUSY' });
  });

  it('status words map to PIN states and device errors', () => {
    expect(statusError(0x63c3)).toMatchObject({ code: 'SIGNER_PIN_WRONG', retriesLeft: 3 });
    expect(statusError(0x63c0)).toMatchObject({ code: 'SIGNER_PIN_LOCKED', retriesLeft: 0 });
    expect(statusError(0x6983)).toMatchObject({ code: 'SIGNER_PIN_LOCKED' });
    expect(statusError(0x6982).code).toBe('SIGNER_PIN_REQUIRED');
    expect(statusError(0x6a82).errors[0]!.message_en).toContain('6A82');
    expect(splitResponse(Uint8Array.of(1, 2, 0x90, 0x00))).toEqual({ data: Uint8Array.of(1, 2), sw: 0x9000 });
    expect(() => splitResponse(Uint8Array.of(0x90))).toThrow(/status word/);
  });

  it('the emulator also answers node-hid’s read() when nobody listens for data', async () => {
    const emu = new UKeyEmulator({ profile });
    const dev: HidAsyncLike = await emu.module.HIDAsync.open(emu.path);
    const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    for (const p of encodeMessage(0xffffffff, profile.frame.init, nonce, profile.reportSize)) await dev.write(withReportId(p, 0));
    const report = await dev.read(1000);
    expect(report?.length).toBe(64);
    const m = new Reassembler(64).push(new Uint8Array(report!));
    expect(m?.cmd).toBe(profile.frame.init);
    expect(Buffer.from(m!.data.subarray(0, 8)).equals(Buffer.from(nonce))).toBe(true);
    expect(await dev.read(20)).toBeUndefined();
    await dev.close();
  });

  it('random bytes never crash the reassembler: each packet is a message, nothing, or a FrameError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 60, maxLength: 68 }), { maxLength: 30 }), (packets) => {
        const r = new Reassembler(64);
        for (const p of packets) {
          try {
            const m = r.push(p);
            if (m) expect(m.data.length).toBeLessThanOrEqual(maxMessageLength(64));
          } catch (err) {
            expect(err).toBeInstanceOf(FrameError);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
