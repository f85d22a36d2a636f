import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { sampleDraft } from '../support/drafts.ts';
import { screenshotBoth } from '../support/browser.ts';
import { unnamedControls, unreachableByTab } from '../support/a11y.ts';
import { sandboxInvoices } from '../support/sandbox.ts';
import { signInAtTill } from '../support/shift.ts';
import { tillInChromium, type PosHost } from '../support/till-page.ts';

const XINGHE = { name: '杭州星河贸易有限公司', taxId: '91330106MA2H0XKQ64' };
const LANHAI = { name: '深圳市蓝海科技有限公司', taxId: '91440300MA5F8X2KXF' };

describe('cashier checkout in Chromium through the headless host', () => {
  const till = tillInChromium(async (core) => {
    // A store with a manager: the manager's calls (and the catalogue) are no longer open as on a first run.
    await core.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: '246813', active: true });
    // A past company buyer of this store, for the title lookup.
    const past = await core.handlers.issueInvoice(sampleDraft('PAST-1', { buyer: { ...XINGHE, address: '杭州市西湖区文三路1号', phone: '0571-88886666' } }));
    expect(past.ok).toBe(true);
  });
  let app: PosHost;
  let page: Page;

  beforeAll(async () => {
    ({ app, page } = till);
    await signInAtTill(page);
  });

  const total = () => page.getByLabel('价税合计', { exact: true }).textContent();
  const nextSale = async () => {
    if (await page.getByRole('button', { name: /下一单/ }).count()) await page.getByRole('button', { name: /下一单/ }).click();
  };

  test('a sale by scanner: the scan field, the global scanner buffer and a quick key; F9 issues; receipt with the QR', async () => {
    await screenshotBoth(page, 'cashier-start');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('扫码或输入条码');
    // A scanner types the code in a burst and ends with Enter.
    await page.keyboard.type('6901234567892\n');
    await page.keyboard.type('6901234567892\n');
    await expect.poll(() => page.getByLabel('第1行数量').inputValue()).toBe('2');
    // Focus elsewhere (the buyer's name): the burst is still recognised and the name is left as it was.
    await page.getByLabel('购买方名称').click();
    await page.keyboard.type('6920202888883\n');
    await expect.poll(() => page.getByLabel('第2行商品名称').inputValue()).toBe('方便面');
    expect(await page.getByLabel('购买方名称').inputValue()).toBe('个人');
    await page.getByRole('button', { name: '面包 ¥6.80' }).click();
    await expect.poll(total).toBe('15.30');
    await screenshotBoth(page, 'cashier-lines');

    await page.keyboard.press('F9');
    await page.getByLabel('发票状态').filter({ hasText: '已开具' }).waitFor({ timeout: 15_000 });
    const number = (await page.getByLabel('发票号码').textContent())!;
    expect(number).toMatch(/^发票号码 \d{20}$/);
    // The number on screen is the one the sandbox platform assigned to this order.
    const atSandbox = await sandboxInvoices(app.app.sandboxAdmin!);
    expect(atSandbox.filter((i) => i.number === number.slice('发票号码 '.length))).toHaveLength(1);
    await page.getByRole('img', { name: '发票二维码' }).waitFor();
    await screenshotBoth(page, 'cashier-issued');

    // E-mail delivery is recorded and audited (sending depends on the store's mail setting).
    await page.getByLabel('发票接收邮箱').fill('buyer@example.com');
    await page.getByRole('button', { name: '发送邮件' }).click();
    await page.getByText('已登记发送请求').waitFor();
    const audit = app.app.core.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE type = 'invoice.email_requested'").get() as { n: number };
    expect(audit.n).toBe(1);
  });

  test('search by name or tax code; an unknown barcode becomes a new catalogue item', async () => {
    await nextSale();
    await page.keyboard.press('F3');
    await page.keyboard.type('面包');
    await page.getByRole('option', { name: /面包.*6\.80/ }).waitFor();
    await page.getByRole('option', { name: /税收分类.*焙烤食品/ }).waitFor();
    await screenshotBoth(page, 'cashier-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('第1行商品名称').inputValue()).toBe('面包');

    await page.keyboard.press('F2');
    await page.keyboard.type('6900000000017\n');
    await page.getByRole('alert').filter({ hasText: '未找到条码 6900000000017' }).waitFor();
    await page.getByLabel('商品名称', { exact: true }).fill('酸奶');
    await page.getByLabel('商品单价').fill('5.50');
    await page.getByLabel('商品税收分类编码').fill('1030307040000000000');
    await screenshotBoth(page, 'cashier-new-item');
    // The catalogue is the manager's unless the store lets cashiers keep it (设置 → 收银员权限).
    await page.getByRole('form', { name: '新建商品' }).getByRole('button', { name: '保存' }).click();
    await page.getByRole('form', { name: '新建商品' }).getByRole('alert').filter({ hasText: '修改商品需要店长 PIN' }).waitFor();
    await app.app.core.handlers.saveSettings({ store: { cashierCatalogEdits: true } });
    await page.getByRole('form', { name: '新建商品' }).getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByLabel('第2行商品名称').inputValue()).toBe('酸奶');
    expect(await app.app.core.handlers.findItemByBarcode({ barcode: '6900000000017' })).toMatchObject({ name: '酸奶', price: '5.50' });
    await expect.poll(total).toBe('12.30');
    await page.getByRole('button', { name: '删除第2行' }).click();
    await page.getByRole('button', { name: '删除第1行' }).click();
  });

  test('a company buyer: 抬头 text pasted from WeChat is read; a past buyer is found by name', async () => {
    await nextSale();
    await page.getByRole('radio', { name: '单位名称' }).check();
    await page.getByLabel('粘贴或扫描发票抬头').fill(`名称：${LANHAI.name}\n税号：${LANHAI.taxId}\n单位地址：深圳市南山区科技园1号\n电话号码：0755-26668888\n开户银行：招商银行深圳分行\n银行账户：7559 1234 5678 901`);
    await page.getByRole('button', { name: '识别抬头' }).click();
    expect(await page.getByLabel('购买方名称').inputValue()).toBe(LANHAI.name);
    expect(await page.getByLabel('纳税人识别号').inputValue()).toBe(LANHAI.taxId);
    expect(await page.getByLabel('银行账号').inputValue()).toBe('755912345678901');

    await page.getByLabel('购买方名称').fill('星河');
    const option = page.getByRole('option', { name: new RegExp(XINGHE.name) });
    await option.waitFor();
    await screenshotBoth(page, 'cashier-buyer-lookup');
    await page.getByLabel('购买方名称').press('Enter');
    expect(await page.getByLabel('纳税人识别号').inputValue()).toBe(XINGHE.taxId);
    expect(await page.getByLabel('地址', { exact: true }).inputValue()).toBe('杭州市西湖区文三路1号');

    await page.getByLabel('扫码或输入条码').fill('6954767412345');
    await page.getByLabel('扫码或输入条码').press('Enter');
    await expect.poll(total).toBe('99.00');
    await page.getByRole('button', { name: '开具发票 (F9)' }).click();
    await page.getByLabel('发票状态').filter({ hasText: '已开具' }).waitFor({ timeout: 15_000 });
    const row = app.app.core.db.prepare('SELECT buyer_tax_id FROM invoices ORDER BY created_at DESC LIMIT 1').get() as { buyer_tax_id: string };
    expect(row.buyer_tax_id).toBe(XINGHE.taxId);
  });

  test('a validation error is shown at its field, in the cashier\'s words, and nothing is stored', async () => {
    await nextSale();
    await page.setViewportSize({ width: 1024, height: 768 });
    const before = (app.app.core.db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number }).n;
    await page.getByLabel('第1行商品名称').fill('矿泉水');
    await page.getByLabel('第1行税收分类编码').fill('12345');
    await page.getByLabel('第1行单价').fill('2.00');
    await page.getByLabel('第1行单价').press('Tab');
    // Shown under the line once the field is left, before issuing; the field is marked invalid.
    const codeField = page.getByLabel('第1行税收分类编码');
    await expect.poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await codeField.getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${describedBy}`).textContent()).toContain('19位');
    await page.getByRole('radio', { name: '单位名称' }).check();
    await page.getByLabel('购买方名称').fill('某某公司');
    // One character off (the check character): the message says which position and what to do.
    await page.getByLabel('纳税人识别号').fill('91330106MA2H0XKQ65');
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByLabel('纳税人识别号').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: '校验码' }).count()).toBe(1);
    await screenshotBoth(page, 'cashier-field-error');
    expect(await page.getByLabel('发票状态').count()).toBe(0);
    expect((app.app.core.db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number }).n).toBe(before);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  test('issued while the channel is down: 待上传 at once, with a claim QR; it goes out when the channel is back', async () => {
    await page.reload();
    await signInAtTill(page);
    await app.sandbox.down();
    await page.keyboard.type('6901234567892\n');
    await expect.poll(total).toBe('2.00');
    await page.keyboard.press('F9');
    await page.getByLabel('发票状态').filter({ hasText: '待上传' }).waitFor();
    await page.getByRole('img', { name: '领票二维码' }).waitFor();
    const bar = page.getByRole('status', { name: '连接状态' });
    await expect.poll(() => bar.textContent(), { timeout: 10_000 }).toContain('离线');
    expect(await bar.textContent()).toContain('待上传 1');
    await screenshotBoth(page, 'cashier-offline-queued');

    await app.sandbox.up();
    // The UI is told by events: the answer changes to 已开具 and the bar goes back online.
    await page.getByLabel('发票状态').filter({ hasText: '已开具' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => bar.textContent(), { timeout: 10_000 }).toContain('在线');
    expect(await bar.textContent()).toContain('待上传 0');
    await page.getByRole('img', { name: '发票二维码' }).waitFor();
  });

  test('every control on the checkout is named and reachable by keyboard', async () => {
    await nextSale();
    await page.getByRole('radio', { name: '单位名称' }).check();
    await page.keyboard.type('6901234567892\n');
    expect(await unnamedControls(page)).toEqual([]);
    expect(await unreachableByTab(page)).toEqual([]);
  });

  test("a tax ID failing its checksum (an early pilot code): the manager's PIN lets it through for this sale, audited", async () => {
    const { core } = app.app;
    await page.reload(); // a fresh sale, whatever the last test left
    await signInAtTill(page);
    await page.keyboard.type('6901234567892\n');
    await expect.poll(total).toBe('2.00');
    await page.getByRole('radio', { name: '单位名称' }).check();
    await page.getByLabel('购买方名称').fill('某某老字号商店');
    await page.getByLabel('纳税人识别号').fill('91330106MA2H0XKQ65');
    await page.keyboard.press('F9');
    const approval = page.getByRole('form', { name: '店长放行' });
    await approval.waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshotBoth(page, 'cashier-override');

    await approval.getByLabel('店长密码').fill('1111');
    await approval.getByRole('button', { name: '放行并开具' }).click();
    await page.getByRole('alert').filter({ hasText: '店长 PIN 不正确' }).waitFor();
    expect(await page.getByLabel('发票状态').count()).toBe(0);

    await approval.getByLabel('店长密码').fill('246813');
    await approval.getByRole('button', { name: '放行并开具' }).click();
    await page.getByLabel('发票状态').waitFor();
    const row = core.db.prepare('SELECT order_no, buyer_tax_id FROM invoices ORDER BY created_at DESC LIMIT 1').get() as { order_no: string; buyer_tax_id: string };
    expect(row.buyer_tax_id).toBe('91330106MA2H0XKQ65');
    const override = core.db.prepare("SELECT actor FROM audit WHERE type = 'invoice.override' AND subject = ?").get(row.order_no) as { actor: string } | undefined;
    expect(override?.actor).toBe('m1');
    await page.getByLabel('发票状态').filter({ hasText: '已开具' }).waitFor({ timeout: 15_000 });
  });
});
