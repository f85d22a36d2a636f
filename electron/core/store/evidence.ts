import Database from 'better-sqlite3';
import { dirname, isAbsolute, relative } from 'node:path';
import { FapiaoError, type AppError } from '../../contract/index.ts';
import type { TillMark } from '../channel/protocol.ts';
import { appendAudit, auditKeyring, keyedEntry, onAuditAppended, setAuditKeyring, type AuditKeyring } from './audit.ts';
import { auditKeyError, auditKeyFile, auditKeyId, loadAuditKeyFile, type AuditKey } from './audit-key.ts';
import { latestBackup } from './backup.ts';
import { sql, type Db } from './db.ts';
import { behindHighWater, currentMark, highWaterPath, readHighWater, storeRolledBack, writeHighWater, writeHighWaterSync, type HighWater } from './high-water.ts';
import { sealLegacyInvoices, type LegacySealing } from './legacy-seal.ts';
import { storeFaults } from './integrity.ts';

/**
 * Tamper evidence for one open database (docs/it-guide.md, "Audit chain"): the audit key attached to the
 * connection, the chain keyed on first use, the high-water mark checked at start and kept up to date.
 * Called right after openDatabase by core and by the CLI commands that write.
 */
export interface EvidenceOptions {
  /** The key from the OS secret store (desktop app); otherwise the key file (store/audit-key.ts). */
  auditKey?: AuditKey;
  /** Only look (`fapiao audit verify`): never make a key, key the chain or write the high-water file. */
  inspectOnly?: boolean;
  log?: (msg: string) => void;
  now?: () => number;
}

interface Writer {
  dbFile: string;
  /** Sealing the invoices from before migration 7, on its own thread (store/legacy-seal.ts). */
  sealing?: LegacySealing;
  dirty: boolean;
  running: Promise<void> | undefined;
  /** While the database is behind its mark the file is evidence: never overwritten until IT resolves it. */
  held: boolean;
  log: (msg: string) => void;
  now: () => number;
}
const writers = new WeakMap<Db, Writer>();

export function attachEvidence(db: Db, options: EvidenceOptions = {}): void {
  const dbFile = db.name;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  let hw: HighWater | undefined;
  let hwProblem: string | undefined;
  try {
    hw = readHighWater(dbFile);
  } catch (err) {
    hwProblem = err instanceof FapiaoError ? err.errors[0]!.message_en : String(err);
  }
  const wasKeyed = keyedEntry(db) !== undefined;
  attachKey(db, options, hw, now);
  const keyProblem = auditKeyring(db)?.problem;
  if (keyProblem) storeFaults.set(db, keyProblem);

  const writer: Writer = { dbFile, dirty: false, running: undefined, held: false, log, now };
  writers.set(db, writer);
  onAuditAppended(db, () => schedule(db, writer));
  // No mark file on a till that ran keyed: its newest backup is the next best mark. An older copy put in
  // place with the file deleted is behind it; that backup's mark becomes the file so IT resolves the gap.
  if (hw === undefined && hwProblem === undefined && wasKeyed) {
    const backup = backupMark(dbFile);
    if (backup !== undefined && backup.seq > currentMark(db, 0).seq) {
      hw = { ...backup, ...(auditKeyring(db)?.keyId ? { keyId: auditKeyring(db)!.keyId } : {}) };
      if (!options.inspectOnly) writeMarkOrLog(dbFile, hw, log);
    }
  }
  const behind = hwProblem ?? (hw ? behindHighWater(db, hw) : undefined);
  if (behind !== undefined) {
    writer.held = true;
    storeFaults.set(db, storeRolledBack(dbFile, hw, behind));
    return;
  }
  if (options.inspectOnly) {
    writer.held = true;
    return;
  }
  // A till that ran keyed has a mark: if it is gone (deleted, a folder copied without it) that is said, not hidden.
  if (hw === undefined && wasKeyed && !keyProblem) {
    log(`high-water file ${highWaterPath(dbFile)} is missing: recorded in the audit chain and written anew`);
    db.transaction(() => appendAudit(db, now(), 'system', 'store.high_water_missing', 'store', { database: currentMark(db, now()) })).immediate();
  }
  if (!keyProblem) sealLegacy(db, writer);
  // First start, or the file lags this database (another process, a crash before its write): bring it up now.
  const mine = currentMark(db, now(), auditKeyring(db)?.keyId);
  if (hw === undefined || hw.auditSeq !== mine.auditSeq || hw.seq !== mine.seq) writeMarkOrLog(dbFile, mine, log);
}

/**
 * Writes the mark file now; a failure is logged, never thrown: on a full or read-only disk the file lags
 * (never leads), and issuing reports the disk itself.
 */
function writeMarkOrLog(dbFile: string, hw: HighWater, log: (msg: string) => void): void {
  try {
    writeHighWaterSync(dbFile, hw);
  } catch (err) {
    log(`high-water file not written: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The newest backup's mark (undefined: no backup, or one that cannot be read or predates sequence numbers). */
function backupMark(dbFile: string): HighWater | undefined {
  const file = latestBackup(dbFile);
  return file === undefined ? undefined : markOf(file);
}

/** The mark of another database file, read-only (undefined: unreadable, or from before sequence numbers). */
function markOf(file: string): HighWater | undefined {
  let other: Db | undefined;
  try {
    other = new Database(file, { readonly: true, fileMustExist: true });
    return currentMark(other, Date.now());
  } catch {
    return undefined;
  } finally {
    other?.close();
  }
}

/**
 * Before a restore is recorded: the database it replaced is evidence too. The high-water file can lag it
 * (a crash right after a sale) or be gone; its mark is raised to the replaced file's so the recorded gap
 * covers every sequence number that file gave out (never reused). An unreadable mark file is left alone.
 */
export function keepReplacedMark(dbFile: string, replaced: string): void {
  const mark = markOf(replaced);
  if (mark === undefined) return;
  let hw: HighWater | undefined;
  try {
    hw = readHighWater(dbFile);
  } catch {
    return;
  }
  if (hw === undefined || hw.seq < mark.seq) writeHighWaterSync(dbFile, hw?.keyId ? { ...mark, keyId: hw.keyId } : mark);
}

function attachKey(db: Db, options: EvidenceOptions, hw: HighWater | undefined, now: () => number): void {
  const keyed = keyedEntry(db);
  let source: AuditKey | undefined = options.auditKey;
  const where = source?.where ?? auditKeyFile(dirname(db.name));
  if (source === undefined) {
    // A key kept in the data folder goes wherever a copy of the folder goes: then it proves nothing.
    const inFolder = relative(dirname(db.name), where);
    if (inFolder !== '' && !inFolder.startsWith('..') && !isAbsolute(inFolder)) {
      setAuditKeyring(db, { where, problem: auditKeyError(where, 'the key file is inside the data folder; keep it outside', '密钥文件位于数据目录内，请放到数据目录之外') });
      return;
    }
    try {
      source = loadAuditKeyFile(where, keyed === undefined && hw?.keyId === undefined && !options.inspectOnly);
    } catch (err) {
      const problem: AppError = err instanceof FapiaoError ? err.errors[0]! : auditKeyError(where, String(err), String(err));
      setAuditKeyring(db, { where, problem });
      return;
    }
  }
  if (source === undefined) {
    // A keyed chain (or a mark that says it was keyed) and no key: nothing may be appended unsigned.
    const ring: AuditKeyring = { where };
    if (keyed !== undefined || hw?.keyId !== undefined) ring.problem = auditKeyError(where, 'no key file', '找不到密钥文件');
    setAuditKeyring(db, ring);
    return;
  }
  const keyId = auditKeyId(source.key);
  if (keyed !== undefined && keyed.keyId !== keyId) {
    setAuditKeyring(db, { where, problem: auditKeyError(where, `this key (id ${keyId}) is not the one that signed this chain (id ${keyed.keyId})`, '这不是签署本审计链的密钥') });
    return;
  }
  setAuditKeyring(db, { key: source.key, keyId, where });
  if (keyed !== undefined) return;
  // Key the chain: from this entry on every entry carries a MAC; its MAC also seals every entry before it
  // (each hash covers the one before). Only with a key made just now, or on an empty chain, and never when
  // the mark says the chain was keyed: a chain stripped of its MACs is never re-signed.
  const empty = sql(db, 'SELECT 1 FROM audit LIMIT 1').get() === undefined;
  if ((source.created || empty) && hw?.keyId === undefined && !options.inspectOnly)
    db.transaction(() => appendAudit(db, now(), 'system', 'audit.keyed', 'audit', { keyId })).immediate();
}

/** Invoices from before migration 7 and no seal yet in a keyed chain: seal them in the background. */
function sealLegacy(db: Db, w: Writer): void {
  if (keyedEntry(db) === undefined || legacySealEntry(db) !== undefined) return;
  if (sql(db, 'SELECT 1 FROM invoices WHERE content_sm3 IS NULL LIMIT 1').get() === undefined) return;
  const sealing = sealLegacyInvoices(db.name, w.log);
  w.sealing = sealing;
  void sealing.done.then((seal) => {
    if (seal === undefined || !db.open || writers.get(db) !== w || legacySealEntry(db) !== undefined) return;
    try {
      db.transaction(() => appendAudit(db, w.now(), 'system', 'audit.legacy_sealed', 'audit', seal)).immediate();
    } catch (err) {
      w.log(`legacy seal not recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** The recorded seal of the invoices from before migration 7, if any. */
export function legacySealEntry(db: Db): { seq: number; invoices: number; sha256: string } | undefined {
  const row = sql(db, "SELECT seq, data_json FROM audit WHERE subject = 'audit' AND type = 'audit.legacy_sealed' ORDER BY seq LIMIT 1").get() as
    | { seq: number; data_json: string }
    | undefined;
  return row && { seq: row.seq, ...(JSON.parse(row.data_json) as { invoices: number; sha256: string }) };
}

/** Resolves when the background seal of old invoices (if one runs) has finished and been recorded. */
export async function legacySealed(db: Db): Promise<void> {
  await writers.get(db)?.sealing?.done;
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function schedule(db: Db, w: Writer): void {
  w.dirty = true;
  if (w.running || w.held) return;
  // After the current transaction has committed (appendAudit runs inside it): a later turn of the event loop.
  w.running = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      while (w.dirty && !w.held && db.open) {
        w.dirty = false;
        // Read after the commit: the file can lag the database, never lead it.
        await writeHighWater(w.dbFile, currentMark(db, w.now(), auditKeyring(db)?.keyId));
      }
    })
    .catch((err: unknown) => w.log(`high-water file not written: ${err instanceof Error ? err.message : String(err)}`))
    .finally(() => {
      w.running = undefined;
    });
}

/** Before the database is closed: the last write finishes and the file is brought up to the final state. */
export async function closeEvidence(db: Db): Promise<void> {
  const w = writers.get(db);
  if (!w) return;
  w.sealing?.stop();
  await w.sealing?.done;
  await w.running;
  if (w.dirty && !w.held && db.open) {
    w.dirty = false;
    writeMarkOrLog(w.dbFile, currentMark(db, w.now(), auditKeyring(db)?.keyId), w.log);
  }
  writers.delete(db);
}

/**
 * The mark the channel holds for this till (in its signed issue reply). Ahead of this database's sequence:
 * the channel has invoices from this till the database does not — the whole data folder was put back, its
 * high-water file with it. Same as at start: STORE_ROLLED_BACK, and the file takes the channel's mark so
 * the next start says so too and IT's restore / accept-rollback knows the gap. Never lowers anything.
 */
export function noteChannelMark(db: Db, mark: TillMark | undefined): void {
  const w = writers.get(db);
  if (mark === undefined || w === undefined || !db.open) return;
  const keyId = auditKeyring(db)?.keyId;
  if (mark.id !== undefined && keyId !== undefined && mark.id !== keyId) return; // another till's mark
  const mine = currentMark(db, mark.at, keyId);
  if (mark.seq <= mine.seq) return;
  let hw: HighWater | undefined;
  try {
    hw = readHighWater(db.name);
  } catch {
    hw = undefined;
  }
  const channel: HighWater = { seq: mark.seq, auditSeq: mark.auditSeq, head: mark.head, at: mark.at, ...(keyId ? { keyId } : {}) };
  w.held = true;
  if (hw === undefined || hw.seq < channel.seq) writeMarkOrLog(db.name, channel, w.log);
  storeFaults.set(db, storeRolledBack(db.name, channel, `the channel holds invoice sequence ${mark.seq} from this till; this database ends at ${mine.seq}`));
}

/** The mark to send with a channel batch (protocol `till`): what this database has committed. */
export function tillMark(db: Db): TillMark {
  const { seq, auditSeq, head, at } = currentMark(db, Date.now());
  const id = auditKeyring(db)?.keyId;
  return id === undefined ? { seq, auditSeq, head, at } : { seq, auditSeq, head, at, id };
}

export interface RollbackRecord {
  highWater: HighWater | null;
  database: HighWater;
  /** Per-till sequence numbers this database never saw (the channel has those invoices); never given out again. */
  gap: { from: number; to: number } | null;
  reason: string;
  backup: string | null;
}

/**
 * IT resolves a database behind its high-water mark, deliberately and on the record: after `fapiao restore`
 * (type store.restored) or by `fapiao store accept-rollback` (store.rollback_accepted). The audit entry names
 * both marks and the gap of sequence numbers; the sequence jumps past the gap (never reused); the file is
 * rewritten from the database and issuing resumes. Signed with the audit key like every entry.
 */
export function recordRollback(db: Db, type: 'store.restored' | 'store.rollback_accepted', actor: string, reason: string, backup?: string): RollbackRecord {
  const w = writers.get(db);
  const at = (w?.now ?? Date.now)();
  let hw: HighWater | undefined;
  try {
    hw = readHighWater(db.name);
  } catch {
    hw = undefined; // unreadable: recorded as no mark
  }
  const record = db.transaction((): RollbackRecord => {
    const database = currentMark(db, at);
    const gap = hw && hw.seq > database.seq ? { from: database.seq + 1, to: hw.seq } : null;
    if (gap) sql(db, 'UPDATE till_sequence SET last = ? WHERE id = 1').run(gap.to);
    const rec: RollbackRecord = { highWater: hw ?? null, database, gap, reason, backup: backup ?? latestBackup(db.name) ?? null };
    // A backup from before keying (an older release) is keyed here, by IT's deliberate act with the key.
    const ring = auditKeyring(db);
    if (keyedEntry(db) === undefined && ring?.key && ring.keyId) appendAudit(db, at, 'system', 'audit.keyed', 'audit', { keyId: ring.keyId });
    appendAudit(db, at, actor, type, 'store', rec);
    return rec;
  }).immediate();
  writeHighWaterSync(db.name, currentMark(db, at, auditKeyring(db)?.keyId));
  if (storeFaults.get(db)?.code === 'STORE_ROLLED_BACK') storeFaults.delete(db);
  if (w) w.held = false;
  return record;
}

/** Whether the open database is held behind its high-water mark (STORE_ROLLED_BACK). */
export function rolledBack(db: Db): AppError | undefined {
  const fault = storeFaults.get(db);
  return fault?.code === 'STORE_ROLLED_BACK' ? fault : undefined;
}
