import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.ts';
import { launchChromium } from './browser.ts';
import { runPosHost, seedItems } from './pos-host.ts';
import { tempDir } from './tmp.ts';

export type PosHost = Awaited<ReturnType<typeof runPosHost>>;

/**
 * One till in Chromium for a describe block: the headless host on a fresh data folder with the shop's
 * items (and whatever `prepare` adds), a 1366×768 page on its address; all of it ended after the block.
 * Read `app` and `page` in the block's own beforeAll (registered after this one) or in its tests.
 */
export function tillInChromium(prepare?: (core: Core) => Promise<void>): { readonly app: PosHost; readonly page: Page } {
  const data = tempDir();
  let app: PosHost | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    app = await runPosHost({ dataDir: data.path, worker: { probeIntervalMs: 200 } });
    await seedItems(app.app.core);
    await prepare?.(app.app.core);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.host.openUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    data.remove();
  });
  return {
    get app() {
      return app!;
    },
    get page() {
      return page!;
    },
  };
}
