import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BROADCAST_CID, FrameError, Reassembler, encodeMessage, maxMessageLength, withReportId } from '../../../native/ukey/framing.ts';

const CID = 0x01020304;

describe('framing: APDU messages over 64-byte HID reports', () => {
  it('lays out the init packet: CID, command with bit 7, big-endian length, data, zero padding', () => {
    const [p, ...rest] = encodeMessage(CID, 0x03, Uint8Array.of(0xaa, 0xbb, 0xcc), 64);
    expect(rest).toEqual([]);
    expect(p!.length).toBe(64);
    expect([...p!.subarray(0, 10)]).toEqual([1, 2, 3, 4, 0x83, 0, 3, 0xaa, 0xbb, 0xcc]);
    expect(p!.subarray(10).every((b) => b === 0)).toBe(true);
  });

  it('fragments: 57 bytes in the init packet, 59 per continuation, sequence from 0', () => {
    const data = Uint8Array.from({ length: 200 }, (_, i) => i);
    const packets = encodeMessage(CID, 0x03, data, 64);
    expect(packets.length).toBe(4); // 57 + 59 + 59 + 25
    expect(packets.map((p) => p[4])).toEqual([0x83, 0, 1, 2]);
    expect(packets[1]![5]).toBe(57);
    expect(packets[3]![5 + 24]).toBe(199);
    expect(packets[3]![5 + 25]).toBe(0);
  });

  it('prefixes the report ID for node-hid write()', () => {
    const out = withReportId(new Uint8Array(64).fill(7), 0);
    expect(out.length).toBe(65);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(7);
  });

  it('reassembles any message at any report size (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(32, 64, 128), fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 0x7f }), (size, data, cmd) => {
        const r = new Reassembler(size, CID);
        const packets = encodeMessage(CID, cmd, data, size);
        const results = packets.map((p) => r.push(p));
        expect(results.slice(0, -1).every((m) => m === undefined)).toBe(true);
        expect(results.at(-1)).toEqual({ cid: CID, cmd, data });
        expect(r.busy).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a message longer than 128 continuation packets can carry', () => {
    expect(maxMessageLength(64)).toBe(57 + 128 * 59);
    expect(() => encodeMessage(CID, 3, new Uint8Array(maxMessageLength(64) + 1), 64)).toThrow(FrameError);
  });

  it('ignores packets of another channel', () => {
    const r = new Reassembler(64, CID);
    const [other] = encodeMessage(0x99, 3, Uint8Array.of(1), 64);
    expect(r.push(other!)).toBeUndefined();
    expect(r.busy).toBe(false);
  });

  it('refuses short and long packets', () => {
    const r = new Reassembler(64, CID);
    const [p] = encodeMessage(CID, 3, Uint8Array.of(1), 64);
    expect(() => r.push(p!.subarray(0, 30))).toThrow(/short or long packet: 30/);
    expect(() => r.push(new Uint8Array(65))).toThrow(FrameError);
  });

  it('refuses a wrong sequence number, then recovers on the next message', () => {
    const r = new Reassembler(64, CID);
    const packets = encodeMessage(CID, 3, new Uint8Array(150), 64);
    r.push(packets[0]!);
    expect(() => r.push(packets[2]!)).toThrow(/sequence 1, expected 0/);
    expect(r.busy).toBe(false);
    const again = encodeMessage(CID, 3, Uint8Array.of(9), 64);
    expect(r.push(again[0]!)?.data).toEqual(Uint8Array.of(9));
  });

  it('refuses a continuation without a message, an init inside a message, and an oversized declared length', () => {
    const r = new Reassembler(64, CID);
    const packets = encodeMessage(CID, 3, new Uint8Array(100), 64);
    expect(() => r.push(packets[1]!)).toThrow(/without a message/);
    r.push(packets[0]!);
    expect(() => r.push(packets[0]!)).toThrow(/init packet in the middle/);
    const big = new Uint8Array(64);
    new DataView(big.buffer).setUint32(0, CID);
    big.set([0x83, 0xff, 0xff], 4);
    expect(() => r.push(big)).toThrow(/declared length 65535/);
    expect(() => new Reassembler(64, CID, 100).push(packets[0]!)).not.toThrow();
    expect(() => new Reassembler(64, CID, 99).push(packets[0]!)).toThrow(/exceeds 99/);
  });

  it('a reassembler without a channel accepts the broadcast channel (device side, allocation)', () => {
    const r = new Reassembler(64);
    const [p] = encodeMessage(BROADCAST_CID, 6, new Uint8Array(8).fill(1), 64);
    expect(r.push(p!)?.cid).toBe(BROADCAST_CID);
  });
});
