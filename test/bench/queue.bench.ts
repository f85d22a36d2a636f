import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaxChannel } from '../../electron/core/channel/client.ts';
import { openCore, type Core } from '../../electron/core/core.ts';
import { computeInvoice } from '../../electron/core/invoice/compute.ts';
import { toFen } from '../../electron/core/invoice/money.ts';
import { openDatabase } from '../../electron/core/store/db.ts';
import { storeNewInvoice } from '../../electron/core/store/invoices.ts';
import { testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { queueEvent } from '../support/events.ts';
import { sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { percentile } from './stats.ts';

const BACKLOG = 10_000;
const BIG = 1_000_000;
const BATCH = 200;

/** Queues `n` invoices straight into the store (one transaction), as a day offline would leave them. */
function queueBacklog(dataDir: string, n: number): void {
  const db = openDatabase(join(dataDir, 'fapiao.db'));
  const now = Date.now() - 3_600_000;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const draft = sampleDraft(`Q${String(i).padStart(6, '0')}`);
      const r = computeInvoice(draft);
      if (!r.ok) throw new Error('bench draft invalid');
      storeNewInvoice(db, { draft, computed: r.invoice, kind: 'blue', now: now + i, actor: 'bench', mode: 'sandbox' });
    }
  })();
  db.close();
}

/**
 * A store database with `n` issued invoices, made with direct SQL in one transaction and cached under
 * the system temp folder (keyed by the schema version) so later runs reuse it.
 */
function bigDatabase(n: number): string {
  const probe = tempDir('fapiao-bench-schema-');
  const version = (() => {
    const db = openDatabase(join(probe.path, 'fapiao.db'));
    const v = db.pragma('user_version', { simple: true }) as number;
    db.close();
    probe.remove();
    return v;
  })();
  const dir = join(tmpdir(), `fapiao-bench-1m-v${version}-${n}`);
  const file = join(dir, 'fapiao.db');
  if (existsSync(file)) return dir;
  mkdirSync(dir, { recursive: true });
  const building = join(dir, 'building.db');
  // A build cut short leaves its -wal too: without this the store would take it for a lost database (STORE_MISSING).
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  openDatabase(building).close();
  const db = new Database(building);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const draft = sampleDraft('X');
  const r = computeInvoice(draft);
  if (!r.ok) throw new Error('bench draft invalid');
  const line = r.invoice.lines[0]!;
  const start = Date.now() - 365 * 86_400_000;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO invoices (order_no, kind, type, status, buyer_name, buyer_tax_id, cashier, draft_json, computed_json,
         amount_fen, tax_fen, total_fen, created_at, number, issued_at, qr)
       WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
       SELECT 'M' || printf('%07d', i), 'blue', 'normal', 'issued', '张三', NULL, 'c' || (i % 5), ?, ?, ?, ?, ?,
         ? + i * 31, '2631100000' || printf('%010d', i), ? + i * 31 + 1000, 'qr' FROM s`,
    ).run(n, JSON.stringify(draft), JSON.stringify(r.invoice), toFen(r.invoice.totalAmount), toFen(r.invoice.totalTax), toFen(r.invoice.total), start, start);
    db.prepare(
      `INSERT INTO invoice_lines (order_no, line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax)
       SELECT order_no, 1, ?, ?, ?, ?, ?, ?, ?, ? FROM invoices`,
    ).run(line.kind, line.itemName, line.taxCode, line.quantity ?? null, line.unitPrice ?? null, line.amount, line.rate, line.tax);
  })();
  db.close();
  renameSync(building, file);
  return dir;
}

/** Drains 10,000 queued invoices against the sandbox process; measures issuing while it drains. */
async function drain(): Promise<Record<string, number>> {
  const data = tempDir('fapiao-bench-drain-');
  // The real channel runs on another machine, with its own disk and CPU. Here it shares both, so it runs
  // at a lower CPU priority and keeps its database in memory (/dev/shm) when there is one: its fsyncs
  // then do not queue in front of the till's on the one disk.
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/fapiao-bench-sandbox-') : undefined;
  const { sandbox, channel } = await sandboxWithChannel(data.path, 0, { timeoutMs: 30_000, nice: 10, ...(shm ? { dir: shm } : {}) });
  let core: Core | undefined;
  try {
    queueBacklog(data.path, BACKLOG);
    const t0 = performance.now();
    core = openCore({ dataDir: data.path, config: testConfig({ batchSize: BATCH }), channel, worker: { batchSize: BATCH } });
    const c = core;
    // While the backlog drains, the cashier keeps issuing: each sale must still be durable at once.
    const latencies: number[] = [];
    let i = 0;
    let draining = true;
    const issuing = (async () => {
      while (draining && i < 2_000) {
        const t = performance.now();
        const r = await c.handlers.issueInvoice(sampleDraft(`L${i++}`));
        latencies.push(performance.now() - t);
        if (!r.ok) throw new Error('bench draft refused');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // Done when no backlog row is left in the outbox (a primary-key range: cheap, as this listener runs on
    // every queueChanged event, including those inside the measured issueInvoice calls).
    const backlogLeft = c.db.prepare("SELECT 1 FROM outbox WHERE order_no >= 'Q' AND order_no < 'R' LIMIT 1").pluck();
    await queueEvent(c, (s) => s.pending === 0 || backlogLeft.get() === undefined, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    draining = false;
    await issuing;
    return {
      backlog_drain_per_s: BACKLOG / seconds,
      issue_to_durable_draining_p50_ms: percentile(latencies, 50),
      issue_to_durable_p99_ms: percentile(latencies, 99),
    };
  } finally {
    await core?.close();
    await sandbox.stop();
    if (shm) rmSync(shm, { recursive: true, force: true });
    data.remove();
  }
}

async function coldStart(): Promise<Record<string, number>> {
  const dir = bigDatabase(BIG);
  const offline: TaxChannel = { issue: async () => ({ code: '2001', message: '' }), query: async () => ({ code: '2001', message: '' }), health: async () => false };
  const samples: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    const core = openCore({ dataDir: dir, config: testConfig(), channel: offline });
    core.queueStatus();
    samples.push(performance.now() - t);
    await core.close();
  }
  return { cold_start_core_ms: percentile(samples, 50), cold_start_core_max_ms: Math.max(...samples) };
}

export async function run(): Promise<Record<string, number>> {
  const only = process.env.FAPIAO_BENCH_ONLY;
  return { ...(only === 'cold' ? {} : await drain()), ...(only === 'drain' ? {} : await coldStart()) };
}
