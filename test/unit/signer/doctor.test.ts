import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSoftKey } from '../../../electron/core/signer/soft-signer.ts';
import { encryptedKeyPem, generateTestCertificate } from '../../../electron/core/signer/test-certificate.ts';

const CLI = join(import.meta.dirname, '../../../electron/cli/fapiao.ts');
const TAX_ID = '91310115591693856A';

function doctor(dataDir: string, args: string[], input?: string): { code: number; out: Record<string, unknown>; raw: string } {
  let raw: string;
  let code = 0;
  try {
    raw = execFileSync(process.execPath, [CLI, '--data', dataDir, 'doctor', ...args], { encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { status: number; stdout: string };
    raw = e.stdout;
    code = e.status;
  }
  return { code, out: JSON.parse(raw) as Record<string, unknown>, raw };
}

describe('fapiao doctor', () => {
  it('--emulate reports the key over the whole HID path: source, subject, taxpayer ID, expiry, PIN tries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const { code, out } = doctor(dir, ['--emulate']);
    expect(code).toBe(0);
    expect(out.ok).toBe(true);
    expect(out.signer).toMatchObject({ source: 'ukey', present: true, taxpayerId: TAX_ID, pinRetriesLeft: 6, selfTest: 'ok', problems: [] });
    expect((out.signer as { notAfter: string }).notAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(out.taxCodes).toMatchObject({ codes: 4236 });
    expect(out.dataDir).toMatchObject({ exists: true, writable: true });
  });

  it('reports the sandbox key without its private key or the SM4 key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const key = generateSoftKey();
    const sm4KeyHex = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    writeFileSync(join(dir, 'sandbox-credentials.json'), JSON.stringify({ appId: 'sandbox-1', sm4KeyHex, ...key }));
    const { out, raw } = doctor(dir, []);
    expect(out.signer).toMatchObject({ source: 'soft', selfTest: 'ok' });
    expect(raw).not.toContain(key.privateKeyHex);
    expect(raw).not.toContain(sm4KeyHex);
  });

  it('checks a certificate file with the password from stdin, refuses another store’s, never prints the password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const cert = generateTestCertificate({ taxpayerId: '91350100M000100Y43' });
    const password = 'Pa55-口令-doctor';
    writeFileSync(join(dir, 'c.pem'), cert.certPem);
    writeFileSync(join(dir, 'k.pem'), encryptedKeyPem(cert, password));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ seller: { name: '本店', taxId: TAX_ID, taxpayerType: 'general' } }));
    const args = ['--cert', join(dir, 'c.pem'), '--key', join(dir, 'k.pem'), '--password-stdin'];
    const { code, out, raw } = doctor(dir, args, `${password}\n`);
    expect(code).toBe(1);
    expect(out.signer).toMatchObject({ source: 'certificate-file', taxpayerId: '91350100M000100Y43', matchesSeller: false, selfTest: 'failed' });
    expect(JSON.stringify(out.signer)).toContain('SIGNER_CERT_TAXID_MISMATCH');
    expect(raw).not.toContain(password);
    expect(raw).not.toContain(cert.privateKeyHex);
    const wrong = doctor(dir, args, 'not-the-password\n');
    expect(wrong.code).toBe(1);
    expect(JSON.stringify(wrong.out.signer)).toContain('SIGNER_KEY_PASSWORD_WRONG');
    expect(wrong.raw).not.toContain('not-the-password');
  });
});
