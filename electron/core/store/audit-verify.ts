import { verdictOf, verifyChain, type AuditProblem, type AuditVerdict } from './audit.ts';
import { legacySealEntry } from './evidence.ts';
import { sql, type Db } from './db.ts';
import { behindHighWater, highWaterPath, readHighWater } from './high-water.ts';
import { storedContentSm3 } from './invoice-digest.ts';
import { sealLegacyInvoices } from './legacy-seal.ts';

/** Audit entries that record an invoice's content SM3 (data.contentSm3). */
const CONTENT_TYPES = ['invoice.queued', 'invoice.issued', 'invoice.cancelled', 'invoice.rejected', 'red.requested', 'invoice.resubmitted'];
const MAX_PROBLEMS = 100;

interface Entry {
  seq: number;
  type: string;
  data_json: string;
}

/**
 * The whole check behind `fapiao audit verify` and the manager's 校验审计链: the chain (links, hashes,
 * MACs under the till's key), every invoice's content against the SM3 the chain recorded for it, the
 * per-till sequence (no number missing but those an audited restore declared), and the database against
 * its high-water file. Each problem names the entry, invoice or sequence number.
 */
export async function verifyStore(db: Db): Promise<AuditVerdict & { invoices: number; legacy?: { invoices: number; sealed: boolean } }> {
  const chain = verifyChain(db);
  const problems: AuditProblem[] = [...chain.problems];
  const add = (p: AuditProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  // Sequence numbers an audited restore or accepted rollback declared as known gaps.
  const gaps = (
    db.prepare("SELECT data_json FROM audit WHERE subject = 'store' AND type IN ('store.restored', 'store.rollback_accepted')").all() as Array<{ data_json: string }>
  )
    .map((r) => (JSON.parse(r.data_json) as { gap?: { from: number; to: number } | null }).gap)
    .filter((g): g is { from: number; to: number } => g != null);
  const declared = (from: number, to: number): boolean => gaps.some((g) => g.from <= from && to <= g.to);

  const entriesOf = sql(db, `SELECT seq, type, data_json FROM audit WHERE subject = ? AND type IN (${CONTENT_TYPES.map(() => '?').join(', ')}) ORDER BY seq`);
  let legacy = 0;
  let expected = 1;
  let invoices = 0;
  const rows = db.prepare('SELECT order_no, till_seq, content_sm3, status, number FROM invoices ORDER BY till_seq').iterate() as Iterable<{
    order_no: string;
    till_seq: number | null;
    content_sm3: string | null;
    status: string;
    number: string | null;
  }>;
  for (const inv of rows) {
    invoices++;
    const orderNo = inv.order_no;
    if (inv.till_seq === null) add({ kind: 'sequence', orderNo, reason: `invoice ${orderNo} has no per-till sequence number` });
    else {
      if (inv.till_seq > expected && !declared(expected, inv.till_seq - 1))
        add({ kind: 'sequence', tillSeq: expected, reason: `sequence ${expected}${inv.till_seq - 1 > expected ? `–${inv.till_seq - 1}` : ''} missing: invoice(s) deleted` });
      expected = inv.till_seq + 1;
    }
    const content = storedContentSm3(db, orderNo)!;
    const entries = entriesOf.all(orderNo, ...CONTENT_TYPES) as Entry[];
    const queued = entries.find((e) => e.type === 'invoice.queued');
    if (!queued) {
      add({ kind: 'invoice', orderNo, reason: `invoice ${orderNo} has no invoice.queued entry in the audit chain` });
      continue;
    }
    let recorded = false;
    for (const e of entries) {
      const data = JSON.parse(e.data_json) as { contentSm3?: string | null; number?: string };
      if (e.type === 'invoice.issued' && inv.number !== null && data.number !== undefined && data.number !== inv.number)
        add({ kind: 'invoice', orderNo, seq: e.seq, reason: `invoice ${orderNo}: number ${inv.number} is not the one entry ${e.seq} recorded (${data.number})` });
      if (data.contentSm3 == null) continue;
      recorded = true;
      if (data.contentSm3 !== content)
        add({ kind: 'invoice', orderNo, seq: e.seq, reason: `invoice ${orderNo}: content differs from what audit entry ${e.seq} (${e.type}) recorded` });
    }
    if (inv.content_sm3 !== null && inv.content_sm3 !== content) add({ kind: 'invoice', orderNo, reason: `invoice ${orderNo}: content differs from its recorded content hash` });
    // From before migration 7 (no content hash anywhere): covered by the legacy seal below.
    if (inv.content_sm3 === null && !recorded) legacy++;
    else if (!recorded) add({ kind: 'invoice', orderNo, seq: queued.seq, reason: `invoice ${orderNo}: the audit chain recorded no content hash for it` });
  }
  const last = (sql(db, 'SELECT last FROM till_sequence WHERE id = 1').get() as { last: number } | undefined)?.last ?? 0;
  if (last >= expected && !declared(expected, last))
    add({ kind: 'sequence', tillSeq: expected, reason: `sequence ${expected}${last > expected ? `–${last}` : ''} missing: invoice(s) deleted` });

  // Invoices the chain knows and the tables do not.
  for (const r of db
    .prepare("SELECT a.seq, a.subject FROM audit a WHERE a.type = 'invoice.queued' AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_no = a.subject) ORDER BY a.seq")
    .iterate() as Iterable<{ seq: number; subject: string }>)
    add({ kind: 'invoice', orderNo: r.subject, seq: r.seq, reason: `invoice ${r.subject} is in the audit chain (entry ${r.seq}) but missing from the database` });

  // Invoices from before the content hash: checked against the seal recorded once the chain was keyed.
  const seal = legacySealEntry(db);
  if (seal !== undefined) {
    const now = await sealLegacyInvoices(db.name).done;
    if (now === undefined) add({ kind: 'invoice', seq: seal.seq, reason: 'invoices stored before the chain was keyed could not be read to check their seal' });
    else if (now.invoices !== seal.invoices || now.sha256 !== seal.sha256)
      add({ kind: 'invoice', seq: seal.seq, reason: `invoices stored before the chain was keyed differ from what entry ${seal.seq} sealed (${now.invoices} now, ${seal.invoices} then)` });
  }

  try {
    const hw = readHighWater(db.name);
    const behind = hw && behindHighWater(db, hw);
    if (behind) add({ kind: 'highWater', code: 'STORE_ROLLED_BACK', reason: `database is behind its high-water file ${highWaterPath(db.name)}: ${behind}` });
  } catch (err) {
    add({ kind: 'highWater', code: 'HIGH_WATER_UNREADABLE', reason: err instanceof Error ? err.message : String(err) });
  }
  const verdict = { ...verdictOf(chain.entries, chain.head, chain.keyed, problems), invoices };
  return legacy > 0 || seal !== undefined ? { ...verdict, legacy: { invoices: legacy, sealed: seal !== undefined } } : verdict;
}
