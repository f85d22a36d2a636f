import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { runHost, type RunningHost } from '../../electron/host/run.ts';
import { launchChromium, screenshotPath } from '../support/browser.ts';
import { tempDir } from '../support/tmp.ts';

describe('cashier screen in Chromium through the headless host', () => {
  const data = tempDir();
  let app: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    app = await runHost({ dataDir: data.path });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    data.remove();
  });

  test('an invoice issued on the cashier screen ends 已开具 with its 20-digit number', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.host.openUrl);
    await page.getByLabel('第1行商品名称').fill('T恤');
    await page.getByLabel('第1行税收分类编码').fill('1040201100000000000');
    await page.getByLabel('第1行数量').fill('2');
    await page.getByLabel('第1行单价').fill('99.00');
    await expect.poll(() => page.getByLabel('价税合计', { exact: true }).textContent()).toBe('198.00');

    await page.keyboard.press('F9');
    const state = page.getByLabel('发票状态');
    await state.waitFor();
    await page.getByText('已开具').waitFor({ timeout: 15_000 });
    const number = await page.getByLabel('发票号码').textContent();
    expect(number).toMatch(/^发票号码 \d{20}$/);
    await page.screenshot({ path: screenshotPath('cashier-issued-1366x768') });

    // The number on screen is the one the sandbox platform assigned, to exactly one invoice.
    const atSandbox = (await (await fetch(`${app.app.sandboxUrl}/v1/sandbox/invoices`)).json()) as Array<{ number: string }>;
    expect(atSandbox.map((i) => i.number)).toEqual([number!.slice('发票号码 '.length)]);
  });

  test('a field error is shown at its field and nothing is stored', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(app.host.openUrl);
    await page.getByLabel('第1行商品名称').fill('矿泉水');
    await page.getByLabel('第1行税收分类编码').fill('12345');
    await page.getByLabel('第1行单价').fill('2.00');
    await page.getByRole('button', { name: '开具发票 (F9)' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('19位');
    await page.screenshot({ path: screenshotPath('cashier-field-error-1024x768') });
    expect(await page.getByLabel('发票状态').count()).toBe(0);
  });
});
