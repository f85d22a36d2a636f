/**
 * APDU messages over fixed-size HID reports, after CTAPHID's layout (the common shape of USB security keys):
 *
 *   init packet:          CID(4) | CMD|0x80 | BCNT hi | BCNT lo | data…
 *   continuation packet:  CID(4) | SEQ (0…0x7f)                | data…
 *
 * On the wire every output report is prefixed with the report ID byte (node-hid's rule: 0 when the device
 * does not number its reports). A message longer than one packet continues in sequence; the reassembler
 * checks the channel, the sequence, the declared length and the packet size, and reports anything else as
 * a protocol error rather than guessing.
 */

export const BROADCAST_CID = 0xffffffff;
export const INIT_HEADER = 7;
export const CONT_HEADER = 5;

export function maxMessageLength(packetSize: number): number {
  return packetSize - INIT_HEADER + 0x80 * (packetSize - CONT_HEADER);
}

export class FrameError extends Error {}

/** Splits a message into packets of exactly `packetSize` bytes (zero padded), without report IDs. */
export function encodeMessage(cid: number, cmd: number, data: Uint8Array, packetSize: number): Uint8Array[] {
  if (data.length > maxMessageLength(packetSize)) throw new FrameError(`message too long: ${data.length}`);
  const packets: Uint8Array[] = [];
  const init = new Uint8Array(packetSize);
  const view = new DataView(init.buffer);
  view.setUint32(0, cid >>> 0);
  init[4] = 0x80 | (cmd & 0x7f);
  init[5] = data.length >> 8;
  init[6] = data.length & 0xff;
  let off = Math.min(data.length, packetSize - INIT_HEADER);
  init.set(data.subarray(0, off), INIT_HEADER);
  packets.push(init);
  for (let seq = 0; off < data.length; seq++) {
    const cont = new Uint8Array(packetSize);
    new DataView(cont.buffer).setUint32(0, cid >>> 0);
    cont[4] = seq;
    const n = Math.min(data.length - off, packetSize - CONT_HEADER);
    cont.set(data.subarray(off, off + n), CONT_HEADER);
    off += n;
    packets.push(cont);
  }
  return packets;
}

/** Prefixes a packet with the report ID for node-hid's write(). */
export function withReportId(packet: Uint8Array, reportId: number): Buffer {
  const out = Buffer.alloc(packet.length + 1);
  out[0] = reportId;
  out.set(packet, 1);
  return out;
}

export interface Message {
  cid: number;
  cmd: number;
  data: Uint8Array;
}

/**
 * Collects packets of one channel into messages. `push` returns a finished message, undefined while one
 * is incomplete (or the packet belongs to another channel), and throws FrameError on a broken stream;
 * after a throw the reassembler is reset and ready for the next init packet.
 */
export class Reassembler {
  private readonly packetSize: number;
  private readonly maxLength: number;
  cid: number | undefined;
  private current: { cmd: number; data: Uint8Array; got: number; seq: number } | undefined;

  constructor(packetSize: number, cid?: number, maxLength = maxMessageLength(packetSize)) {
    this.packetSize = packetSize;
    this.cid = cid;
    this.maxLength = Math.min(maxLength, maxMessageLength(packetSize));
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.current = undefined;
  }

  push(packet: Uint8Array): Message | undefined {
    if (packet.length !== this.packetSize) {
      this.reset();
      throw new FrameError(`short or long packet: ${packet.length} bytes, expected ${this.packetSize}`);
    }
    const cid = new DataView(packet.buffer, packet.byteOffset, packet.length).getUint32(0);
    if (this.cid !== undefined && cid !== this.cid) return undefined;
    const b4 = packet[4]!;
    if (b4 & 0x80) {
      if (this.current) {
        this.reset();
        throw new FrameError('init packet in the middle of a message');
      }
      const len = (packet[5]! << 8) | packet[6]!;
      if (len > this.maxLength) throw new FrameError(`declared length ${len} exceeds ${this.maxLength}`);
      const data = new Uint8Array(len);
      const n = Math.min(len, this.packetSize - INIT_HEADER);
      data.set(packet.subarray(INIT_HEADER, INIT_HEADER + n));
      if (n === len) return { cid, cmd: b4 & 0x7f, data };
      this.current = { cmd: b4 & 0x7f, data, got: n, seq: 0 };
      return undefined;
    }
    if (!this.current) throw new FrameError('continuation packet without a message');
    if (b4 !== this.current.seq) {
      const expected = this.current.seq;
      this.reset();
      throw new FrameError(`sequence ${b4}, expected ${expected}`);
    }
    const cur = this.current;
    const n = Math.min(cur.data.length - cur.got, this.packetSize - CONT_HEADER);
    cur.data.set(packet.subarray(CONT_HEADER, CONT_HEADER + n), cur.got);
    cur.got += n;
    cur.seq++;
    if (cur.got < cur.data.length) return undefined;
    this.current = undefined;
    return { cid, cmd: cur.cmd, data: cur.data };
  }
}
