import type { Settings } from '../../contract/calls-settings.ts';
import type { SecretStore } from '../secrets.ts';
import { createCertificateFileSigner } from '../signer/file-signer.ts';
import type { Signer } from '../signer/signer.ts';
import { createUKeySigner } from '../signer/ukey-signer.ts';
import { createHttpChannel, type TaxChannel } from './client.ts';
import { unconfiguredChannel } from './switchable.ts';
import { channelUrlProblem } from './url-policy.ts';

export interface ProductionChannelSettings {
  baseUrl?: string | undefined;
  appId?: string | undefined;
  platformPublicKeyHex?: string | undefined;
  signer: Settings['signer'];
}

/**
 * The channel a production till uses: the gateway's URL and AppID from the settings, the SM4 key from the
 * secret store, and the store's key (UKey or CA certificate file). Anything missing gives a channel that
 * keeps invoices queued and says what is missing; the till still issues offline.
 */
export async function buildProductionChannel(
  s: ProductionChannelSettings,
  secrets: SecretStore,
  sellerTaxId: string,
): Promise<{ channel: TaxChannel; signer?: Signer; close(): void }> {
  const missing = (why: string) => ({ channel: unconfiguredChannel(why), close: () => undefined });
  if (!s.baseUrl || !s.appId) return missing('生产通道未配置：缺少通道地址或 AppID (production channel URL or AppID missing)');
  // Stored before this rule, or written into the database by hand: still never used in the clear.
  const insecure = channelUrlProblem(s.baseUrl);
  if (insecure) return missing(`${insecure.message_zh} (${insecure.message_en})`);
  if (!s.platformPublicKeyHex)
    return missing('生产通道未配置：缺少通道回复签名公钥 channel.platformPublicKeyHex (the gateway\'s reply key is not set)');
  const sm4KeyHex = await secrets.get('channel.sm4Key');
  if (!sm4KeyHex) return missing('生产通道未配置：缺少通道密钥 (channel key not set)');

  let signer: Signer;
  let close = (): void => undefined;
  try {
    if (s.signer.kind === 'certFile') {
      if (!s.signer.certPath || !s.signer.keyPath) return missing('未配置 CA 证书文件 (certificate or key file not set)');
      const password = await secrets.get('signer.certPassword');
      signer = createCertificateFileSigner({
        certificate: s.signer.certPath,
        privateKey: s.signer.keyPath,
        sellerTaxId,
        ...(password === undefined ? {} : { password }),
      });
    } else if (s.signer.kind === 'ukey') {
      // The PIN is asked in the UI and sent to the key; until then signing fails with SIGNER_PIN_REQUIRED
      // and invoices wait in the queue.
      const ukey = createUKeySigner({ sellerTaxId }).start();
      signer = ukey;
      close = () => void ukey.close();
    } else {
      return missing('生产模式需要税务 UKey 或 CA 证书，不能使用沙箱测试密钥 (production needs a UKey or a CA certificate)');
    }
  } catch (err) {
    return missing(`签名密钥不可用：${err instanceof Error ? err.message : String(err)}`);
  }
  return { channel: createHttpChannel({ baseUrl: s.baseUrl, appId: s.appId, sm4KeyHex, replyKeyHex: s.platformPublicKeyHex }, signer), signer, close };
}
