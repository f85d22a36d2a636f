import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { runHost, type RunningHost } from '../../../electron/host/run.ts';
import type { HostReply } from '../../../electron/contract/index.ts';
import { tempDir } from '../../support/tmp.ts';

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, name: string, payload: unknown): Promise<HostReply> {
  return new Promise((resolve) => {
    ws.on('message', function onMsg(data) {
      const msg = JSON.parse(String(data)) as HostReply;
      if (msg.t === 'reply' && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg);
      }
    });
    ws.send(JSON.stringify({ t: 'call', id, name, payload }));
  });
}

describe('headless host', () => {
  const data = tempDir();
  let app: RunningHost;
  beforeAll(async () => {
    app = await runHost({ dataDir: data.path });
  });
  afterAll(async () => {
    await app.stop();
    data.remove();
  });

  test('listens on 127.0.0.1 only and sends a strict CSP with the page', async () => {
    expect(app.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(app.host.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  test('a malformed request is answered 400 and the host (with core) keeps running', async () => {
    expect((await fetch(`${app.host.url}/%`)).status).toBe(400);
    expect((await fetch(`${app.host.url}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(app.host.url)).status).toBe(200);
  });

  test('refuses a connection without the token, or from another origin', async () => {
    const ws = `${app.host.url.replace('http', 'ws')}/ws`;
    await expect(connect(`${ws}?token=wrong`, app.host.url)).rejects.toThrow('403');
    await expect(connect(`${ws}?token=${app.host.token}`, 'http://evil.example')).rejects.toThrow('403');
  });

  test('validates payloads against the contract and answers calls', async () => {
    const ws = await connect(`${app.host.url.replace('http', 'ws')}/ws?token=${app.host.token}`, app.host.url);
    const bad = await call(ws, 1, 'getInvoice', { orderNo: 42 });
    expect(bad).toMatchObject({ t: 'reply', reply: { ok: false, errors: [{ code: 'BAD_REQUEST', path: 'orderNo' }] } });
    const unknown = await call(ws, 2, 'deleteEverything', {});
    expect(unknown).toMatchObject({ reply: { ok: false, errors: [{ code: 'UNKNOWN_CALL' }] } });
    const info = await call(ws, 3, 'appInfo', {});
    expect(info).toMatchObject({ reply: { ok: true, value: { channelMode: 'sandbox' } } });
    ws.close();
  });
});
