import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel, callNames, eventChannel, type Reply } from '../../electron/contract/index.ts';
import { buildElectron } from '../../scripts/build-electron.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';
import { bundleDir } from './build-dir.ts';
import { fakeElectron, type FakeElectron } from './fake-electron.ts';
import { nodeFork } from './node-fork.ts';

/**
 * The bundled main.cjs, run in plain Node against a recording 'electron' module: proves the glue —
 * app origin, IPC router over real core, sandbox via the utility launcher, events, tray, clean quit —
 * without the binary. The Playwright tests cover the same against real Electron where it exists.
 */
const out = bundleDir();
const data = tempDir('fapiao-main-');
let fake: FakeElectron;
const savedHome = process.env.FAPIAO_HOME;

function runMain(): void {
  const file = join(out.path, 'main.cjs');
  const realRequire = createRequire(file);
  const req = (id: string): unknown => (id === 'electron' ? fake.module : realRequire(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__filename', '__dirname', readFileSync(file, 'utf8'))(req, module, module.exports, file, out.path);
}

async function until<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  await buildElectron({ outDir: out.path });
  process.env.FAPIAO_HOME = data.path;
  (process as { resourcesPath?: string }).resourcesPath = join(out.path, 'resources');
  fake = fakeElectron({ fork: nodeFork });
  runMain();
  // Core is ready once the tray exists (it is created after startApp resolved).
  await until(() => fake.rec.trays[0]);
}, 60_000);

afterAll(async () => {
  if (fake && fake.rec.exitCodes.length === 0) {
    fake.app.emit('before-quit', { preventDefault: () => undefined });
    await until(() => fake.rec.exitCodes[0]);
  }
  if (savedHome === undefined) delete process.env.FAPIAO_HOME;
  else process.env.FAPIAO_HOME = savedHome;
  out.remove();
  data.remove();
});

const trusted = () => ({ sender: { id: fake.rec.windows[0]!.webContents.id }, senderFrame: { url: 'app://fapiao/index.html', parent: null } });
const call = (name: (typeof callNames)[number], payload: unknown, event: unknown = trusted()) =>
  fake.rec.handlers.get(callChannel(name))!(event, payload) as Promise<Reply>;

describe('bundled main process (fake electron module)', () => {
  it('opens one hardened window on the app origin with the bundled preload', () => {
    expect(fake.rec.windows).toHaveLength(1);
    const w = fake.rec.windows[0]!;
    expect(w.webContents.url).toBe('app://fapiao/index.html');
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(out.path, 'preload.cjs') });
    expect(fake.rec.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('registers exactly the contract calls and answers them from core', async () => {
    expect([...fake.rec.handlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    const info = await call('appInfo', {});
    expect(info).toMatchObject({ ok: true, value: { channelMode: 'sandbox' } });
  });

  it('issues through IPC and forwards the queue event to the window', async () => {
    // The window's session: a cashier signs in for the shift before selling.
    expect(await call('issueInvoice', sampleDraft('GLUE-1'))).toMatchObject({ ok: false, errors: [{ code: 'SIGN_IN_REQUIRED' }] });
    expect((await call('signIn', { id: 'cashier' })).ok).toBe(true);
    const r = await call('issueInvoice', sampleDraft('GLUE-1'));
    expect(r.ok).toBe(true);
    expect(fake.rec.sent.some(([ch]) => ch === eventChannel('queueChanged'))).toBe(true);
  });

  it('refuses a foreign sender and a bad payload', async () => {
    const foreign = await call('appInfo', {}, { sender: { id: 999 }, senderFrame: { url: 'app://fapiao/index.html', parent: null } });
    expect(foreign).toMatchObject({ ok: false, errors: [{ code: 'FORBIDDEN_SENDER' }] });
    const bad = await call('getInvoice', { orderNo: 1 });
    expect(bad).toMatchObject({ ok: false, errors: [{ code: 'BAD_REQUEST' }] });
  });

  it('serves the renderer through the app protocol and denies permissions', async () => {
    const res = await fake.rec.protocolHandlers.get('app')!({ url: 'app://fapiao/index.html' });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    let granted: boolean | undefined;
    fake.rec.permissionRequest!({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('shows the queue in the tray', () => {
    expect(fake.rec.trays[0]!.tooltip).toMatch(/待上传 pending: \d/);
  });

  it('quits cleanly: core closes (sandbox stopped) before exit 0', async () => {
    let prevented = false;
    fake.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(await until(() => fake.rec.exitCodes[0])).toBe(0);
    expect(fake.rec.errors).toEqual([]);
  });
});
