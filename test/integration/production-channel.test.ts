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
import { sampleDraft } from '../support/drafts.ts';
import { invoiceEvent } from '../support/events.ts';
import { sandboxInvoices } from '../support/sandbox.ts';
import { tempDir } from '../support/tmp.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';

describe('switching a till from the sandbox to a production channel', () => {
  const cleanups = cleanupsAfterEach();

  test('URL, AppID, CA certificate and key from the settings, secrets only encrypted: invoices go to the new channel', async () => {
    const data = tempDir();
    const gatewayDir = tempDir();
    cleanups.push(() => data.remove(), () => gatewayDir.remove());
    // The "production gateway" is a second sandbox process with its own database, on loopback.
    const gateway = await nodeSandboxLauncher(gatewayDir.path, 0);
    cleanups.push(() => gateway.stop());
    const cert = generateTestCertificate({ taxpayerId: '91310115591693856A' });
    const certPath = join(data.path, 'store.crt');
    const keyPath = join(data.path, 'store.key');
    writeFileSync(certPath, cert.certPem);
    writeFileSync(keyPath, encryptedKeyPem(cert, 'cert-pass-123'));
    const sm4Key = randomBytes(16).toString('hex');
    const registered = await fetch(`${gateway.url}/v1/sandbox/apps/prod-app`, {
      method: 'PUT',
      body: JSON.stringify({ publicKeyHex: cert.publicKeyHex, sm4KeyHex: sm4Key }),
    });
    expect(registered.ok).toBe(true);

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
      channel: { mode: 'production', baseUrl: gateway.url, appId: 'prod-app' },
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

    expect((await sandboxInvoices(gateway.url)).map((i) => i.orderNo)).toEqual(['PROD-1']);
    expect((await sandboxInvoices(app.sandboxUrl!)).map((i) => i.orderNo)).toEqual([]);
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
