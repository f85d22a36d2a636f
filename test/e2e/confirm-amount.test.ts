import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { getInvoice } from '../../electron/core/store/invoices.ts';
import { signInAtTill } from '../support/shift.ts';
import { tillInChromium, type PosHost } from '../support/till-page.ts';

describe('a large total is confirmed by the cashier before it is issued (AMOUNT_NEEDS_CONFIRM)', () => {
  const till = tillInChromium();
  let app: PosHost;
  let page: Page;

  beforeAll(async () => {
    ({ app, page } = till);
    await signInAtTill(page);
  });

  test('F9 above the threshold asks; 返回修改 issues nothing; confirming sends it again and it is issued', async () => {
    // 面包 ¥6.80 × 2000 = ¥13,600.00, above the default threshold of ¥10,000.00.
    await page.keyboard.type('6903148042441\n');
    // The cashier sees the scanned line (and its total) before typing the quantity.
    await expect.poll(() => page.getByLabel('价税合计', { exact: true }).textContent()).toBe('6.80');
    await page.getByLabel('第1行数量').fill('2000');
    await expect.poll(() => page.getByLabel('价税合计', { exact: true }).textContent()).toBe('13600.00');

    await page.keyboard.press('F9');
    const dialog = page.getByRole('alertdialog', { name: '确认金额' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('13600.00');
    // Focus starts on "back": a held Enter cannot confirm.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('返回修改');
    await dialog.getByRole('button', { name: '返回修改' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(app.app.core.db.prepare('SELECT COUNT(*) FROM invoices').pluck().get()).toBe(0);

    await page.keyboard.press('F9');
    await dialog.getByRole('button', { name: '金额无误，开具' }).click();
    await page.getByLabel('发票状态').filter({ hasText: '已开具' }).waitFor({ timeout: 15_000 });
    const stored = app.app.core.db.prepare('SELECT order_no FROM invoices').pluck().all() as string[];
    expect(stored).toHaveLength(1);
    expect(getInvoice(app.app.core.db, stored[0]!)?.view.invoice.total).toBe('13600.00');
  });
});
