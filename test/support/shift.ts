import type { Page } from 'playwright-core';
import type { Core, Handlers } from '../../electron/core/core.ts';
import { createSession } from '../../electron/core/auth/session.ts';

/** Shift sign-in on the till's screen (every page load is a new session in browser mode). */
export async function signInAtTill(page: Page, name = '收银员', pin?: string): Promise<void> {
  const form = page.getByRole('main', { name: '上班登录' });
  await form.getByLabel('收银员').selectOption({ label: name });
  if (pin !== undefined) await form.getByLabel('密码').fill(pin);
  await form.getByRole('button', { name: '开始收银' }).click();
  await page.getByLabel('扫码或输入条码').waitFor();
}

/** Core's calls as a till window where this cashier signed in: the session gives the actor and the invoice's cashier. */
export async function asCashier(core: Core, id: string, pin?: string): Promise<Handlers> {
  const handlers = core.bindSession(createSession());
  await handlers.signIn({ id, ...(pin === undefined ? {} : { pin }) });
  return handlers;
}
