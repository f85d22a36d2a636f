import { describe, expect, it, vi } from 'vitest';
import { callChannel, callNames, eventChannel, type CallName, type EventName } from '../../electron/contract/index.ts';
import type { Handlers } from '../../electron/core/core.ts';
import { createDispatcher } from '../../electron/core/dispatch.ts';
import { CoreEvents } from '../../electron/core/events.ts';
import { FORBIDDEN_REPLY, forwardEvents, registerIpcRouter, type IpcMainLike } from '../../electron/main/ipc-router.ts';
import { APP_ENTRY_URL } from '../../electron/main/origin.ts';
import { createSenderCheck, type SenderLike } from '../../electron/main/sender.ts';
import { sampleDraft } from '../support/drafts.ts';

const WINDOW_ID = 7;
const goodSender: SenderLike = { sender: { id: WINDOW_ID }, senderFrame: { url: APP_ENTRY_URL, parent: null } };

/** An ipcMain that records handlers, so a test can invoke a channel like ipcRenderer.invoke would. */
function fakeIpcMain() {
  const registered = new Map<string, (event: SenderLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
    removeHandler: (channel) => registered.delete(channel),
  };
  const invoke = (name: CallName, event: SenderLike, ...args: unknown[]) => registered.get(callChannel(name))!(event, ...args);
  return { ipcMain, registered, invoke };
}

function setup() {
  // Real dispatcher (contract validation); handlers are spies so we can see whether anything ran.
  const spies = Object.fromEntries(callNames.map((n) => [n, vi.fn(async () => ({ handled: n }))])) as Record<CallName, ReturnType<typeof vi.fn>>;
  const handlers = spies as unknown as Handlers;
  const ipc = fakeIpcMain();
  const dispose = registerIpcRouter({
    ipcMain: ipc.ipcMain,
    dispatch: createDispatcher(handlers, () => undefined),
    isTrustedSender: createSenderCheck(() => WINDOW_ID),
  });
  return { ...ipc, spies, dispose };
}

describe('IPC router', () => {
  it('registers one handler per contract call and removes them all', () => {
    const s = setup();
    expect([...s.registered.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    s.dispose();
    expect(s.registered.size).toBe(0);
  });

  it('answers a valid call from the app window', async () => {
    const s = setup();
    await expect(s.invoke('getInvoice', goodSender, { orderNo: 'A1' })).resolves.toEqual({ ok: true, value: { handled: 'getInvoice' } });
    await expect(s.invoke('issueInvoice', goodSender, sampleDraft('P-1'))).resolves.toMatchObject({ ok: true });
  });

  it.each<[string, SenderLike]>([
    ['another webContents', { sender: { id: 99 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }],
    ['a remote page in our window', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file:// page', { sender: { id: WINDOW_ID }, senderFrame: { url: 'file:///C:/Users/x/index.html', parent: null } }],
    ['a look-alike origin', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://fapiao.evil/index.html', parent: null } }],
    ['a subframe', { sender: { id: WINDOW_ID }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }],
    ['a destroyed frame', { sender: { id: WINDOW_ID }, senderFrame: null }],
  ])('rejects a call from %s without running the handler', async (_label, event) => {
    const s = setup();
    await expect(s.invoke('issueInvoice', event, sampleDraft('P-2'))).resolves.toEqual(FORBIDDEN_REPLY);
    expect(s.spies.issueInvoice).not.toHaveBeenCalled();
  });

  it('rejects calls when no window exists', async () => {
    const ipc = fakeIpcMain();
    const handlers = Object.fromEntries(callNames.map((n) => [n, vi.fn()])) as unknown as Handlers;
    registerIpcRouter({ ipcMain: ipc.ipcMain, dispatch: createDispatcher(handlers), isTrustedSender: createSenderCheck(() => undefined) });
    await expect(ipc.invoke('appInfo', goodSender, {})).resolves.toEqual(FORBIDDEN_REPLY);
    expect(handlers.appInfo).not.toHaveBeenCalled();
  });

  it.each<[string, CallName, unknown[]]>([
    ['a payload failing the schema', 'issueInvoice', [{ orderNo: 42, lines: 'many' }]],
    ['unknown extra fields (strict)', 'getInvoice', [{ orderNo: 'A1', sql: 'drop table' }]],
    ['a wrong type', 'listInvoices', [{ limit: 'all' }]],
    ['an out-of-range value', 'searchTaxCodes', [{ query: 'x', limit: 10_000 }]],
    ['no payload at all', 'getInvoice', []],
    ['extra arguments', 'appInfo', [{}, { more: true }]],
  ])('rejects %s with BAD_REQUEST and never runs the handler', async (_label, name, args) => {
    const { spies, invoke } = setup();
    const reply = (await invoke(name, goodSender, ...args)) as { ok: boolean; errors?: { code: string }[] };
    expect(reply.ok).toBe(false);
    expect(reply.errors![0]!.code).toBe('BAD_REQUEST');
    expect(spies[name]).not.toHaveBeenCalled();
  });
});

describe('event forwarding', () => {
  it('forwards every contract event on its channel and stops when disposed', () => {
    const events = new CoreEvents();
    const sent: [string, unknown][] = [];
    const off = forwardEvents(events, (channel, payload) => sent.push([channel, payload]));
    const status = { online: true, pending: 2, rejected: 0 };
    events.emit('queueChanged', status);
    expect(sent).toEqual([[eventChannel('queueChanged' satisfies EventName), status]]);
    off();
    events.emit('queueChanged', status);
    expect(sent).toHaveLength(1);
  });
});
