import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotPath } from '../support/browser.ts';
import { tempDir } from '../support/tmp.ts';
import { signInAtTill } from '../support/shift.ts';

describe('npm start without the Electron binary', () => {
  const data = tempDir();
  afterAll(() => data.remove());

  test('runs browser mode: prints the local address, which serves the cashier screen', async () => {
    // The same entry `npm start` runs after building the renderer.
    const child = spawn(process.execPath, ['electron/launch.ts'], {
      env: { ...process.env, FAPIAO_HOME: data.path, DISPLAY: '', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const lines = createInterface({ input: child.stdout });
      const printed: string[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        lines.on('line', (line) => {
          printed.push(line);
          const m = /(http:\/\/127\.0\.0\.1:\d+\/#code=\S+)/.exec(line);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${printed.join('\n')}`)));
      });
      expect(printed.join('\n')).toContain('浏览器模式');

      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
        await page.goto(url);
        await signInAtTill(page);
        await page.getByRole('button', { name: '开具发票 (F9)' }).waitFor();
        await expect.poll(() => page.getByRole('status', { name: '连接状态' }).textContent()).toContain('在线');
        await page.screenshot({ path: screenshotPath('start-browser-mode-1366x768') });
        // The printed link worked once; now its code is worthless, in this browser or any other.
        const code = new URLSearchParams(new URL(url).hash.slice(1)).get('code');
        const again = await fetch(new URL('/session', url), { method: 'POST', headers: { origin: new URL(url).origin }, body: JSON.stringify({ code }) });
        expect(again.status).toBe(403);
        const second = await browser.newPage();
        const exchanged = second.waitForResponse((r) => r.url().endsWith('/session'));
        await second.goto(url);
        expect((await exchanged).status()).toBe(403);
      } finally {
        await browser.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
