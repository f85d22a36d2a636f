import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { FapiaoError } from '../../../electron/contract/index.ts';
import { ConfigError, loadConfig } from '../../../electron/core/config.ts';
import type { Core } from '../../../electron/core/core.ts';
import { buildProductionChannel } from '../../../electron/core/channel/production.ts';
import { createEncryptedSecretStore } from '../../../electron/core/secrets.ts';
import { generateSoftKey } from '../../../electron/core/signer/soft-signer.ts';
import { openOfflineCore } from '../../support/core.ts';
import { testCipher } from '../../support/secrets.ts';
import { tempDir } from '../../support/tmp.ts';

const codes = (err: unknown): string[] => (err instanceof FapiaoError ? err.errors.map((e) => e.code) : [String(err)]);

describe('production channel URLs are https (loopback exempt)', () => {
  let data = tempDir();
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
    data.remove();
    data = tempDir();
  });
  afterAll(() => data.remove());

  test('saveSettings refuses an http:// gateway with CHANNEL_URL_INSECURE, in zh and en, and stores nothing', async () => {
    core = openOfflineCore(data.path);
    const refused = await core.handlers.saveSettings({ channel: { mode: 'production', baseUrl: 'http://gateway.example.com/api', appId: 'a1' } }).catch((e: unknown) => e);
    expect(codes(refused)).toEqual(['CHANNEL_URL_INSECURE']);
    expect((refused as FapiaoError).errors[0]).toMatchObject({ path: 'channel.baseUrl', message_zh: expect.stringContaining('https://') });
    expect((await core.handlers.getSettings({})).channel).toMatchObject({ mode: 'sandbox' });
    expect((await core.handlers.getSettings({})).channel.baseUrl).toBeUndefined();

    // A name that only starts like loopback is not loopback.
    for (const url of ['http://127.0.0.1.evil.example/', 'ftp://gateway.example.com/', 'http://10.0.0.8:8080/'])
      expect(codes(await core.handlers.saveSettings({ channel: { baseUrl: url } }).catch((e: unknown) => e))).toEqual(['CHANNEL_URL_INSECURE']);
    expect(codes(await core.handlers.saveSettings({ channel: { baseUrl: 'not a url' } }).catch((e: unknown) => e))).toEqual(['CHANNEL_URL_INVALID']);

    for (const url of ['https://gateway.example.com/api', 'http://127.0.0.1:9000', 'http://127.8.9.10/', 'http://localhost:8080', 'http://[::1]:8080/'])
      expect((await core.handlers.saveSettings({ channel: { baseUrl: url } })).channel.baseUrl).toBe(url);
  });

  test('config.json with an http:// gateway is refused at load with CHANNEL_URL_INSECURE naming the file and field', () => {
    writeFileSync(join(data.path, 'config.json'), JSON.stringify({ channelMode: 'production', channel: { baseUrl: 'http://gateway.example.com', appId: 'a1' } }));
    let err: unknown;
    try {
      loadConfig(data.path, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).errors).toMatchObject([{ code: 'CHANNEL_URL_INSECURE', path: 'channel.baseUrl', message_zh: expect.stringContaining('config.json') }]);
    writeFileSync(join(data.path, 'config.json'), JSON.stringify({ channel: { baseUrl: 'https://gateway.example.com' } }));
    expect(loadConfig(data.path, () => undefined).channel.baseUrl).toBe('https://gateway.example.com');
  });

  test('a production channel needs the gateway\'s reply key, and never goes out over plain http even if stored before the rule', async () => {
    const secrets = createEncryptedSecretStore(join(data.path, 'secrets'), testCipher());
    await secrets.set('channel.sm4Key', '0'.repeat(32));
    const signer = { kind: 'certFile' as const, certPath: '/nonexistent.crt', keyPath: '/nonexistent.key' };
    const noKey = await buildProductionChannel({ baseUrl: 'https://gateway.example.com', appId: 'a1', signer }, secrets, '91310115591693856A');
    expect(noKey.channel.unusableReason?.()).toContain('platformPublicKeyHex');
    const plain = await buildProductionChannel(
      { baseUrl: 'http://gateway.example.com', appId: 'a1', platformPublicKeyHex: generateSoftKey().publicKeyHex, signer },
      secrets,
      '91310115591693856A',
    );
    expect(plain.channel.unusableReason?.()).toContain('https://');
  });
});
