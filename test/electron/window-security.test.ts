import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from '../../electron/main/app-protocol.ts';
import { CSP, CSP_DIRECTIVES, securityHeaders, withSecurityHeaders } from '../../electron/main/csp.ts';
import { denyAllPermissions, hardenContents, type ContentsLike } from '../../electron/main/hardening.ts';
import { APP_ENTRY_URL, isAppUrl } from '../../electron/main/origin.ts';
import { windowOptions } from '../../electron/main/window-options.ts';
import { tempDir } from '../support/tmp.ts';

describe('window options', () => {
  const base = { preloadPath: '/app/dist/electron/preload.cjs', kiosk: false, fullscreen: false, devTools: false };

  it('isolates the renderer: contextIsolation, sandbox, no Node anywhere, our preload', () => {
    const w = windowOptions(base).webPreferences!;
    expect(w).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: base.preloadPath,
      devTools: false,
    });
  });

  it('kiosk implies fullscreen; fullscreen alone is not kiosk', () => {
    expect(windowOptions({ ...base, kiosk: true })).toMatchObject({ kiosk: true, fullscreen: true });
    expect(windowOptions({ ...base, fullscreen: true })).toMatchObject({ kiosk: false, fullscreen: true });
    expect(windowOptions(base)).toMatchObject({ kiosk: false, fullscreen: false, show: false });
  });
});

describe('Content-Security-Policy', () => {
  it('allows only our own origin for script and network, nothing inline or eval', () => {
    expect(CSP_DIRECTIVES['default-src']).toBe("'none'");
    expect(CSP_DIRECTIVES['script-src']).toBe("'self'");
    expect(CSP_DIRECTIVES['connect-src']).toBe("'self'");
    expect(CSP).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:/);
    expect(CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const d of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) expect(CSP_DIRECTIVES[d]).toBe("'none'");
  });

  it('replaces any CSP a response carries (header names in any case) and keeps other headers', () => {
    const out = withSecurityHeaders({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' });
    expect(out['Content-Security-Policy']).toEqual([CSP]);
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(out['X-Content-Type-Options']).toEqual(['nosniff']);
  });
});

describe('app:// protocol', () => {
  const dir = tempDir('fapiao-renderer-');
  mkdirSync(join(dir.path, 'assets'));
  writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, '..', 'fapiao-outside-secret.txt'), 'secret');
  afterAll(() => {
    dir.remove();
    rmSync(join(dir.path, '..', 'fapiao-outside-secret.txt'), { force: true });
  });
  const handler = createAppProtocolHandler(dir.path);

  it('serves the renderer with the CSP header and the right type', async () => {
    const res = await handler({ url: APP_ENTRY_URL });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const js = await handler({ url: 'app://fapiao/assets/app.js' });
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('console.log(1)');
  });

  it.each(['app://fapiao/../fapiao-outside-secret.txt', 'app://fapiao/%2e%2e/fapiao-outside-secret.txt', 'app://fapiao/assets/..%2f..%2ffapiao-outside-secret.txt'])(
    'never serves a file outside the renderer folder: %s',
    async (url) => {
      const file = resolveAppFile(url, dir.path);
      // Either the URL parser already folded the dots away (so it stays inside), or we refuse it.
      if (file !== undefined) expect(file.startsWith(`${dir.path}/`)).toBe(true);
      const res = await handler({ url });
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('secret');
    },
  );

  it.each(['app://fapiao/assets/..%2f..%2ffapiao-outside-secret.txt', 'app://other/index.html', 'https://fapiao/index.html'])('refuses %s outright', async (url) => {
    expect(resolveAppFile(url, dir.path)).toBeUndefined();
    expect((await handler({ url })).status).toBe(403);
  });

  it('404s a missing file, still with the CSP', async () => {
    const res = await handler({ url: 'app://fapiao/nope.js' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(securityHeaders()['Content-Security-Policy']);
  });

  it('knows its own origin exactly', () => {
    expect(isAppUrl('app://fapiao/index.html')).toBe(true);
    expect(isAppUrl('app://fapiao.evil.com/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

/** A webContents stand-in: Electron's are EventEmitters with setWindowOpenHandler. */
function fakeContents() {
  const ee = new EventEmitter();
  let openHandler: ((d: { url: string }) => unknown) | undefined;
  return Object.assign(ee, {
    setWindowOpenHandler: (h: (d: { url: string }) => unknown) => {
      openHandler = h;
    },
    open: (url: string) => openHandler!({ url }),
  });
}
const preventable = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

describe('navigation, new windows, webviews, permissions', () => {
  const c = fakeContents();
  const log: string[] = [];
  hardenContents(c as unknown as ContentsLike, (m) => log.push(m));

  it.each(['https://evil.example/', 'file:///C:/Windows/', 'javascript:alert(1)', 'app://other/'])('blocks navigation to %s', (url) => {
    const e = preventable();
    c.emit('will-navigate', e, url);
    expect(e.prevented).toBe(true);
    const r = preventable();
    c.emit('will-redirect', r, url);
    expect(r.prevented).toBe(true);
    const f = Object.assign(preventable(), { url });
    c.emit('will-frame-navigate', f);
    expect(f.prevented).toBe(true);
  });

  it('allows reloads within the app origin', () => {
    const e = preventable();
    c.emit('will-navigate', e, APP_ENTRY_URL);
    expect(e.prevented).toBe(false);
  });

  it('denies every new window and <webview>', () => {
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(c.open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    const e = preventable();
    c.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
    expect(log.some((l) => l.includes('new window'))).toBe(true);
  });

  it('denies every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    let device: ((d: unknown) => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      setDevicePermissionHandler: (h) => (device = h),
    });
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      request!({}, p, (g) => (granted = g));
      expect(granted).toBe(false);
      expect(check!({}, p)).toBe(false);
    }
    expect(device!({ deviceType: 'hid' })).toBe(false);
  });
});
