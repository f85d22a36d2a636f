import { describe, expect, it } from 'vitest';
import { loadProfiles, parseProfile, profileFor } from '../../../native/ukey/profiles.ts';

describe('UKey device profiles (resources/ukey-profiles)', () => {
  const profiles = loadProfiles();

  it('loads every shipped profile with hex strings turned into numbers', () => {
    expect(profiles.map((p) => p.id)).toEqual(['fapiao-emulator-numbered', 'fapiao-emulator']);
    const emu = profiles.find((p) => p.id === 'fapiao-emulator')!;
    expect(emu.match[0]).toEqual({ vendorId: 0x1209, productId: 0x0001 });
    expect(emu.reportSize).toBe(64);
    expect(emu.apdu.signDigest).toBe(0x2a);
  });

  it('matches a device by VID/PID (and usage page when given)', () => {
    expect(profileFor({ vendorId: 0x1209, productId: 2, release: 0, interface: 0 }, profiles)?.id).toBe('fapiao-emulator-numbered');
    expect(profileFor({ vendorId: 0x1209, productId: 3, release: 0, interface: 0 }, profiles)).toBeUndefined();
    const withPage = parseProfile({ ...profiles[1], match: [{ vendorId: 1, productId: 2, usagePage: '0xff00' }] });
    expect(profileFor({ vendorId: 1, productId: 2, usagePage: 0xff00, release: 0, interface: 0 }, [withPage])).toBe(withPage);
    expect(profileFor({ vendorId: 1, productId: 2, usagePage: 1, release: 0, interface: 0 }, [withPage])).toBeUndefined();
  });

  it('rejects a profile with a bad command byte or no match', () => {
    const base = profiles[1]!;
    expect(() => parseProfile({ ...base, apdu: { ...base.apdu, cla: '0x1ff' } })).toThrow();
    expect(() => parseProfile({ ...base, match: [] })).toThrow();
  });
});
