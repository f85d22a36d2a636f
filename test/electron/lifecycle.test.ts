import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrashRecovery } from '../../electron/main/crash.ts';
import { shellPaths } from '../../electron/main/paths.ts';
import { loadShellSettings, loginItemSettings, saveShellSettings, SHELL_SETTINGS_FILE, ShellSettingsSchema } from '../../electron/main/settings.ts';
import { createShutdown } from '../../electron/main/shutdown.ts';
import { trayBitmap, trayLevel, trayTooltip } from '../../electron/main/tray-text.ts';
import { updateFeed } from '../../electron/main/updates.ts';
import { tempDir } from '../support/tmp.ts';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
const dir = () => {
  const d = tempDir('fapiao-shell-');
  dirs.push(d);
  return d.path;
};

describe('renderer crash recovery', () => {
  it('reloads after a crash, ignores a clean exit, and gives up after a burst', () => {
    let t = 0;
    let reloads = 0;
    const gaveUp: string[] = [];
    const recover = createCrashRecovery(() => reloads++, (r) => gaveUp.push(r), { maxRestarts: 3, windowMs: 60_000 }, () => t);
    expect(recover({ reason: 'clean-exit' })).toBe('ignored');
    expect(recover({ reason: 'crashed' })).toBe('reloaded');
    t += 1_000;
    expect(recover({ reason: 'oom' })).toBe('reloaded');
    t += 1_000;
    expect(recover({ reason: 'killed' })).toBe('reloaded');
    t += 1_000;
    expect(recover({ reason: 'crashed' })).toBe('gave-up');
    expect(reloads).toBe(3);
    expect(gaveUp).toEqual(['crashed']);
    // Crashes spread over time are each recovered.
    t += 120_000;
    expect(recover({ reason: 'crashed' })).toBe('reloaded');
  });
});

describe('clean shutdown', () => {
  it('waits for core to close (an in-flight submission finishing) before exiting, once', async () => {
    const order: string[] = [];
    let finish!: () => void;
    const inFlight = new Promise<void>((r) => (finish = r));
    const s = createShutdown({
      stop: async () => {
        order.push('stop');
        await inFlight;
        order.push('closed');
      },
      exit: (code) => order.push(`exit ${code}`),
      log: () => undefined,
    });
    const a = s.request();
    const b = s.request();
    expect(s.started).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['stop']);
    finish();
    await Promise.all([a, b]);
    expect(order).toEqual(['stop', 'closed', 'exit 0']);
  });

  it('exits anyway after the time limit (the outbox row is already durable)', async () => {
    const codes: number[] = [];
    const logs: string[] = [];
    const s = createShutdown({ stop: () => new Promise(() => undefined), exit: (c) => codes.push(c), log: (m) => logs.push(m), timeoutMs: 30 });
    await s.request();
    expect(codes).toEqual([1]);
    expect(logs.join('\n')).toMatch(/stay queued/);
  });
});

describe('shell settings', () => {
  it('defaults: windowed, no auto-start, auto-update off', () => {
    const s = loadShellSettings(dir());
    expect(s).toEqual({ kiosk: false, fullscreen: false, autoStart: false, autoUpdate: { enabled: false } });
    expect(updateFeed(s)).toBeUndefined();
  });

  it('round-trips and drives login item and update feed', () => {
    const d = dir();
    saveShellSettings(d, ShellSettingsSchema.parse({ kiosk: true, autoStart: true, autoUpdate: { enabled: true, url: 'https://updates.store.cn/pos' } }));
    const s = loadShellSettings(d);
    expect(s.kiosk).toBe(true);
    expect(loginItemSettings(s, 'C:\\FapiaoPOS.exe')).toEqual({ openAtLogin: true, path: 'C:\\FapiaoPOS.exe', args: ['--autostart'] });
    expect(updateFeed(s)).toEqual({ provider: 'generic', url: 'https://updates.store.cn/pos', channel: 'latest' });
  });

  it('refuses a plain-HTTP update server and sets a broken file aside', () => {
    expect(ShellSettingsSchema.safeParse({ autoUpdate: { enabled: true, url: 'http://updates.store.cn' } }).success).toBe(false);
    const d = dir();
    writeFileSync(join(d, SHELL_SETTINGS_FILE), '{ not json');
    const logs: string[] = [];
    expect(loadShellSettings(d, (m) => logs.push(m)).kiosk).toBe(false);
    expect(readdirSync(d).some((f) => f.startsWith(`${SHELL_SETTINGS_FILE}.bad-`))).toBe(true);
    expect(logs).toHaveLength(1);
  });
});

describe('tray', () => {
  it('shows the queue state in words and colour', () => {
    expect(trayLevel({ online: true, pending: 0, rejected: 0 })).toBe('ok');
    expect(trayLevel({ online: false, pending: 0, rejected: 0 })).toBe('pending');
    expect(trayLevel({ online: true, pending: 3, rejected: 0 })).toBe('pending');
    expect(trayLevel({ online: true, pending: 0, rejected: 1 })).toBe('attention');
    const tip = trayTooltip({ online: false, pending: 3, rejected: 1, oldestPendingAgeMs: 600_000 });
    expect(tip).toContain('离线');
    expect(tip).toContain('待上传 pending: 3');
    expect(tip).toContain('被拒 rejected: 1');
    expect(tip).toContain('10 min');
    expect(trayBitmap('ok')).toHaveLength(16 * 16 * 4);
  });
});

describe('paths', () => {
  it('finds bundles beside main.cjs and the tax table in resources when packaged', () => {
    const p = shellPaths({ bundleDir: '/app/dist/electron', dataDir: '/data', resourcesPath: '/app/resources', packaged: true });
    expect(p.preload).toBe('/app/dist/electron/preload.cjs');
    expect(p.sandboxEntry).toBe('/app/dist/electron/fapiao.cjs');
    expect(p.renderer).toBe('/app/dist/renderer');
    expect(p.taxCodes).toBe('/app/resources/tax-classification-codes.csv');
    expect(shellPaths({ bundleDir: '/repo/dist/electron', dataDir: '/d', resourcesPath: '/x', packaged: false }).taxCodes).toBe(
      '/repo/resources/tax-classification-codes.csv',
    );
  });
});
