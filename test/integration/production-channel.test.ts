import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FapiaoError } from '../../electron/contract/index.ts';
import { startApp } from '../../electron/core/bootstrap.ts';
import { createEncryptedSecretStore } from '../../electron/core/secrets.ts';
import { testCipher } from '../support/secrets.ts';
import { encryptedKeyPem, generateTestCertificate } from '../../electron/core/signer/test-certificate.ts';
import { nodeSandboxLauncher } from '../../electron/sandbox/node-launcher.ts';
import { startSandbox } from '../../electron/sandbox/server.ts';
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { register as registerApp, sandboxInvoices, setFaults, type SandboxAdmin } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

/** The store's CA certificate and key file (password cert-pass-123) and an SM4 key, and a way to make a gateway know them. */
function storeCredentials(dir: string) {
  const cert = generateTestCertificate({ taxpayerId: '91310115591693856A' });
  const certPath = join(dir, 'store.crt');
  const keyPath = join(dir, 'store.key');
  writeFileSync(certPath, cert.certPem);
  writeFileSync(keyPath, encryptedKeyPem(cert, 'cert-pass-123'));
  const sm4Key = randomBytes(16).toString('hex');
  /** Makes the gateway know the store's key; returns the gateway's reply key (the till's channel.platformPublicKeyHex). */
  const register = (gateway: SandboxAdmin, appId: string): Promise<string> =>
    registerApp(gateway, { appId, publicKeyHex: cert.publicKeyHex, sm4KeyHex: sm4Key });
  return { certPath, keyPath, sm4Key, register };
}

describe('switching a till from the sandbox to a production channel', () => {
  const cleanups = cleanupsAfterEach();

  test('URL, AppID, CA certificate and key from the settings, secrets only encrypted: invoices go to the new channel', async () => {
    const data = tempDir();
    const gatewayDir = tempDir();
    cleanups.push(() => data.remove(), () => gatewayDir.remove());
    // The "production gateway" is a second sandbox process with its own database, on loopback.
    const gateway = await nodeSandboxLauncher(gatewayDir.path, 0);
    cleanups.push(() => gateway.stop());
    const { certPath, keyPath, sm4Key, register } = storeCredentials(data.path);
    const platformPublicKeyHex = await register(gateway, 'prod-app');

    const secretsDir = join(data.path, 'secrets');
    const app = await startApp({
      dataDir: data.path,
      launchSandbox: nodeSandboxLauncher,
      secrets: createEncryptedSecretStore(secretsDir, testCipher()),
      worker: { probeIntervalMs: 50 },
    });
    cleanups.push(() => app.stop());
    const { handlers } = app.core;

    await handlers.saveSettings({
      channel: { mode: 'production', baseUrl: gateway.url, appId: 'prod-app', platformPublicKeyHex },
      signer: { kind: 'certFile', certPath, keyPath },
    });
    await app.channelApplied();

    // Without the channel key nothing leaves the till, the sale is kept untouched (still cancellable),
    // and the reason is shown.
    const queued = await handlers.issueInvoice(sampleDraft('PROD-1'));
    expect(queued.ok && queued.invoice.status).toBe('queued');
    await app.core.worker.whenIdle();
    expect(app.core.queueStatus()).toMatchObject({ online: false, pending: 1 });
    expect(app.core.queueStatus().lastError).toContain('通道密钥');
    expect((await handlers.getInvoice({ orderNo: 'PROD-1' }))?.status).toBe('queued');

    const issued = invoiceEvent(app.core, (i) => i.orderNo === 'PROD-1' && i.status === 'issued');
    expect(await handlers.setChannelSecret({ name: 'signer.certPassword', key: 'cert-pass-123' })).toEqual({ stored: true });
    expect(await handlers.setChannelSecret({ name: 'channel.sm4Key', key: sm4Key })).toEqual({ stored: true });
    expect((await issued).number).toMatch(/^\d{20}$/);

    expect((await sandboxInvoices(gateway)).map((i) => i.orderNo)).toEqual(['PROD-1']);
    expect((await sandboxInvoices(app.sandboxAdmin!)).map((i) => i.orderNo)).toEqual([]);
    const settings = await handlers.getSettings({});
    expect(settings.channel).toMatchObject({ mode: 'production', keySet: true, secretStore: 'os' });
    // The secrets exist only as ciphertext; no call returns them.
    for (const f of readdirSync(secretsDir)) {
      const bytes = readFileSync(join(secretsDir, f));
      expect(bytes.includes(Buffer.from(sm4Key))).toBe(false);
      expect(bytes.includes(Buffer.from('cert-pass-123'))).toBe(false);
    }
    expect(JSON.stringify(settings)).not.toContain(sm4Key);
  });

  test('invoices stay with their channel: a sandbox sale never goes to production; one sent to gateway A is settled only at A', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    // Two "production gateways" (sandbox servers on loopback), both knowing the store's certificate and
    // key. Each numbers with its own 开具渠道 digit: behind real gateways the platform numbers globally.
    const { certPath, keyPath, sm4Key, register } = storeCredentials(data.path);
    const gateway = async (appId: string, channelDigit: string) => {
      const dir = tempDir();
      cleanups.push(() => dir.remove());
      const g = await startSandbox({ dataDir: dir.path, port: 0, channelDigit });
      cleanups.push(() => g.close());
      return { ...g, platformPublicKeyHex: await register(g, appId) };
    };
    const [a, b] = await Promise.all([gateway('prod-a', '2'), gateway('prod-b', '3')]);
    const signer = { kind: 'certFile' as const, certPath, keyPath };

    const app = await startApp({
      dataDir: data.path,
      launchSandbox: nodeSandboxLauncher,
      secrets: createEncryptedSecretStore(join(data.path, 'secrets'), testCipher()),
      worker: { probeIntervalMs: 50 },
      autoSync: false,
    });
    cleanups.push(() => app.stop());
    const { handlers, worker } = app.core;
    await app.channelApplied();

    // A sale made in sandbox mode (a test sale), still unsent when the till goes live.
    await handlers.issueInvoice(sampleDraft('SBX-1'));
    await handlers.setChannelSecret({ name: 'signer.certPassword', key: 'cert-pass-123' });
    await handlers.setChannelSecret({ name: 'channel.sm4Key', key: sm4Key });
    const useGateway = async (g: { url: string; platformPublicKeyHex: string }, appId: string) => {
      await handlers.saveSettings({ channel: { mode: 'production', baseUrl: g.url, appId, platformPublicKeyHex: g.platformPublicKeyHex }, signer });
      await app.channelApplied();
    };

    // Gateway A commits PROD-1 and the answer never arrives: its outcome is unknown, and only A knows it.
    await setFaults(a, { timeoutAfterCommit: 1 });
    await useGateway(a, 'prod-a');
    const inDoubt = invoiceEvent(app.core, (i) => i.orderNo === 'PROD-1' && i.status === 'retry');
    await handlers.issueInvoice(sampleDraft('PROD-1'));
    worker.start();
    await inDoubt;
    expect((await sandboxInvoices(a)).map((i) => i.orderNo)).toEqual(['PROD-1']);

    // Gateway B: a new sale goes there, PROD-1 is neither queried nor sent there, SBX-1 goes nowhere.
    await useGateway(b, 'prod-b');
    const prod2 = invoiceEvent(app.core, (i) => i.orderNo === 'PROD-2' && i.status === 'issued');
    await handlers.issueInvoice(sampleDraft('PROD-2'));
    await prod2;
    await worker.whenIdle();
    expect((await sandboxInvoices(b)).map((i) => i.orderNo)).toEqual(['PROD-2']);
    expect((await handlers.getInvoice({ orderNo: 'PROD-1' }))?.status).toBe('retry');
    const held = app.core.queueStatus();
    expect(held.held).toEqual([
      { channel: 'production:prod-a', count: 1 },
      { channel: 'sandbox', count: 1 },
    ]);
    const warning = held.warnings?.find((w) => w.code === 'QUEUE_HELD_OTHER_CHANNEL');
    expect(warning?.message_zh).toContain('生产通道 AppID prod-a 1 张');
    expect(warning?.message_zh).toContain('沙箱 1 张');

    // Back at A: PROD-1 is asked for by order number and accepted with A's number, never issued twice.
    await setFaults(a, { timeoutAfterCommit: 0 });
    const prod1 = invoiceEvent(app.core, (i) => i.orderNo === 'PROD-1' && i.status === 'issued');
    await useGateway(a, 'prod-a');
    const issued = await prod1;
    const atA = await sandboxInvoices(a);
    expect(atA.map((i) => i.orderNo)).toEqual(['PROD-1']);
    expect(issued.number).toBe(atA[0]!.number);
    expect((await sandboxInvoices(b)).map((i) => i.orderNo)).toEqual(['PROD-2']);

    // The test sale was never sent anywhere: the manager cancels it, and nothing is held any more.
    expect((await handlers.getInvoice({ orderNo: 'SBX-1' }))?.status).toBe('queued');
    await handlers.cancelInvoice({ orderNo: 'SBX-1', reason: '沙箱测试' });
    expect(app.core.queueStatus()).toMatchObject({ pending: 0 });
    expect(app.core.queueStatus().held).toBeUndefined();
    expect((await sandboxInvoices(app.sandboxAdmin!)).map((i) => i.orderNo)).toEqual([]);
  });

  test('plain Node refuses to keep a production key, and says why', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const app = await startApp({ dataDir: data.path, launchSandbox: nodeSandboxLauncher });
    cleanups.push(() => app.stop());
    const err = await app.core.handlers.setChannelSecret({ name: 'channel.sm4Key', key: 'abcdef0123456789' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FapiaoError);
    expect((err as FapiaoError).code).toBe('SECRET_STORE_UNAVAILABLE');
    expect((await app.core.handlers.getSettings({})).channel).toMatchObject({ keySet: false, secretStore: 'unavailable' });
  });
});
