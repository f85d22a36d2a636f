import { sm3Hex } from '../channel/sm4.ts';
import { sql, type Db } from './db.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  type: string;
  subject: string;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** The hash of an entry: SM3 over the previous hash and every field, so edits, deletions and reordering show. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sm3Hex([e.prev_hash, e.seq, e.at, e.actor, e.type, e.subject, e.data_json].join('\u001f'));
}

/** Appends one event; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, at: number, actor: string, type: string, subject: string, data: unknown): void {
  const head = sql(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const entry = {
    seq: (head?.seq ?? 0) + 1,
    at,
    actor,
    type,
    subject,
    data_json: JSON.stringify(data),
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  sql(db, 
    'INSERT INTO audit (seq, at, actor, type, subject, data_json, prev_hash, hash) VALUES (@seq, @at, @actor, @type, @subject, @data_json, @prev_hash, @hash)',
  ).run({ ...entry, hash: entryHash(entry) });
}

export type AuditVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; firstBadSeq: number; reason: string };

/** Walks the chain from the start; names the first entry that does not follow from the one before. */
export function verifyAudit(db: Db): AuditVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<AuditEntry>) {
    count++;
    if (row.seq !== expectedSeq) return { ok: false, entries: count, firstBadSeq: row.seq, reason: `missing entry ${expectedSeq}` };
    if (row.prev_hash !== prev) return { ok: false, entries: count, firstBadSeq: row.seq, reason: 'previous hash does not match' };
    if (entryHash(row) !== row.hash) return { ok: false, entries: count, firstBadSeq: row.seq, reason: 'entry was altered' };
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries: count, head: prev };
}
