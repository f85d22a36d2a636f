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
  // Start at the first control in document order, so the walk covers the page once, top to bottom.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('[data-tab-seen], [data-tab-last]')) {
      el.removeAttribute('data-tab-seen');
      el.removeAttribute('data-tab-last');
    }
    const first = document.querySelector<HTMLElement>('button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]');
    first?.focus();
    first?.setAttribute('data-tab-seen', '1');
  });
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const done = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      // A date input takes several Tabs (year, month, day): staying on it is not the end of the walk.
      if (el.hasAttribute('data-tab-last')) return false;
      for (const prev of document.querySelectorAll('[data-tab-last]')) prev.removeAttribute('data-tab-last');
      el.setAttribute('data-tab-last', '1');
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
