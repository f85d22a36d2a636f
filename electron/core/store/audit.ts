import { FapiaoError, type AppError } from '../../contract/index.ts';
import { sm3Hex } from '../channel/sm4.ts';
import { auditKeyError, auditKeyId, entryMac } from './audit-key.ts';
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
  /** HMAC-SHA256 of `hash` under the till's audit key (store/audit-key.ts); null before the chain was keyed. */
  mac?: string | null;
}

/** The hash of an entry: SM3 over the previous hash and every field, so edits, deletions and reordering show. */
export function entryHash(e: Omit<AuditEntry, 'hash' | 'mac'>): string {
  return sm3Hex([e.prev_hash, e.seq, e.at, e.actor, e.type, e.subject, e.data_json].join('\u001f'));
}

/**
 * The audit key in force for a database connection (store/evidence.ts attaches it at open). Without one
 * (a bare openDatabase, e.g. a unit test or a pre-keying tool) entries are written unsigned; with a
 * problem (the key of a keyed chain is missing or wrong) every append is refused.
 */
export interface AuditKeyring {
  key?: Buffer;
  keyId?: string;
  where: string;
  problem?: AppError;
}
const keyrings = new WeakMap<Db, AuditKeyring>();
const appendListeners = new WeakMap<Db, () => void>();

export function setAuditKeyring(db: Db, ring: AuditKeyring): void {
  keyrings.set(db, ring);
}

export function auditKeyring(db: Db): AuditKeyring | undefined {
  return keyrings.get(db);
}

/** Called after every append (inside its transaction): the high-water writer schedules itself from it. */
export function onAuditAppended(db: Db, listener: () => void): void {
  appendListeners.set(db, listener);
}

/** The first audit.keyed entry: from it on, every entry must carry a valid MAC. */
export function keyedEntry(db: Db): { seq: number; keyId: string } | undefined {
  const row = sql(db, "SELECT seq, data_json FROM audit WHERE subject = 'audit' AND type = 'audit.keyed' ORDER BY seq LIMIT 1").get() as
    | { seq: number; data_json: string }
    | undefined;
  return row && { seq: row.seq, keyId: (JSON.parse(row.data_json) as { keyId: string }).keyId };
}

export function auditHead(db: Db): { seq: number; hash: string } {
  const head = sql(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

/** Appends one event; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, at: number, actor: string, type: string, subject: string, data: unknown): void {
  const ring = keyrings.get(db);
  if (ring?.problem) throw new FapiaoError([ring.problem]);
  const head = auditHead(db);
  const entry = {
    seq: head.seq + 1,
    at,
    actor,
    type,
    subject,
    data_json: JSON.stringify(data),
    prev_hash: head.hash,
  };
  const hash = entryHash(entry);
  sql(
    db,
    'INSERT INTO audit (seq, at, actor, type, subject, data_json, prev_hash, hash, mac) VALUES (@seq, @at, @actor, @type, @subject, @data_json, @prev_hash, @hash, @mac)',
  ).run({ ...entry, hash, mac: ring?.key ? entryMac(ring.key, hash) : null });
  appendListeners.get(db)?.();
}

export interface AuditProblem {
  /** What is wrong: an audit entry, an invoice's content, the per-till sequence, the high-water mark, the key. */
  kind: 'entry' | 'invoice' | 'sequence' | 'highWater' | 'key';
  /** The audit entry (its seq), the invoice (its order number), the per-till sequence number concerned. */
  seq?: number;
  orderNo?: string;
  tillSeq?: number;
  code?: string;
  reason: string;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  head?: string;
  /** Whether the chain is signed with this till's key (false: a chain from before keying, checked by hash only). */
  keyed?: boolean;
  firstBadSeq?: number;
  reason?: string;
  problems?: AuditProblem[];
}

/**
 * Walks the chain from the start: sequence, hash links and, from the audit.keyed entry on, each entry's
 * MAC under this till's key. Names the first entry that does not follow from the one before. A connection
 * with no key attached (a bare openDatabase, e.g. a backup file opened to look at) checks hashes only.
 */
export function verifyChain(db: Db): { entries: number; head: string; keyed: boolean; problems: AuditProblem[] } {
  const ring = keyrings.get(db);
  const keyed = keyedEntry(db);
  const problems: AuditProblem[] = [];
  if (ring && keyed && ring.key === undefined) {
    const where = ring.where;
    problems.push({ kind: 'key', code: 'AUDIT_KEY_MISSING', reason: auditKeyError(where, 'the chain is keyed and its key is not here', '审计链已签署，但找不到其密钥').message_en });
  } else if (keyed && ring?.key && auditKeyId(ring.key) !== keyed.keyId) {
    const where = ring.where;
    problems.push({ kind: 'key', code: 'AUDIT_KEY_MISSING', reason: auditKeyError(where, `this key (id ${auditKeyId(ring.key)}) is not the chain's key (id ${keyed.keyId})`, '这不是本审计链的密钥').message_en });
  }
  const key = problems.length === 0 && keyed ? ring?.key : undefined;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<AuditEntry>) {
    count++;
    const bad = (reason: string): void => void problems.push({ kind: 'entry', seq: row.seq, reason });
    if (row.seq !== expectedSeq) {
      bad(`missing entry ${expectedSeq}`);
      break;
    }
    if (row.prev_hash !== prev) {
      bad('previous hash does not match');
      break;
    }
    if (entryHash(row) !== row.hash) {
      bad('entry was altered');
      break;
    }
    if (key && keyed && row.seq >= keyed.seq && (row.mac ?? null) !== entryMac(key, row.hash)) {
      bad(row.mac ? 'MAC does not verify: entry altered or chain re-hashed without the key' : 'entry is not signed with the audit key');
      break;
    }
    prev = row.hash;
    expectedSeq++;
  }
  if (!keyed && count > 0 && ring?.key !== undefined)
    problems.push({ kind: 'key', reason: 'the chain has no audit.keyed entry although this till has an audit key: its entries are not signed' });
  return { entries: count, head: prev, keyed: keyed !== undefined, problems };
}

/** The chain alone, as a verdict (the full check of a store is store/audit-verify.ts). */
export function verifyAudit(db: Db): AuditVerdict {
  const chain = verifyChain(db);
  return verdictOf(chain.entries, chain.head, chain.keyed, chain.problems);
}

export function verdictOf(entries: number, head: string, keyed: boolean, problems: AuditProblem[]): AuditVerdict {
  if (problems.length === 0) return { ok: true, entries, head, keyed };
  const firstEntry = problems.find((p) => p.kind === 'entry');
  const v: AuditVerdict = { ok: false, entries, keyed, reason: problems[0]!.reason, problems };
  if (firstEntry?.seq !== undefined) v.firstBadSeq = firstEntry.seq;
  return v;
}
