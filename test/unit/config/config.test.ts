import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FapiaoError } from '../../../electron/contract/index.ts';
import { ConfigError, loadConfig } from '../../../electron/core/config.ts';

const root = mkdtempSync(join(tmpdir(), 'fapiao-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const SELLER = { name: '本店', taxId: '91310115591693856A', taxpayerType: 'general' };

/** Writes config.json in a fresh data folder and loads it: the config and the warnings, or the ConfigError. */
function load(config: unknown): { config?: ReturnType<typeof loadConfig>; error?: ConfigError; warnings: string[]; file: string } {
  const dir = join(root, `d${n++}`);
  const warnings: string[] = [];
  const file = join(dir, 'config.json');
  try {
    loadConfig(dir); // first run: writes the defaults
    writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
    return { config: loadConfig(dir, (m) => warnings.push(m)), warnings, file };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { error: err, warnings, file };
  }
}

describe('config.json is validated at load (loadConfig)', () => {
  it('the defaults written on first run load again', () => {
    const r = load({});
    expect(r.error).toBeUndefined();
    expect(r.config!.seller.taxId).toBe('91310115591693856A');
    expect(r.warnings).toEqual([]);
  });

  it('limits.maxInvoiceTotal must be a positive amount string with at most 2 decimals, named with the file', () => {
    const r = load({ limits: { maxInvoiceTotal: 'abc' } });
    expect(r.error).toBeInstanceOf(FapiaoError);
    expect(r.error!.errors).toEqual([
      {
        code: 'CONFIG_INVALID',
        path: 'limits.maxInvoiceTotal',
        message_zh: `设置文件 ${r.file} 中的 limits.maxInvoiceTotal（单张发票限额）有误：须为大于 0 的金额，最多 2 位小数，写成带引号的字符串，如 "100000.00"；现为 "abc"`,
        message_en: `Settings file ${r.file}: limits.maxInvoiceTotal must be an amount above 0 with at most 2 decimals, written as a string such as "100000.00"; it is "abc"`,
      },
    ]);
    // What the app shows when it cannot start: both languages, no DecimalError.
    expect(r.error!.message).toContain('单张发票限额');
    expect(r.error!.message).toContain('Settings file');
    expect(r.error!.message).not.toContain('DecimalError');
    for (const bad of ['0', '0.00', '-5', '1.234', '1e5', 'Infinity', 100000])
      expect(load({ limits: { maxInvoiceTotal: bad } }).error?.errors.map((e) => e.path), String(bad)).toEqual(['limits.maxInvoiceTotal']);
    for (const good of ['100000.00', '5000', '0.01']) expect(load({ limits: { maxInvoiceTotal: good } }).config?.limits.maxInvoiceTotal).toBe(good);
  });

  it('the seller name, address and phone go on every invoice: the invoice text limits apply here too', () => {
    for (const [field, bad] of [['name', 'x'.repeat(10_000)], ['name', '本\u202E店'], ['address', 'a\nb'], ['phone', '1\ud800']] as const) {
      const r = load({ seller: { ...SELLER, [field]: bad } });
      expect(r.error?.errors.map((e) => e.path), `${field} ${bad.slice(0, 8)}`).toEqual([`seller.${field}`]);
    }
  });

  it('a seller tax ID with a wrong length or character is refused; every problem at once', () => {
    const r = load({ seller: { ...SELLER, taxId: '9131011559169' }, limits: { maxInvoiceTotal: '1.234' } });
    expect(r.error!.errors.map((e) => [e.code, e.path])).toEqual([
      ['CONFIG_INVALID', 'seller.taxId'],
      ['CONFIG_INVALID', 'limits.maxInvoiceTotal'],
    ]);
    expect(r.error!.errors[0]!.message_zh).toBe(`设置文件 ${r.file} 中的 seller.taxId（销售方纳税人识别号）有误：销售方纳税人识别号应为15、17、18或20位，现在是13位；现为 "9131011559169"`);
    // An I (not in the GB 32100 charset) at position 3.
    const char = load({ seller: { ...SELLER, taxId: '91I10115591693856A' } });
    expect(char.error!.errors.map((e) => e.path)).toEqual(['seller.taxId']);
    expect(char.error!.errors[0]!.message_zh).toContain('第3位“I”无效');
  });

  it('a seller tax ID failing only its checksum (legal early pilot codes do) loads, with a warning', () => {
    const r = load({ seller: { ...SELLER, taxId: '91350100M0001TGQXM' } });
    expect(r.error).toBeUndefined();
    expect(r.config!.seller.taxId).toBe('91350100M0001TGQXM');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^TAXID_USCC_CHECK: 设置文件 .*config\.json：销售方纳税人识别号第18位/);
  });

  it('an empty seller tax ID is still accepted (a till not yet provisioned), as before', () => {
    expect(load({ seller: { ...SELLER, taxId: '' } }).config?.seller.taxId).toBe('');
  });

  it('other fields and broken JSON are reported the same way, in Chinese', () => {
    const mode = load({ channelMode: 'live' });
    expect(mode.error!.errors).toEqual([expect.objectContaining({ code: 'CONFIG_INVALID', path: 'channelMode' })]);
    expect(mode.error!.errors[0]!.message_zh).toContain('取值无效，可选："sandbox"、"production"');
    const json = load('{ "seller": ');
    expect(json.error!.errors).toEqual([expect.objectContaining({ code: 'CONFIG_INVALID' })]);
    expect(json.error!.errors[0]!.message_zh).toContain(`设置文件 ${json.file} 不是有效的 JSON`);
  });
});
