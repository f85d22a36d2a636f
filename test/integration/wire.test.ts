import { spawn } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ChannelUnreachable, MAX_REPLY_BYTES, createHttpChannel } from '../../electron/core/channel/client.ts';
import { HEADER, RETURN_CODE } from '../../electron/core/channel/protocol.ts';
import { computeInvoice } from '../../electron/core/invoice/compute.ts';
import { startApp } from '../../electron/core/bootstrap.ts';
import { loadSandboxCredentials } from '../../electron/core/config.ts';
import { openCore } from '../../electron/core/core.ts';
import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';
import { createSoftSigner, generateSoftKey } from '../../electron/core/signer/soft-signer.ts';
import { FAST_WORKER, testConfig } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { sandboxInvoices, sandboxWithChannel } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

const SELLER = { name: '门店', taxId: '91310115591693856A', taxpayerType: 'general' as const };
const PARENT = fileURLToPath(new URL('./sandbox-parent.ts', import.meta.url));

type Mode = 'pass' | 'tamper' | 'unsigned' | 'replay';

/**
 * A man in the middle between the till and the sandbox: passes requests on (the sandbox really commits)
 * and, as told, alters the reply body, strips its signature, or answers with an earlier genuine reply.
 */
async function meddler(target: string) {
  let mode: Mode = 'pass';
  type Reply = { status: number; headers: IncomingHttpHeaders; body: Buffer };
  let recorded: Reply | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          const genuine: Reply = { status: up.statusCode ?? 500, headers: up.headers, body: Buffer.concat(body) };
          let sent: Reply = genuine;
          if (mode === 'tamper') sent = { ...genuine, body: Buffer.from(genuine.body.toString('utf8').replace(/"code":"0000"/g, '"code":"1001"')) };
          if (mode === 'unsigned') {
            const { [HEADER.replySignature]: _gone, ...headers } = genuine.headers;
            sent = { ...genuine, headers };
          }
          if (mode === 'replay' && recorded) sent = recorded;
          if (mode === 'pass') recorded = genuine;
          const { 'content-length': _len, 'transfer-encoding': _te, connection: _c, ...headers } = sent.headers;
          res.writeHead(sent.status, { ...headers, 'content-length': sent.body.length }).end(sent.body);
        });
      });
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (m: Mode) => void (mode = m),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('the wire: nothing from outside can crash the till or lie to it', () => {
  const cleanups = cleanupsAfterEach();

  test.each(['tamper', 'unsigned', 'replay'] as const)(
    'a %s reply is no reply: the invoice stays unsent (outcome unknown), is queried later and issued once',
    async (mode) => {
      const data = tempDir();
      cleanups.push(() => data.remove());
      const { sandbox, creds, replyKeyHex } = await sandboxWithChannel(data.path);
      cleanups.push(() => sandbox.stop());
      const mitm = await meddler(sandbox.url);
      cleanups.push(() => mitm.close());
      const channel = createHttpChannel({ baseUrl: mitm.url, appId: creds.appId, sm4KeyHex: creds.sm4KeyHex, replyKeyHex, timeoutMs: 5_000 }, createSoftSigner(creds));
      const core = openCore({ dataDir: data.path, config: testConfig(), channel, worker: { ...FAST_WORKER, backoff: { stepsMs: [50], jitter: 0 } } });
      cleanups.push(() => core.close());

      // A genuine exchange first: the replay mode answers later requests with this reply.
      await core.handlers.issueInvoice(sampleDraft(`W-${mode}-0`));
      await invoiceEvent(core, (i) => i.orderNo === `W-${mode}-0` && i.status === 'issued');

      mitm.set(mode);
      const inDoubt = invoiceEvent(core, (i) => i.orderNo === `W-${mode}-1` && i.status === 'retry');
      await core.handlers.issueInvoice(sampleDraft(`W-${mode}-1`));
      const doubted = await inDoubt;
      // Neither issued nor rejected on the meddler's word: the sandbox did commit it, the till does not know yet.
      expect(doubted.number).toBeUndefined();
      expect(core.queueStatus()).toMatchObject({ pending: 1, rejected: 0 });
      expect(core.queueStatus().lastError).toMatch(/reply signature does not verify/);

      const issued = invoiceEvent(core, (i) => i.orderNo === `W-${mode}-1` && i.status === 'issued');
      mitm.set('pass');
      const atTill = await issued;
      const atSandbox = (await sandboxInvoices(sandbox)).filter((i) => i.orderNo === `W-${mode}-1`);
      expect(atSandbox).toHaveLength(1);
      expect(atTill.number).toBe(atSandbox[0]!.number);
    },
  );

  test('decimals from outside are bounded before any decimal work: the channel refuses a huge figure at the schema', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox, channel } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const draft = sampleDraft('BIG-1');
    const r = computeInvoice(draft);
    if (!r.ok) throw new Error('the sample must be valid');
    const huge = `1${'0'.repeat(100_000)}.00`;
    const submission = (orderNo: string, computed: typeof r.invoice) => ({ orderNo, kind: 'blue' as const, draft: { ...draft, orderNo }, computed, seller: SELLER, createdAt: Date.now() });
    // Totals right, one line's figure a hundred thousand digits long: refused at the schema, naming it.
    const reply = await channel.issue([submission('BIG-1', { ...r.invoice, lines: [{ ...r.invoice.lines[0]!, amount: huge }] }), submission('OK-1', r.invoice)]);
    expect(reply.results?.map((x) => x.code)).toEqual([RETURN_CODE.parameterError, RETURN_CODE.ok]);
    expect(reply.results?.[0]?.message).toContain('computed.lines.0.amount');
    expect((await sandboxInvoices(sandbox)).map((i) => i.orderNo)).toEqual(['OK-1']);
  });

  test('a reply larger than the cap is no reply, refused before it is hashed or parsed', async () => {
    const big = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Streamed without a length: the till must stop reading at the cap, not after the whole body.
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent >= 64) res.end();
        else res.once('drain', more);
      };
      res.on('error', () => undefined);
      more();
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (big.closeAllConnections(), big.close(() => resolve()))));
    const key = generateSoftKey();
    const channel = createHttpChannel(
      { baseUrl: `http://127.0.0.1:${(big.address() as AddressInfo).port}`, appId: 'a', sm4KeyHex: '0'.repeat(32), replyKeyHex: key.publicKeyHex },
      createSoftSigner(key),
    );
    await expect(channel.query(['X'])).rejects.toThrow(`reply larger than ${MAX_REPLY_BYTES} bytes`);
  });

  test('a redirect is not followed: the sealed invoice never goes on to another address (an https gateway cannot send it to http)', async () => {
    const listen = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
      const server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const elsewhere: string[] = [];
    const far = await listen((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    // 307 keeps the method and the body: a follower would POST the sealed batch to `far` (in real life, http://…).
    const gateway = await listen((req, res) => {
      req.resume();
      res.writeHead(307, { location: `${far}${req.url}` }).end();
    });
    const key = generateSoftKey();
    const channel = createHttpChannel({ baseUrl: gateway, appId: 'a', sm4KeyHex: '0'.repeat(32), replyKeyHex: key.publicKeyHex }, createSoftSigner(key));
    await expect(channel.query(['X'])).rejects.toThrow(ChannelUnreachable);
    expect(elsewhere).toEqual([]);
  });

  test("the sandbox's reply key is pinned at first registration: a sandbox with another key is refused, nothing is sent", async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const first = await startApp({ dataDir: data.path, launchSandbox: nodeSandboxLauncher, log: () => undefined });
    await first.channelApplied();
    const pinned = loadSandboxCredentials(data.path).channelPublicKeyHex;
    expect(pinned).toMatch(/^04[0-9a-f]{128}$/);
    await first.stop();

    // Another process answers for the sandbox (here: its key was replaced).
    const keyFile = readdirSync(join(data.path, 'sandbox'), { recursive: true }).find((f) => String(f).endsWith('reply-key.json'));
    rmSync(join(data.path, 'sandbox', String(keyFile)));
    const second = await startApp({ dataDir: data.path, launchSandbox: nodeSandboxLauncher, log: () => undefined, autoSync: false });
    cleanups.push(() => second.stop());
    await second.channelApplied();
    expect((await second.core.handlers.issueInvoice(sampleDraft('PIN-1'))).ok).toBe(true);
    expect(second.core.queueStatus()).toMatchObject({ pending: 1, lastError: expect.stringContaining('CHANNEL_KEY_CHANGED') });
    expect(loadSandboxCredentials(data.path).channelPublicKeyHex).toBe(pinned);
    expect(await sandboxInvoices(second.sandboxAdmin!)).toEqual([]);
  });

  test('the sandbox admin API needs its per-run token and a loopback Host', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const { sandbox } = await sandboxWithChannel(data.path);
    cleanups.push(() => sandbox.stop());
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${sandbox.url}/v1/sandbox/invoices`, { headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const port = String(sandbox.port);
    expect(await get({})).toBe(401);
    expect(await get({ authorization: 'Bearer wrong' })).toBe(401);
    expect((await fetch(`${sandbox.url}/v1/sandbox/faults`, { method: 'PUT', body: '{"busy":1}' })).status).toBe(401);
    expect(await get({ authorization: `Bearer ${sandbox.adminToken}`, host: `evil.example:${port}` })).toBe(403);
    expect(await get({ authorization: `Bearer ${sandbox.adminToken}` })).toBe(200);
    expect(await get({ authorization: `Bearer ${sandbox.adminToken}`, host: `localhost:${port}` })).toBe(200);
  });

  test('the sandbox never outlives its till: SIGKILL the parent and the child exits', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    // The sandbox inherits the parent's stderr: that pipe closes only when the sandbox too has exited.
    const parent = spawn(process.execPath, [PARENT, `${data.path}/sandbox`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
      createInterface({ input: parent.stdout }).once('line', (line) => resolve(JSON.parse(line) as { url: string; pid: number }));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    cleanups.push(() => {
      try {
        process.kill(started.pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    });
    expect((await fetch(`${started.url}/v1/health`)).ok).toBe(true);
    const childGone = new Promise<void>((resolve) => parent.stderr.once('close', () => resolve()));
    parent.stderr.resume();
    parent.kill('SIGKILL');
    await childGone;
    await expect(fetch(`${started.url}/v1/health`)).rejects.toThrow();
  }, 20_000);
});
