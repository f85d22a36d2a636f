import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { saveStaff } from '../../electron/core/store/settings.ts';
import { screenshotBoth } from '../support/browser.ts';
import { unnamedControls } from '../support/a11y.ts';
import { signInAtTill } from '../support/shift.ts';
import { tillInChromium, type PosHost } from '../support/till-page.ts';

const MANAGER = '246813';

describe('shift sign-in, 交班 and the manager’s 锁定 in Chromium (identity from the session)', () => {
  const till = tillInChromium(async (core) => {
    await core.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: MANAGER, active: true });
    await core.handlers.saveStaff({ id: 'c1', name: '李收银', role: 'cashier', pin: '1357', active: true });
  });
  let app: PosHost;
  let page: Page;

  beforeAll(() => {
    ({ app, page } = till);
    page.setDefaultTimeout(10_000);
  });

  const signInForm = () => page.getByRole('main', { name: '上班登录' });

  test('the till opens on the sign-in screen; a cashier with a PIN needs it; the till shows who; 交班 ends the shift', async () => {
    await signInForm().waitFor();
    expect(await page.getByLabel('扫码或输入条码').count()).toBe(0);
    // Nothing sells before sign-in, whatever the page does.
    const refused = await page.evaluate(() => window.fapiao.quickKeys({}).then(() => 'ok', (e: { code: string }) => e.code));
    expect(refused).toBe('SIGN_IN_REQUIRED');
    await signInForm().getByLabel('收银员').selectOption({ label: '李收银' });
    await signInForm().getByLabel('密码').fill('0000');
    await signInForm().getByRole('button', { name: '开始收银' }).click();
    await signInForm().getByRole('alert').filter({ hasText: 'PIN 不正确' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshotBoth(page, 'shift-sign-in');

    await signInAtTill(page, '李收银', '1357');
    expect(await page.getByLabel('当前收银员').textContent()).toContain('李收银');
    await page.keyboard.type('6901234567892\n');
    await expect.poll(() => page.getByLabel('价税合计', { exact: true }).textContent()).toBe('2.00');
    await page.keyboard.press('F9');
    await page.getByLabel('发票状态').waitFor();
    expect(app.app.core.db.prepare('SELECT cashier FROM invoices ORDER BY created_at DESC LIMIT 1').get()).toEqual({ cashier: 'c1' });

    await page.getByRole('button', { name: '交班' }).click();
    await signInForm().waitFor();
    expect(await page.evaluate(() => window.fapiao.quickKeys({}).then(() => 'ok', (e: { code: string }) => e.code))).toBe('SIGN_IN_REQUIRED');
  });

  test("锁定 ends the manager's rights in core, not only on screen", async () => {
    await signInAtTill(page);
    await page.getByRole('button', { name: '店长' }).click();
    await page.getByLabel('店长密码').fill(MANAGER);
    await page.getByRole('button', { name: '进入' }).click();
    await page.getByRole('button', { name: '锁定' }).waitFor();
    expect(await page.evaluate(() => window.fapiao.backupNow({ reason: 'manual' }).then(() => 'ok', (e: { code: string }) => e.code))).toBe('ok');
    await page.getByRole('button', { name: '锁定' }).click();
    await page.getByLabel('店长密码').waitFor();
    expect(await page.evaluate(() => window.fapiao.backupNow({ reason: 'manual' }).then(() => 'ok', (e: { code: string }) => e.code))).toBe('MANAGER_PIN_REQUIRED');
    const locked = app.app.core.db.prepare("SELECT actor FROM audit WHERE type = 'manager.locked'").all();
    expect(locked).toEqual([{ actor: 'm1' }]);
  });

  test('a manager PIN shorter than 6 digits (from before the rule) must be changed at its next use', async () => {
    saveStaff(app.app.core.db, { id: 'm1', name: '王店长', role: 'manager', pin: '2468', active: true });
    await page.getByLabel('店长密码').fill('2468');
    await page.getByRole('button', { name: '进入' }).click();
    const change = page.getByRole('form', { name: '设置新密码' });
    await change.waitFor();
    await screenshotBoth(page, 'manager-pin-change');
    await change.getByLabel('新密码', { exact: true }).fill('1234');
    await change.getByLabel('确认新密码').fill('1234');
    await change.getByRole('button', { name: '保存新密码' }).click();
    await change.getByRole('alert').filter({ hasText: '至少 6 位' }).waitFor();
    await change.getByLabel('新密码', { exact: true }).fill('975310');
    await change.getByLabel('确认新密码').fill('975310');
    await change.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('button', { name: '锁定' }).waitFor();
    expect((await app.app.core.handlers.verifyPin({ pin: '975310', role: 'manager' })).ok).toBe(true);
  });
});
