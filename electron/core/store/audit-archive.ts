import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { sm3Hex } from '../channel/sm4.ts';
import { entryHash, type AuditEntry } from './audit.ts';
import type { Db } from './db.ts';

/**
 * Archives of past years (tax records are kept ≥ 10 years, docs/invoice-rules.md §10): the audit entries and the
 * invoices of the chosen years, as JSON lines, ending with an SM3 digest of everything before it.
 * Exporting deletes nothing; the archive verifies on its own, and against the database when it is there.
 */
export const ARCHIVE_FORMAT = 'fapiao-audit-archive/1';
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** [from, to) in ms for calendar years fromYear…toYear, China time. */
export function yearRange(fromYear: number, toYear: number): { from: number; to: number } {
  return { from: Date.UTC(fromYear, 0, 1) - CHINA_OFFSET_MS, to: Date.UTC(toYear + 1, 0, 1) - CHINA_OFFSET_MS };
}

interface Header {
  format: string;
  fromYear: number;
  toYear: number;
  exportedAt: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** prev_hash of the first entry: where this piece hangs in the whole chain. */
  anchor: string | null;
}

export function exportAuditArchive(db: Db, fromYear: number, toYear: number, file: string, now: number): { entries: number; invoices: number; digest: string } {
  const { from, to } = yearRange(fromYear, toYear);
  const fd = openSync(file, 'wx');
  const lines: string[] = [];
  let digestInput = '';
  const put = (obj: unknown): void => {
    const line = JSON.stringify(obj);
    digestInput += `${line}\n`;
    lines.push(line);
  };
  // One read transaction: the entries and invoices are one consistent snapshot.
  const result = db.transaction(() => {
    const range = db.prepare('SELECT MIN(seq) AS a, MAX(seq) AS b FROM audit WHERE at >= ? AND at < ?').get(from, to) as { a: number | null; b: number | null };
    const first = range.a === null ? undefined : (db.prepare('SELECT prev_hash FROM audit WHERE seq = ?').get(range.a) as { prev_hash: string });
    const header: Header = { format: ARCHIVE_FORMAT, fromYear, toYear, exportedAt: now, firstSeq: range.a, lastSeq: range.b, anchor: first?.prev_hash ?? null };
    put({ t: 'header', ...header });
    let entries = 0;
    if (range.a !== null)
      for (const e of db.prepare('SELECT * FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq').iterate(range.a, range.b) as Iterable<AuditEntry>) {
        put({ t: 'audit', ...e });
        entries++;
      }
    let invoices = 0;
    for (const inv of db.prepare('SELECT * FROM invoices WHERE created_at >= ? AND created_at < ? ORDER BY created_at, order_no').iterate(from, to)) {
      put({ t: 'invoice', ...(inv as object) });
      invoices++;
    }
    return { entries, invoices };
  })();
  const digest = sm3Hex(digestInput);
  lines.push(JSON.stringify({ t: 'trailer', digest }));
  try {
    writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return { ...result, digest };
}

export type ArchiveVerdict =
  | { ok: true; entries: number; invoices: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; reason: string; firstBadSeq?: number; line?: number };

/** Checks an archive by itself (digest, chain); with `db`, also that it matches the live chain. */
export function verifyAuditArchive(file: string, db?: Db): ArchiveVerdict {
  const text = readFileSync(file, 'utf8');
  const rows = text.split('\n').filter((l) => l.length > 0);
  const trailer = rows.pop();
  let digest: string;
  try {
    digest = (JSON.parse(trailer ?? '{}') as { t?: string; digest?: string }).digest ?? '';
  } catch {
    return { ok: false, reason: 'archive has no trailer' };
  }
  if (sm3Hex(rows.map((r) => `${r}\n`).join('')) !== digest) return { ok: false, reason: 'archive digest does not match (file altered or truncated)' };
  const header = JSON.parse(rows[0] ?? '{}') as Header & { t: string };
  if (header.t !== 'header' || header.format !== ARCHIVE_FORMAT) return { ok: false, reason: 'not a Fapiao audit archive' };
  let prev = header.anchor;
  let expected = header.firstSeq;
  let entries = 0;
  let invoices = 0;
  for (let i = 1; i < rows.length; i++) {
    const row = JSON.parse(rows[i]!) as { t: string } & AuditEntry;
    if (row.t === 'invoice') {
      invoices++;
      continue;
    }
    if (row.t !== 'audit') return { ok: false, reason: `unexpected record on line ${i + 1}`, line: i + 1 };
    const { t: _t, ...entry } = row;
    if (entry.seq !== expected) return { ok: false, reason: `missing entry ${expected}`, firstBadSeq: entry.seq };
    if (entry.prev_hash !== prev) return { ok: false, reason: 'previous hash does not match', firstBadSeq: entry.seq };
    if (entryHash(entry) !== entry.hash) return { ok: false, reason: 'entry was altered', firstBadSeq: entry.seq };
    if (db) {
      const live = db.prepare('SELECT hash FROM audit WHERE seq = ?').get(entry.seq) as { hash: string } | undefined;
      if (live !== undefined && live.hash !== entry.hash) return { ok: false, reason: 'differs from the database', firstBadSeq: entry.seq };
    }
    prev = entry.hash;
    expected = (expected ?? 0) + 1;
    entries++;
  }
  if (header.lastSeq !== null && expected !== header.lastSeq + 1) return { ok: false, reason: 'archive ends early' };
  return { ok: true, entries, invoices, firstSeq: header.firstSeq, lastSeq: header.lastSeq };
}
