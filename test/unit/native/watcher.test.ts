import { describe, expect, it } from 'vitest';
import { UKeyEmulator } from '../../../native/emulator/ukey-emulator.ts';
import { loadProfiles } from '../../../native/ukey/profiles.ts';
import { DeviceWatcher, type KeyPresence } from '../../../native/ukey/watcher.ts';

describe('device watcher (hot-plug by polling node-hid’s device list)', () => {
  it('emits present and absent once per change', async () => {
    const emu = new UKeyEmulator({ present: false });
    const w = new DeviceWatcher(emu.loader, loadProfiles());
    const events: string[] = [];
    w.on('present', (k: KeyPresence) => events.push(`present ${k.serialNumber} ${k.profile.id}`));
    w.on('absent', (k: KeyPresence) => events.push(`absent ${k.serialNumber}`));
    await w.poll();
    expect(events).toEqual([]);
    emu.insert();
    await w.poll();
    await w.poll();
    expect(events).toEqual(['present EMU0000000001 fapiao-emulator']);
    expect(w.present.map((k) => k.path)).toEqual([emu.path]);
    emu.remove();
    await w.poll();
    expect(events).toEqual(['present EMU0000000001 fapiao-emulator', 'absent EMU0000000001']);
    expect(w.present).toEqual([]);
  });

  it('ignores HID devices no profile knows', async () => {
    const w = new DeviceWatcher(async () => ({ devicesAsync: async () => [{ vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', release: 1, interface: 0 }], HIDAsync: { open: async () => { throw new Error('no'); } } }), loadProfiles());
    const seen: unknown[] = [];
    w.on('present', (k) => seen.push(k));
    await w.poll();
    expect(seen).toEqual([]);
  });

  it('notices a removal by itself within a few seconds when started', async () => {
    const emu = new UKeyEmulator();
    const w = new DeviceWatcher(emu.loader, loadProfiles(), 50).start();
    try {
      await new Promise<void>((resolve) => w.once('present', () => resolve()));
      const gone = new Promise<void>((resolve) => w.once('absent', () => resolve()));
      const t = Date.now();
      emu.remove();
      await gone;
      expect(Date.now() - t).toBeLessThan(2000);
    } finally {
      w.stop();
    }
  });

  it('reports a failing device list as an error event, not a crash', async () => {
    const w = new DeviceWatcher(async () => { throw new Error('libusb missing'); }, loadProfiles());
    const errors: Error[] = [];
    w.on('error', (e) => errors.push(e));
    await w.poll();
    expect(errors.map((e) => e.message)).toEqual(['libusb missing']);
  });
});
