import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { runHost, type RunningHost } from '../../../electron/host/run.ts';
import { MAX_FRAME_BYTES, type Host } from '../../../electron/host/server.ts';
import type { HostReply } from '../../../electron/contract/index.ts';
import { tempDir } from '../../support/tmp.ts';
import { sampleDraft } from '../../support/drafts.ts';

function connect(url: string, origin: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** What the page does with the launched URL: trade its one-time code for a session token. */
function exchange(openUrl: string, origin: string): Promise<Response> {
  const code = new URLSearchParams(new URL(openUrl).hash.slice(1)).get('code');
  return fetch(new URL('/session', openUrl), { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
}

async function sessionToken(host: Host): Promise<string> {
  const res = await exchange(host.newOpenUrl(), host.url);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** A GET with a Host header of our choosing (fetch always sends the URL's own). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
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
    const token = await sessionToken(app.host);
    await expect(connect(`${ws}?token=wrong`, app.host.url)).rejects.toThrow('403');
    await expect(connect(`${ws}?token=${token}`, 'http://evil.example')).rejects.toThrow('403');
  });

  test('the launched URL holds only a one-time code: used once it is worthless, and the printed URL has no token', async () => {
    const openUrl = app.host.newOpenUrl();
    expect(openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[\w-]+$/);
    // Another site cannot trade it, even with the code.
    expect((await exchange(openUrl, 'http://evil.example')).status).toBe(403);
    const first = await exchange(openUrl, app.host.url);
    expect(first.status).toBe(200);
    const { token } = (await first.json()) as { token: string };
    expect(openUrl).not.toContain(token);
    expect((await exchange(openUrl, app.host.url)).status).toBe(403);
    const ws = await connect(`${app.host.url.replace('http', 'ws')}/ws?token=${token}`, app.host.url);
    expect(await call(ws, 1, 'appInfo', {})).toMatchObject({ reply: { ok: true } });
    ws.close();
  });

  test('a request or upgrade under another Host name (DNS rebinding) is refused with 403', async () => {
    const port = new URL(app.host.url).port;
    expect(await getWithHost(app.host.url, `evil.example:${port}`)).toBe(403);
    expect(await getWithHost(app.host.url, `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost(app.host.url, `localhost:${port}`)).toBe(200);
    const token = await sessionToken(app.host);
    const ws = `${app.host.url.replace('http', 'ws')}/ws?token=${token}`;
    await expect(connect(ws, `http://evil.example:${port}`, { host: `evil.example:${port}` })).rejects.toThrow('403');
    (await connect(ws, `http://localhost:${port}`, { host: `localhost:${port}` })).close();
  });

  test('an oversized, non-UTF-8 or malformed frame closes that socket only; the host serves the next client', async () => {
    const url = () => sessionToken(app.host).then((t) => `${app.host.url.replace('http', 'ws')}/ws?token=${t}`);
    const bystander = await connect(await url(), app.host.url);

    const big = await connect(await url(), app.host.url);
    const bigClosed = closed(big);
    big.send(JSON.stringify({ t: 'call', id: 1, name: 'appInfo', payload: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect(await bigClosed).toBe(1009);

    const notUtf8 = await connect(await url(), app.host.url);
    const notUtf8Closed = closed(notUtf8);
    notUtf8.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await notUtf8Closed).toBe(1007);

    const garbage = await connect(await url(), app.host.url);
    const garbageClosed = closed(garbage);
    // FIN + reserved opcode 3, masked, no payload: a protocol error.
    (garbage as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    expect(await garbageClosed).toBe(1002);

    expect(await call(bystander, 7, 'appInfo', {})).toMatchObject({ reply: { ok: true } });
    const next = await connect(await url(), app.host.url);
    expect(await call(next, 8, 'appInfo', {})).toMatchObject({ reply: { ok: true } });
    next.close();
    bystander.close();
  });

  test('a tab that has not signed in hears the queue but no invoice (buyer, amounts); a signed-in one hears both', async () => {
    const ws = async () => connect(`${app.host.url.replace('http', 'ws')}/ws?token=${await sessionToken(app.host)}`, app.host.url);
    const till = await ws();
    const stranger = await ws();
    const heard: string[] = [];
    stranger.on('message', (data) => {
      const msg = JSON.parse(String(data)) as HostReply;
      if (msg.t === 'event') heard.push(msg.event);
    });
    expect(await call(till, 1, 'signIn', { id: 'cashier' })).toMatchObject({ reply: { ok: true } });
    const updated = new Promise<void>((resolve) =>
      till.on('message', (data) => {
        const msg = JSON.parse(String(data)) as HostReply;
        if (msg.t === 'event' && msg.event === 'invoiceUpdated') resolve();
      }),
    );
    expect(await call(till, 2, 'issueInvoice', sampleDraft('HOST-EVENTS-1', { buyer: { name: '某某有限公司', taxId: '91310115591693856A' } }))).toMatchObject({
      reply: { ok: true, value: { ok: true } },
    });
    await updated;
    // Events reach both sockets in the same tick; a reply the stranger gets later comes after any it was sent.
    expect(await call(stranger, 3, 'appInfo', {})).toMatchObject({ reply: { ok: true } });
    expect(heard).toContain('queueChanged');
    expect(heard).not.toContain('invoiceUpdated');
    till.close();
    stranger.close();
  });

  test('validates payloads against the contract and answers calls', async () => {
    const ws = await connect(`${app.host.url.replace('http', 'ws')}/ws?token=${await sessionToken(app.host)}`, app.host.url);
    const bad = await call(ws, 1, 'getInvoice', { orderNo: 42 });
    expect(bad).toMatchObject({ t: 'reply', reply: { ok: false, errors: [{ code: 'BAD_REQUEST', path: 'orderNo' }] } });
    const unknown = await call(ws, 2, 'deleteEverything', {});
    expect(unknown).toMatchObject({ reply: { ok: false, errors: [{ code: 'UNKNOWN_CALL' }] } });
    const info = await call(ws, 3, 'appInfo', {});
    expect(info).toMatchObject({ reply: { ok: true, value: { channelMode: 'sandbox' } } });
    ws.close();
  });
});
