import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Item } from '../../electron/contract/calls-catalog.ts';
import { RENDERER_DIR, runHost } from '../../electron/host/run.ts';
import { openDatabase, type Db } from '../../electron/core/store/db.ts';
import { dayReport } from '../../electron/core/store/reports.ts';
import { launchChromium } from '../support/browser.ts';
import { tempDir } from '../support/tmp.ts';
import { percentile, sample } from './stats.ts';
import { signInAtTill } from '../support/shift.ts';

/**
 * The screens' figures: initial JS (gzip) of the built renderer, host start to a usable checkout in
 * Chromium, a scanned code to its line on screen, and the day's totals on a 1,000,000-invoice database.
 */
export async function run(): Promise<Record<string, number>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts'], { stdio: 'ignore' });
  return {
    renderer_initial_js_gzip_kb: initialJsGzipKb(),
    ...(await inBrowser()),
    daily_totals_1m_ms: dailyTotals1m(),
  };
}

/** What the first paint needs: the entry script and its modulepreloads (lazy chunks like XLSX and QR excluded). */
function initialJsGzipKb(): number {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]!);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(RENDERER_DIR, f)), { level: 9 }).length, 0);
  return bytes / 1024;
}

async function inBrowser(): Promise<{ first_interactive_ms: number; scan_to_line_p95_ms: number }> {
  const browser = await launchChromium();
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  try {
    // Host start (core, sandbox process, loopback server) to the checkout's scan field focused and answering.
    const starts: number[] = [];
    let last: Awaited<ReturnType<typeof runHost>> | undefined;
    for (let i = 0; i < 3; i++) {
      await last?.stop();
      const dir = tempDir('fapiao-bench-ui-');
      dirs.push(dir);
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const t0 = performance.now();
      last = await runHost({ dataDir: dir.path });
      await page.goto(last.host.openUrl);
      // The first screen is the shift sign-in (a fresh till: one cashier, preselected), answering once its button is live.
      await page.waitForFunction(() => document.querySelector('main[aria-label="上班登录"] button:not([disabled])') !== null && document.querySelector('[aria-label="连接状态"] .pill') !== null);
      starts.push(performance.now() - t0);
      await signInAtTill(page);
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '扫码或输入条码');
      if (i < 2) await page.close();
    }
    const app = last!;
    const items: Item[] = Array.from({ length: 60 }, (_, i) => ({
      barcode: `69${String(10_000_000_000 + i)}`,
      name: `商品${i + 1}`,
      price: `${(i % 9) + 1}.50`,
      taxCode: '1030307040000000000',
      rate: '0.13',
    }));
    for (const item of items) await app.app.core.handlers.saveItem(item);
    const page = browser.contexts()[0]!.pages().at(-1)!;
    // Timed inside the page: from the scanner's Enter to the row with that barcode in the DOM.
    await page.evaluate(() => {
      const w = window as unknown as { expect: string; t0: number; done: Promise<number> };
      window.addEventListener('keydown', (e) => e.key === 'Enter' && (w.t0 = performance.now()), true);
    });
    const scans: number[] = [];
    for (const item of items) {
      await page.evaluate((code) => {
        const w = window as unknown as { t0: number; done: Promise<number> };
        w.done = new Promise((resolve) => {
          const seen = () => document.querySelector(`tr[data-barcode="${code}"]`) !== null;
          const obs = new MutationObserver(() => {
            if (seen()) {
              obs.disconnect();
              resolve(performance.now() - w.t0);
            }
          });
          obs.observe(document.body, { childList: true, subtree: true });
        });
      }, item.barcode!);
      await page.keyboard.type(`${item.barcode}\n`);
      scans.push(await page.evaluate(() => (window as unknown as { done: Promise<number> }).done));
    }
    await app.stop();
    return { first_interactive_ms: percentile(starts, 50), scan_to_line_p95_ms: percentile(scans, 95) };
  } finally {
    await browser.close();
    for (const d of dirs) d.remove();
  }
}

const DAY = 86_400_000;
const N = 1_000_000;
const START = Date.UTC(2025, 0, 1) - 8 * 3600_000; // 2025-01-01 00:00 in China

/** A 1,000,000-invoice store database (a year of a busy till), built once with direct SQL and kept in tmp. */
function benchDb(): Db {
  const dir = join(tmpdir(), 'fapiao-bench-1m');
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'fapiao.db'));
  const done = db.prepare("SELECT value FROM settings WHERE key = 'bench.rows'").get() as { value: string } | undefined;
  if (done?.value === String(N)) return db;
  db.pragma('synchronous = OFF');
  db.exec("DELETE FROM settings WHERE key = 'bench.rows'");
  const existing = (db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number }).n;
  const inv = db.prepare(
    `INSERT INTO invoices (order_no, kind, type, status, buyer_name, buyer_tax_id, cashier, draft_json, computed_json, amount_fen, tax_fen, total_fen, created_at, number, issued_at)
     VALUES (?, ?, 'normal', ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)`,
  );
  const line = db.prepare('INSERT INTO invoice_lines (order_no, line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)');
  const names = ['矿泉水', '方便面', '面包', 'T恤', '牛奶', '纸巾', '电池', '咖啡'];
  const rates: Array<[string, number]> = [['0.13', 13], ['0.09', 9], ['0.06', 6]];
  const statuses = ['issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'queued', 'rejected'];
  const money = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const orderNo = `B${String(i).padStart(8, '0')}`;
      const red = i % 97 === 0;
      const status = statuses[i % statuses.length]!;
      const lines = 1 + (i % 3);
      let amount = 0;
      let tax = 0;
      const rows: Array<[number, string, number, number]> = [];
      for (let l = 0; l < lines; l++) {
        const [rate, pct] = rates[(i + l) % rates.length]!;
        const a = (red ? -1 : 1) * (100 + ((i * 7 + l * 13) % 20_000));
        const t = Math.round((a * pct) / 100);
        amount += a;
        tax += t;
        rows.push([l, rate, a, t]);
      }
      const company = i % 10 === 0;
      inv.run(
        orderNo, red ? 'red' : 'blue', status, company ? `公司${i % 5000}` : '个人', company ? `9133010${String(i % 5000).padStart(11, '0')}` : null,
        `收银员${i % 6}`, company ? '{"buyer":{}}' : '{}', amount, tax, amount + tax,
        START + Math.floor((i / N) * 365 * DAY) + (i % 3600) * 10, status === 'issued' ? `2531${String(i).padStart(16, '0')}` : null, status === 'issued' ? START : null,
      );
      for (const [l, rate, a, t] of rows) line.run(orderNo, l + 1, 'normal', names[(i + l) % names.length]!, '1030307040000000000', money(a), rate, money(t));
    }
  });
  for (let i = existing; i < N; i += 50_000) batch(i, Math.min(N, i + 50_000));
  db.exec('ANALYZE');
  db.prepare("INSERT INTO settings (key, value) VALUES ('bench.rows', ?)").run(String(N));
  db.pragma('synchronous = FULL');
  return db;
}

function dailyTotals1m(): number {
  const db = benchDb();
  try {
    const day = START + 200 * DAY;
    const range = { from: day, to: day + DAY, utcOffsetMinutes: 480 };
    const check = dayReport(db, range, Date.now());
    if (check.count < 1000) throw new Error(`bench day has only ${check.count} invoices`);
    for (let i = 0; i < 5; i++) dayReport(db, range, Date.now()); // warm the page cache
    const times: number[] = [];
    void sample; // the shared sampler is async; this query is synchronous, timed the same way
    for (let i = 0; i < 50; i++) {
      const t = process.hrtime.bigint();
      dayReport(db, range, Date.now());
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return percentile(times, 50);
  } finally {
    db.close();
  }
}
