import type { Page } from 'playwright-core';

/**
 * Every visible control on the page has a role and an accessible name, read from Chromium's
 * accessibility tree (aria snapshot): lines like `- button "开具发票 (F9)"`. Returns the unnamed ones.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  const roles = /^\s*- (button|textbox|combobox|checkbox|radio|spinbutton|listbox|slider|switch|searchbox)\b(?! ")(.*)$/;
  return snapshot.split('\n').filter((line) => roles.test(line));
}

/** Tabs through the page and returns the visible, enabled controls that the keyboard never reached. */
export async function unreachableByTab(page: Page, maxTabs = 200): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const el of document.querySelectorAll('[data-tab-seen]')) el.removeAttribute('data-tab-seen');
  });
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const done = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      if (el.hasAttribute('data-tab-seen')) return true;
      el.setAttribute('data-tab-seen', '1');
      return false;
    });
    if (done) break;
  }
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')]
      .filter((el) => el.getClientRects().length > 0 && !(el as HTMLButtonElement).disabled)
      // A radio group is one tab stop: reaching any of its radios counts for all.
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && document.querySelector(`input[name="${el.name}"][data-tab-seen]`)))
      .filter((el) => !el.hasAttribute('data-tab-seen'))
      .map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}`),
  );
}
