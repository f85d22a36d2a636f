import { randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { UKeyEmulator } from '../../native/emulator/ukey-emulator.ts';
import { sm4CbcEncrypt } from '../../electron/core/signer/gm/sm4.ts';
import { createSoftSigner, generateSoftKey, verifySm2 } from '../../electron/core/signer/soft-signer.ts';
import { createUKeySigner } from '../../electron/core/signer/ukey-signer.ts';
import { percentile, sample } from './stats.ts';

/**
 * Signing throughput of the production path (pure JS, as in Electron): SM2 sign/verify with the soft key,
 * SM4-CBC over 1 MiB, and a UKey signature through the emulator, the HID framing and the host-side check.
 * sm-crypto's signature is measured alongside as the baseline the fast path replaced.
 */
export async function run(): Promise<Record<string, number>> {
  const key = generateSoftKey();
  const signer = createSoftSigner(key);
  const messages = Array.from({ length: 400 }, () => randomBytes(256));
  await sample(50, (i) => signer.sign(messages[i]!)); // warm-up: builds the base-point table, JIT

  const signs = await sample(400, (i) => signer.sign(messages[i]!));
  const sigs = await Promise.all(messages.map((m) => signer.sign(m)));
  const verifies = await sample(400, (i) => {
    if (!verifySm2(messages[i]!, sigs[i]!, key.publicKeyHex)) throw new Error('verify failed');
  });

  const smc = await sample(20, (i) => smCrypto.sm2.doSignature(Array.from(messages[i]!), key.privateKeyHex, { hash: true, publicKey: key.publicKeyHex }));

  const mb = randomBytes(1 << 20);
  const sm4Key = randomBytes(16);
  const iv = randomBytes(16);
  sm4CbcEncrypt(mb, sm4Key, iv);
  const sm4 = await sample(7, () => sm4CbcEncrypt(mb, sm4Key, iv));

  const emu = new UKeyEmulator();
  const ukey = createUKeySigner({ loadHid: emu.loader, sellerTaxId: '91310115591693856A' });
  await ukey.unlock('123456');
  await sample(20, (i) => ukey.sign(messages[i]!));
  const roundtrips = await sample(200, (i) => ukey.sign(messages[i]!));
  await ukey.close();

  return {
    sm2_sign_p50_ms: percentile(signs, 50),
    sm2_sign_p99_ms: percentile(signs, 99),
    sm2_verify_p50_ms: percentile(verifies, 50),
    sm_crypto_sign_p50_ms: percentile(smc, 50),
    sm4_encrypt_1mb_ms: percentile(sm4, 50),
    ukey_sign_roundtrip_p50_ms: percentile(roundtrips, 50),
  };
}
