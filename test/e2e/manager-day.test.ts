import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { markRejected } from '../../electron/core/outbox/queue.ts';
import { sampleDraft } from '../support/drafts.ts';
import { launchChromium, screenshotBoth, screenshotPath } from '../support/browser.ts';
import { unnamedControls, unreachableByTab } from '../support/a11y.ts';
import { runPosHost, seedItems } from '../support/pos-host.ts';
import { tempDir } from '../support/tmp.ts';
import { sandboxInvoices } from '../support/sandbox.ts';
import { asCashier, signInAtTill } from '../support/shift.ts';

const PIN = '246813';
const XINGHE = { name: '杭州星河贸易有限公司', taxId: '91330106MA2H0XKQ64' };
const line = (name: string, taxCode: string, quantity: string, unitPrice: string, rate = '0.13') => ({ name, taxCode, quantity, unitPrice, rate });

/** Fen from a 2-decimal string, exactly (for cross-checking exported totals). */
const fen = (s: string) => {
  const [i, f = ''] = s.replace('-', '').split('.');
  return (s.startsWith('-') ? -1n : 1n) * (BigInt(i!) * 100n + BigInt(f.padEnd(2, '0')));
};

describe("the manager's day in Chromium through the headless host", () => {
  const data = tempDir();
  const downloads = tempDir('fapiao-dl-');
  let app: Awaited<ReturnType<typeof runPosHost>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await runPosHost({ dataDir: data.path, worker: { probeIntervalMs: 200 } });
    const { core } = app.app;
    await seedItems(core);
    // A day of sales by two cashiers (each signed in at their till): several items, two rates, a company buyer.
    await core.handlers.saveStaff({ id: 'zhangsan', name: '张三', role: 'cashier', active: true });
    await core.handlers.saveStaff({ id: 'lisi', name: '李四', role: 'cashier', active: true });
    const zhangsan = await asCashier(core, 'zhangsan');
    const lisi = await asCashier(core, 'lisi');
    const sales = [
      [zhangsan, sampleDraft('D-1', { lines: [line('矿泉水', '1030307040000000000', '3', '2.00'), line('面包', '1030201020000000000', '2', '6.80')] })],
      [zhangsan, sampleDraft('D-2', { lines: [line('T恤', '1040201100000000000', '1', '99.00')] })],
      [lisi, sampleDraft('D-3', { buyer: XINGHE, lines: [line('方便面', '1030203030000000000', '10', '4.50')] })],
      [lisi, sampleDraft('D-4', { lines: [line('鲜牛奶', '1010303010000000000', '2', '8.00', '0.09')] })],
      [lisi, sampleDraft('D-5', { lines: [line('矿泉水', '1030307040000000000', '1', '2.00')] })],
    ] as const;
    for (const [till, d] of sales) expect((await till.issueInvoice(d)).ok).toBe(true);
    await core.handlers.syncNow({});
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    // window.print opens no dialog in a test; count the calls instead.
    await context.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(app.host.openUrl);
    await signInAtTill(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    data.remove();
    downloads.remove();
  });

  test('first run: the setup walks through store, channel (sandbox preselected), manager PIN and limits', async () => {
    await page.getByRole('button', { name: '设置门店' }).click();
    await page.getByLabel('门店名称').fill('星光便利店（人民路店）');
    await screenshotBoth(page, 'setup-1-store');
    await page.getByRole('button', { name: '下一步' }).click();
    expect(await page.getByRole('radio', { name: /沙箱/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: '生产' }).check();
    await page.getByText('浏览器模式无法安全保存生产密钥').waitFor();
    await screenshotBoth(page, 'setup-2-channel');
    await page.getByRole('radio', { name: /沙箱/ }).check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('店长密码').fill(PIN);
    await page.getByLabel('确认密码').fill(PIN);
    await page.getByRole('button', { name: '下一步' }).click();
    await screenshotBoth(page, 'setup-4-limits');
    // The per-invoice maximum and the confirmation threshold are the store's, edited on screen.
    expect(await page.getByLabel('单张发票最高金额').inputValue()).toBe('100000.00');
    await page.getByLabel('单张发票最高金额').fill('50000.00');
    await page.getByLabel('超过此金额须收银员确认').fill('5000.00');
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByLabel('扫码或输入条码').waitFor();
    expect(await page.getByRole('complementary', { name: '首次使用' }).count()).toBe(0);
    const staff = app.app.core.db.prepare("SELECT pin_hash, pin_salt FROM staff WHERE role = 'manager'").get() as { pin_hash: string; pin_salt: string };
    expect(staff.pin_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(staff.pin_hash).not.toContain(PIN);
    expect(JSON.stringify(await app.app.core.handlers.getSettings({}))).not.toContain(staff.pin_hash);
    expect((await app.app.core.handlers.getSettings({})).limits).toMatchObject({ maxInvoiceTotal: '50000.00', confirmAbove: '5000.00' });
  });

  test('the PIN opens the day: totals, tax by rate, per cashier, the hourly and the product charts', async () => {
    await page.getByRole('button', { name: '店长' }).click();
    await page.getByLabel('店长密码').fill('1111');
    await page.getByRole('button', { name: '进入' }).click();
    await page.getByRole('alert').filter({ hasText: '密码不正确' }).waitFor();
    await screenshotBoth(page, 'manager-pin');
    await page.getByLabel('店长密码').fill(PIN);
    await page.getByRole('button', { name: '进入' }).click();
    const report = await app.app.core.handlers.dayReport({ from: 0, to: Date.now() + 60_000, utcOffsetMinutes: 480 });
    const count = page.getByRole('group', { name: '开票张数' });
    await expect.poll(() => count.textContent()).toContain(String(report.count));
    expect(report.count).toBe(5);
    expect(await page.getByRole('group', { name: '价税合计' }).textContent()).toContain(report.total);
    expect(await page.getByRole('table', { name: '按税率' }).textContent()).toContain('9%');
    expect(await page.getByRole('table', { name: '按收银员' }).textContent()).toContain('李四');
    await page.locator('svg[data-chart="hourly"]').waitFor();
    expect(await page.locator('svg[data-chart="hourly"] rect').count()).toBe(24);
    expect(await page.locator('svg[data-chart="share"] path').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('img', { name: /每小时开票/ }).count()).toBe(1);
    await screenshotBoth(page, 'manager-day');
    expect(await unnamedControls(page)).toEqual([]);
    expect(await unreachableByTab(page)).toEqual([]);
  });

  test('export: the XLSX and the CSV are downloaded, opened and match the day', async () => {
    const report = await app.app.core.handlers.dayReport({ from: 0, to: Date.now() + 60_000, utcOffsetMinutes: 480 });
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出Excel' }).click()]);
    const xlsxPath = join(downloads.path, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxPath);
    expect(xlsx.suggestedFilename()).toMatch(/^日报_.*\.xlsx$/);
    const unzip = (entry: string) => execFileSync('unzip', ['-p', xlsxPath, entry], { encoding: 'utf8' });
    const workbook = unzip('xl/workbook.xml');
    for (const name of ['汇总', '按税率', '按收银员', '每小时', '发票']) expect(workbook).toContain(`name="${name}"`);
    const strings = unzip('xl/sharedStrings.xml');
    expect(strings).toContain('开票（含待上传）');
    expect(strings).toContain(XINGHE.name);
    // The summary's first data row holds the day's 价税合计 as a number.
    expect(unzip('xl/worksheets/sheet1.xml')).toContain(`<v>${Number(report.total)}</v>`);
    const invoiceRows = unzip('xl/worksheets/sheet5.xml').match(/<row /g) ?? [];
    expect(invoiceRows.length).toBe(report.count + 1);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出CSV' }).click()]);
    const csvPath = join(downloads.path, csv.suggestedFilename());
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trim().split('\r\n').map((r) => r.split(','));
    expect(rows[0]).toContain('价税合计');
    expect(rows.length).toBe(report.count + 1);
    const sum = rows.slice(1).reduce((s, r) => s + fen(r[r.length - 1]!), 0n);
    expect(sum).toBe(fen(report.total));
  });

  test('the Z report (日结) prints and saves as PDF, with the queue state and the audit chain head', async () => {
    await page.getByRole('button', { name: '日结（Z报表）' }).click();
    const head = page.getByLabel('审计链头');
    await head.waitFor();
    const row = app.app.core.db.prepare("SELECT seq, hash, data_json FROM audit WHERE type = 'report.z' ORDER BY seq DESC LIMIT 1").get() as { seq: number; data_json: string };
    const recorded = JSON.parse(row.data_json) as { auditHead: { seq: number; hash: string } };
    expect(await head.textContent()).toContain(recorded.auditHead.hash);
    expect(await page.getByLabel('队列状态').textContent()).toContain('待上传 0');
    await screenshotBoth(page, 'manager-zreport');
    await page.getByRole('button', { name: '打印' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('manager-zreport-print-media'), fullPage: true });
    const pdf = await page.pdf({ path: screenshotPath('manager-zreport').replace(/\.png$/, '.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    await page.getByRole('button', { name: '返回' }).click();
  });

  test('invoices: search by buyer, detail, reprint marked 副本 (audited), red-letter with its 确认单 state', async () => {
    await page.getByRole('button', { name: '发票查询' }).click();
    await page.getByLabel('购买方').fill('星河');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => page.getByRole('table', { name: '发票列表' }).locator('tbody tr').count()).toBe(1);
    await screenshotBoth(page, 'manager-invoices');
    await page.getByLabel('购买方').fill('');
    await page.getByLabel('收银员', { exact: true }).last().fill('张三');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => page.getByRole('table', { name: '发票列表' }).locator('tbody tr').count()).toBe(2);

    const issued = await app.app.core.handlers.getInvoice({ orderNo: 'D-2' });
    await page.getByRole('button', { name: `详情 ${issued!.number}` }).click();
    // Issued in the sandbox (this app's default): marked as a training sale.
    expect(await page.getByLabel('详情状态').textContent()).toBe('已开具 · 沙箱（练习）');
    await page.getByRole('button', { name: '补打副本' }).click();
    await page.getByLabel('副本标记').filter({ hasText: '副本 1' }).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
    const reprints = app.app.core.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.reprinted' AND subject = 'D-2'").get() as { n: number };
    expect(reprints.n).toBe(1);

    await page.getByRole('button', { name: '红冲' }).click();
    await page.getByLabel('红冲原因').selectOption('goodsReturned');
    await screenshotBoth(page, 'manager-red-letter');
    await page.getByRole('button', { name: '确认红冲' }).click();
    // A natural-person buyer: the 确认单 needs no confirmation and the red invoice is issued.
    const reds = page.getByRole('list', { name: '红字发票' });
    await expect.poll(() => reds.textContent(), { timeout: 15_000 }).toContain('已开具');
    expect(await reds.textContent()).toContain('红字发票已开具');
    expect(await reds.textContent()).toContain('-99.00');
    await screenshotBoth(page, 'manager-red-issued');
    const atSandbox = await sandboxInvoices(app.app.sandboxAdmin!);
    expect(atSandbox.filter((i) => i.kind === 'red' && i.originalOrderNo === 'D-2')).toHaveLength(1);
  });

  test('cancel a never-sent invoice; fix and resubmit a rejected one', async () => {
    const { core } = app.app;
    // Held before the worker sends them: "never submitted" is what makes an invoice cancellable.
    await core.worker.stop();
    const zhangsan = await asCashier(core, 'zhangsan');
    expect((await zhangsan.issueInvoice(sampleDraft('Q-1'))).ok).toBe(true);
    expect((await zhangsan.issueInvoice(sampleDraft('R-1', { buyer: { name: '星河贸易', taxId: XINGHE.taxId } }))).ok).toBe(true);
    // The channel's permanent refusal, as the worker records it (the sandbox accepts what the till validates).
    markRejected(core.db, 'R-1', '1001', '购买方名称与税号登记信息不一致', Date.now());

    await page.getByRole('button', { name: '返回' }).click();
    await page.getByLabel('收银员', { exact: true }).last().fill('');
    await page.getByRole('combobox', { name: '状态', exact: true }).selectOption('pending');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('button', { name: '详情 Q-1' }).click();
    await page.getByRole('button', { name: '作废' }).click();
    await page.getByRole('button', { name: '确认作废' }).click();
    await page.getByRole('status').filter({ hasText: '已作废' }).waitFor();
    expect((await core.handlers.getInvoice({ orderNo: 'Q-1' }))!.status).toBe('cancelled');
    // The day no longer counts it as a sale, and shows it as cancelled.
    const day = await core.handlers.dayReport({ from: 0, to: Date.now() + 60_000, utcOffsetMinutes: 480 });
    expect(day.cancelled.count).toBe(1);
    expect(day.byRate.reduce((n, r) => n + fen(r.total), 0n)).toBe(fen(day.total));

    await page.getByRole('button', { name: '被拒发票' }).click();
    await page.getByText('购买方名称与税号登记信息不一致').waitFor();
    await page.getByRole('button', { name: '修改并重新提交 R-1' }).click();
    await page.getByLabel('修改购买方名称').fill(XINGHE.name);
    await screenshotBoth(page, 'manager-rejected');
    await page.getByRole('button', { name: '重新提交', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已重新提交' }).waitFor();
    core.worker.start();
    await expect
      .poll(async () => (await core.handlers.searchInvoices({ buyer: XINGHE.name, status: 'issued', limit: 10, offset: 0 })).total, { timeout: 15_000 })
      .toBe(2);
  });

  test('settings: write-only channel key, staff, language; every manager control is named and reachable', async () => {
    await page.getByRole('button', { name: '设置' }).click();
    await page.getByRole('form', { name: '开票通道' }).getByRole('radio', { name: '生产' }).check();
    await page.getByLabel('通道密钥').fill('secret-key-123456');
    await page.getByRole('button', { name: '保存密钥' }).click();
    await page.getByRole('alert').filter({ hasText: '无法安全保存' }).waitFor();
    expect(await page.getByLabel('通道密钥').inputValue()).toBe('');
    expect(JSON.stringify(await app.app.core.handlers.getSettings({}))).not.toContain('secret-key-123456');
    await page.getByRole('form', { name: '开票通道' }).getByRole('radio', { name: /沙箱/ }).check();

    const staff = page.getByRole('form', { name: '收银员与密码' });
    await staff.getByLabel('工号').fill('c02');
    await staff.getByLabel('员工姓名').fill('王五');
    await staff.getByLabel('员工密码（4–12位数字，店长至少6位）').fill('1357');
    await staff.getByRole('button', { name: '保存' }).click();
    await staff.getByRole('cell', { name: '王五' }).waitFor();
    await screenshotBoth(page, 'manager-settings');
    expect(await unnamedControls(page)).toEqual([]);
    expect(await unreachableByTab(page, 400)).toEqual([]);

    const maintenance = page.getByRole('form', { name: '维护' });
    await maintenance.getByRole('button', { name: '校验审计链' }).click();
    await maintenance.getByRole('status').filter({ hasText: '审计链完整' }).waitFor();
    await maintenance.getByRole('button', { name: '立即备份' }).click();
    await maintenance.getByRole('status').filter({ hasText: '已备份' }).waitFor();

    const language = page.getByRole('form', { name: '语言' });
    await language.getByLabel('界面语言').selectOption('en');
    await language.getByRole('button', { name: '保存' }).click();
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.getByRole('button', { name: 'Issue (F9)' }).waitFor();
    await screenshotBoth(page, 'cashier-english');
    await app.app.core.handlers.saveSettings({ language: 'zh-CN' });

    // A cashier with a PIN signs in only with it; the sales then carry that cashier.
    await page.reload();
    await signInAtTill(page, '王五', '1357');
    expect(await page.getByLabel('当前收银员').textContent()).toContain('王五');
    await page.keyboard.press('F2');
    await page.keyboard.type('6901234567892\n');
    await expect.poll(() => page.getByLabel('价税合计', { exact: true }).textContent()).toBe('2.00');
    await page.keyboard.press('F9');
    await page.getByLabel('发票状态').waitFor();
    expect(app.app.core.db.prepare('SELECT cashier FROM invoices ORDER BY created_at DESC LIMIT 1').get()).toEqual({ cashier: 'c02' });

    // Guessing is slow: after 5 wrong manager PINs the manager's checks pause for 30 s, even the right PIN.
    const { handlers } = app.app.core;
    for (let i = 0; i < 4; i++) expect(await handlers.verifyPin({ pin: '0000', role: 'manager' })).toEqual({ ok: false });
    expect((await handlers.verifyPin({ pin: '0000', role: 'manager' })).retryAfterMs).toBe(30_000);
    expect((await handlers.verifyPin({ pin: PIN, role: 'manager' })).ok).toBe(false);
  });
});
