import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel, callNames, eventChannel, type Reply } from '../../electron/contract/index.ts';
import { buildElectron, type ElectronBuildResult } from '../../scripts/build-electron.ts';
import { bundleDir } from './build-dir.ts';

const out = bundleDir();
let built: ElectronBuildResult;
beforeAll(async () => {
  built = await buildElectron({ outDir: out.path });
});
afterAll(() => out.remove());

const requiresOf = (code: string): string[] => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();

describe('esbuild bundles (scripts/build-electron.ts)', () => {
  it('writes main.cjs, preload.cjs and fapiao.cjs', () => {
    expect(Object.keys(built.sizes).sort()).toEqual(['fapiao.cjs', 'main.cjs', 'preload.cjs']);
    for (const size of Object.values(built.sizes)) expect(size).toBeGreaterThan(1000);
  });

  it('main keeps native modules and electron external, and nothing else outside Node', () => {
    const code = readFileSync(join(out.path, 'main.cjs'), 'utf8');
    const external = requiresOf(code).filter((m) => !isBuiltin(m));
    expect(external).toContain('electron');
    expect(external).toContain('better-sqlite3');
    for (const m of external) expect(['electron', 'electron-updater', 'nodemailer', 'better-sqlite3', 'node-hid']).toContain(m);
    expect(code).not.toContain('import.meta.url');
  });

  it('drops zod locales other than en and zh-CN, keeping the bundles small', () => {
    const main = readFileSync(join(out.path, 'main.cjs'), 'utf8');
    expect(main).toContain('Invalid input');
    expect(main).not.toContain('Ungültig');
    // Main carries core with the production signers (X.509/ASN.1, SM2/SM3/SM4, UKey framing): ~600 kB.
    expect(built.sizes['main.cjs']).toBeLessThan(800 * 1024);
    expect(built.sizes['preload.cjs']).toBeLessThan(300 * 1024);
  });

  it('the preload requires only electron (a sandboxed preload gets nothing else)', () => {
    expect(requiresOf(readFileSync(join(out.path, 'preload.cjs'), 'utf8'))).toEqual(['electron']);
  });
});

const BUILTINS = new Set(builtinModules);
function isBuiltin(m: string): boolean {
  return m.startsWith('node:') || BUILTINS.has(m.split('/')[0]!);
}

/** Runs the built preload as Electron would in a sandboxed renderer, with `require('electron')` recorded. */
function runPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  let reply: Reply = { ok: true, value: { echoed: true } };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return reply;
      },
      on: (channel: string, l: (...a: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: (...a: unknown[]) => void) => listeners.get(channel)?.delete(l),
    },
  };
  const requested: string[] = [];
  const fakeRequire = (id: string): unknown => {
    requested.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found in a sandboxed preload: ${id}`);
  };
  const module = { exports: {} };
  const context = vm.createContext({ require: fakeRequire, module, exports: module.exports, console, URL, TextEncoder, TextDecoder });
  vm.runInContext(readFileSync(join(out.path, 'preload.cjs'), 'utf8'), context, { filename: 'preload.cjs' });
  return {
    exposed,
    invoked,
    listeners,
    requested,
    setReply: (r: Reply) => {
      reply = r;
    },
  };
}

describe('the built preload', () => {
  it('exposes exactly one global, window.fapiao, with exactly the contract calls and `on`', () => {
    const p = runPreload();
    expect([...p.exposed.keys()]).toEqual(['fapiao']);
    const api = p.exposed.get('fapiao') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    for (const k of Object.keys(api)) expect(typeof api[k]).toBe('function');
    expect(p.requested).toEqual(['electron']);
  });

  it('never hands out ipcRenderer or its methods', () => {
    const api = runPreload().exposed.get('fapiao') as Record<string, unknown>;
    for (const k of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'postMessage', 'require', 'process']) expect(api[k]).toBeUndefined();
  });

  it('each call invokes its contract channel with the request, and unwraps the reply', async () => {
    const p = runPreload();
    const api = p.exposed.get('fapiao') as Record<string, (r: unknown) => Promise<unknown>>;
    await expect(api.getInvoice!({ orderNo: 'A1' })).resolves.toEqual({ echoed: true });
    expect(p.invoked).toEqual([{ channel: callChannel('getInvoice'), args: [{ orderNo: 'A1' }] }]);
    p.setReply({ ok: false, errors: [{ code: 'BAD_REQUEST', message_zh: '错', message_en: 'bad' }] });
    await expect(api.queueStatus!({})).rejects.toThrow(/BAD_REQUEST/);
  });

  it('event listeners get the payload only (never the IPC event) and can unsubscribe', () => {
    const p = runPreload();
    const api = p.exposed.get('fapiao') as { on(e: string, l: (...a: unknown[]) => void): () => void };
    const got: unknown[][] = [];
    const off = api.on('queueChanged', (...a) => got.push(a));
    const set = p.listeners.get(eventChannel('queueChanged'))!;
    expect(set.size).toBe(1);
    for (const l of set) l({ sender: 'ipc-event' }, { pending: 1 });
    expect(got).toEqual([[{ pending: 1 }]]);
    off();
    expect(set.size).toBe(0);
  });
});
