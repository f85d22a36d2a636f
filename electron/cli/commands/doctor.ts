import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppConfigSchema, type AppConfig } from '../../core/config.ts';
import { taxCodeTable } from '../../core/invoice/taxcodes.ts';
import { createCertificateFileSigner } from '../../core/signer/file-signer.ts';
import { SignerError } from '../../core/signer/errors.ts';
import { signerReport, type SignerReport } from '../../core/signer/report.ts';
import { createSoftSigner } from '../../core/signer/soft-signer.ts';
import type { Signer } from '../../core/signer/signer.ts';
import { createUKeySigner } from '../../core/signer/ukey-signer.ts';
import { inspectStore } from '../../core/store/inspect.ts';
import { EXIT, UsageError, printJson, type Command } from '../io.ts';

/**
 * `fapiao doctor`: what store IT needs to see, and nothing secret. Read-only: it creates no config, opens
 * the database read-only (no migration, no write), never sends a PIN to a real key (the tries left are
 * shown instead). `ok: false` with `reasons` (codes) when anything is wrong.
 */
export const doctorCommand: Command = {
  summary: 'check the store (read-only: integrity, schema, audit head, high-water mark, backups, disk), the signing key and tax-code table; shows no secret',
  usage: 'fapiao doctor [--ukey | --emulate | --cert FILE --key FILE [--password-stdin]]; exit 0 healthy, 1 problems',
  async run({ args, dataDir }) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { ukey: { type: 'boolean' }, emulate: { type: 'boolean' }, cert: { type: 'string' }, key: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');

    const data = dataFolder(dataDir);
    const config = data.config;
    const sellerTaxId = config?.seller.taxId;
    let signer: { report: SignerReport | null; error?: unknown } = { report: null };
    try {
      signer = { report: await reportSigner(values, dataDir, sellerTaxId) };
    } catch (err) {
      if (!(err instanceof SignerError)) throw err;
      signer = { report: null, error: err.errors };
    }
    const taxCodes = taxCodeFacts();
    // The store, read-only (store/inspect.ts): integrity, schema, chain head, high-water mark, backups, disk.
    const store = inspectStore(join(dataDir, 'fapiao.db'), Date.now());
    const signerOk =
      signer.error === undefined &&
      (signer.report === null || (signer.report.problems.filter((p) => p.code !== 'SIGNER_CERT_EXPIRING').length === 0 && signer.report.selfTest !== 'failed'));
    const reasons = [
      ...(data.writable ? [] : ['DATA_DIR_NOT_WRITABLE']),
      ...('error' in taxCodes ? ['TAX_CODES_UNREADABLE'] : []),
      ...(signerOk ? [] : ['SIGNER']),
      ...store.problems.map((p) => p.code),
    ];
    const ok = reasons.length === 0;
    const { config: _config, ...dataFacts } = data;
    printJson({
      ok,
      reasons,
      dataDir: dataFacts,
      store,
      seller: config ? { name: config.seller.name, taxId: config.seller.taxId, channelMode: config.channelMode } : null,
      taxCodes,
      signer: signer.report ?? { configured: false, errors: signer.error ?? [] },
    });
    return ok ? EXIT.ok : EXIT.failed;
  },
};

async function reportSigner(
  v: { ukey?: boolean | undefined; emulate?: boolean | undefined; cert?: string | undefined; key?: string | undefined; 'password-stdin'?: boolean | undefined },
  dataDir: string,
  sellerTaxId: string | undefined,
): Promise<SignerReport | null> {
  const seller = sellerTaxId === undefined ? {} : { sellerTaxId };
  if (v.emulate) {
    const { UKeyEmulator } = await import('../../../native/emulator/ukey-emulator.ts');
    const emu = new UKeyEmulator({ taxpayerId: sellerTaxId ?? '91310115591693856A' });
    const ukey = createUKeySigner({ loadHid: emu.loader, ...seller });
    try {
      // The emulator's test PIN, so the self-test exercises the whole HID path; a real key never gets one here.
      await ukey.unlock('123456');
      return await signerReport(ukey, seller);
    } finally {
      await ukey.close();
    }
  }
  if (v.ukey) {
    const ukey = createUKeySigner(seller);
    try {
      return await signerReport(ukey, seller);
    } finally {
      await ukey.close();
    }
  }
  if (v.cert !== undefined && v.key !== undefined) {
    const password = v['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : undefined;
    const s: Signer = createCertificateFileSigner({ certificate: v.cert, privateKey: v.key, ...(password === undefined ? {} : { password }), ...seller });
    return signerReport(s, seller);
  }
  const credsFile = join(dataDir, 'sandbox-credentials.json');
  if (!existsSync(credsFile)) return null;
  const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as { privateKeyHex: string; publicKeyHex: string };
  return signerReport(createSoftSigner(creds, sellerTaxId), seller);
}

function dataFolder(dir: string): { path: string; exists: boolean; writable: boolean; configFile: boolean; database: { file: string; bytes: number } | null; config: AppConfig | null } {
  const exists = existsSync(dir);
  let writable = false;
  if (exists) {
    try {
      accessSync(dir, constants.W_OK);
      writable = true;
    } catch {
      writable = false;
    }
  }
  const configPath = join(dir, 'config.json');
  let config: AppConfig | null = null;
  if (existsSync(configPath)) {
    try {
      config = AppConfigSchema.parse(JSON.parse(readFileSync(configPath, 'utf8')));
    } catch {
      config = null;
    }
  }
  const db = join(dir, 'fapiao.db');
  return { path: dir, exists, writable, configFile: existsSync(configPath), database: existsSync(db) ? { file: db, bytes: statSync(db).size } : null, config };
}

function taxCodeFacts(): { version: string; effectiveDate: string; codes: number } | { error: string } {
  try {
    const t = taxCodeTable();
    return { version: t.version, effectiveDate: t.effectiveDate, codes: t.codes.size };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
