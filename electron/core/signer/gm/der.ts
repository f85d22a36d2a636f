/**
 * A minimal DER reader/writer for the few small structures handled by hand (SM2 signatures, ECPrivateKey,
 * PBES2 parameters). Certificates go through @peculiar/asn1-x509 instead.
 */

export interface DerNode {
  tag: number;
  /** The content octets. */
  value: Uint8Array;
  /** The whole TLV. */
  raw: Uint8Array;
}

export class DerError extends Error {}

/** Reads one TLV at `offset`; throws DerError on truncation or non-minimal forms we do not need. */
export function readTlv(buf: Uint8Array, offset = 0): { node: DerNode; next: number } {
  if (offset + 2 > buf.length) throw new DerError('DER: truncated');
  const tag = buf[offset]!;
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > buf.length) throw new DerError('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | buf[p++]!;
  }
  if (p + len > buf.length) throw new DerError('DER: truncated');
  return { node: { tag, value: buf.subarray(p, p + len), raw: buf.subarray(offset, p + len) }, next: p + len };
}

/** The children of a constructed node. */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let p = 0; p < node.value.length; ) {
    const { node: child, next } = readTlv(node.value, p);
    out.push(child);
    p = next;
  }
  return out;
}

/** Parses a whole buffer as exactly one TLV of the expected tag. */
export function parseDer(buf: Uint8Array, tag?: number): DerNode {
  const { node, next } = readTlv(buf, 0);
  if (next !== buf.length) throw new DerError('DER: trailing bytes');
  if (tag !== undefined && node.tag !== tag) throw new DerError(`DER: expected tag 0x${tag.toString(16)}`);
  return node;
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  const len = value.length;
  const head =
    len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : len < 0x10000 ? [tag, 0x82, len >> 8, len & 0xff] : [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  out.set(value, head.length);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(...items));
export const octets = (v: Uint8Array): Uint8Array => tlv(0x04, v);

/** A non-negative INTEGER from a bigint (minimal, with a leading zero when the top bit is set). */
export function derInteger(x: bigint): Uint8Array {
  if (x < 0n) throw new DerError('DER: negative integer');
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes: Uint8Array = Uint8Array.from(Buffer.from(hex, 'hex'));
  if (bytes[0]! & 0x80) bytes = concat(Uint8Array.of(0), bytes);
  return tlv(0x02, bytes);
}

export function readInteger(node: DerNode): bigint {
  if (node.tag !== 0x02 || node.value.length === 0) throw new DerError('DER: expected INTEGER');
  if (node.value[0]! & 0x80) throw new DerError('DER: negative integer');
  return BigInt(`0x${Buffer.from(node.value).toString('hex')}`);
}

export function derOid(oid: string): Uint8Array {
  const parts = oid.split('.').map((s) => BigInt(s));
  const bytes: number[] = [Number(parts[0]! * 40n + parts[1]!)];
  for (const part of parts.slice(2)) {
    const group: number[] = [];
    let v = part;
    do {
      group.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < group.length - 1; i++) group[i]! |= 0x80;
    bytes.push(...group);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

export function readOid(node: DerNode): string {
  if (node.tag !== 0x06 || node.value.length === 0) throw new DerError('DER: expected OBJECT IDENTIFIER');
  const v = node.value;
  const out: bigint[] = [];
  let acc = 0n;
  for (let i = 0; i < v.length; i++) {
    acc = (acc << 7n) | BigInt(v[i]! & 0x7f);
    if (!(v[i]! & 0x80)) {
      out.push(acc);
      acc = 0n;
    }
  }
  const first = out.shift() ?? 0n;
  const a = first < 80n ? first / 40n : 2n;
  return [a, first - a * 40n, ...out].join('.');
}
