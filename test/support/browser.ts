import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const SCREENSHOTS = 'test-results';
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** One screen at both sizes the app is made for: a 1366×768 desktop and a 1024×768 POS screen. */
export async function screenshotBoth(page: import('playwright-core').Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of [[1366, 768], [1024, 768]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: screenshotPath(`${name}-${w}x${h}`) });
  }
  if (before) await page.setViewportSize(before);
}
