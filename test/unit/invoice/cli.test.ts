import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fapiao-calc-'));
// A data folder that must stay absent: calc and taxid are pure.
const home = join(dir, 'never-created');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fapiao(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['electron/cli/fapiao.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, FAPIAO_HOME: home },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

const example = {
  type: 'normal',
  pricesIncludeTax: true,
  orderNo: 'A0001',
  seller: { taxpayerType: 'general' },
  buyer: { name: '张三', naturalPerson: true },
  lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '2', unitPrice: '99.00', rate: '0.13', discount: '10.00' }],
};

describe('fapiao calc', () => {
  it('prints the computed invoice of the issue’s example and exits 0', () => {
    const file = join(dir, 'draft.json');
    writeFileSync(file, JSON.stringify(example));
    const r = fapiao(['calc', file]);
    expect(r.code).toBe(0);
    const out = r.json() as { ok: boolean; invoice: { lines: Array<Record<string, string>>; total: string; totalInWords: string } };
    expect(out.ok).toBe(true);
    expect(out.invoice.lines.map((l) => l.kind)).toEqual(['normal', 'discount']);
    expect(out.invoice.lines[0]!.itemName).toBe('*服装*T恤');
    expect(out.invoice.total).toBe('188.00');
    expect(out.invoice.totalInWords).toBe('壹佰捌拾捌元整');
    expect(existsSync(home)).toBe(false);
  });

  it('reads standard input with -, prints every error and exits 1', () => {
    const bad = { ...example, type: 'special', lines: [{ ...example.lines[0], rate: '0.06' }] };
    const r = fapiao(['calc', '-'], JSON.stringify(bad));
    expect(r.code).toBe(1);
    const out = r.json() as { ok: boolean; errors: Array<{ code: string; path: string; message_zh: string; message_en: string }> };
    expect(out.ok).toBe(false);
    expect(out.errors.map((e) => e.code).sort()).toEqual(['BUYER_TAX_ID_REQUIRED', 'RATE_NOT_ALLOWED', 'SPECIAL_NATURAL_PERSON']);
    expect(out.errors.find((e) => e.code === 'RATE_NOT_ALLOWED')!.path).toBe('lines[0].rate');
  });

  it('reports a draft that breaks the schema as errors with paths (exit 1)', () => {
    const r = fapiao(['calc', '-'], JSON.stringify({ ...example, lines: [{ ...example.lines[0], rate: 13 }] }));
    expect(r.code).toBe(1);
    const out = r.json() as { errors: Array<{ code: string; path: string }> };
    expect(out.errors).toEqual([expect.objectContaining({ code: 'DRAFT_SCHEMA', path: 'lines[0].rate' })]);
  });

  it('applies limits given as options', () => {
    const file = join(dir, 'draft2.json');
    writeFileSync(file, JSON.stringify(example));
    const r = fapiao(['calc', file, '--max-lines', '1']);
    expect(r.code).toBe(1);
    expect((r.json() as { errors: Array<{ code: string }> }).errors.map((e) => e.code)).toEqual(['TOO_MANY_LINES']);
  });

  it('judges rates by the taxpayer type given as an option', () => {
    const small = JSON.stringify({ ...example, lines: [{ ...example.lines[0], rate: '0.03' }] });
    expect(fapiao(['calc', '-'], small).code).toBe(1);
    const r = fapiao(['calc', '-', '--taxpayer-type', 'small'], small);
    expect(r.code).toBe(0);
    // 198.00 gross at 3%: tax 198 × 0.03 / 1.03 = 5.7670 → 5.77; discount 10.00: 0.2913 → 0.29.
    expect((r.json() as { invoice: { totalTax: string } }).invoice.totalTax).toBe('5.48');
  });

  it('exits 2 on usage errors: no input, bad JSON, bad options', () => {
    expect(fapiao(['calc']).code).toBe(2);
    expect(fapiao(['calc', '-'], '{not json').code).toBe(2);
    expect(fapiao(['calc', '-', '--max-lines', 'many'], JSON.stringify(example)).code).toBe(2);
  });

  it('answers a missing draft file as issue does: FILE_NOT_FOUND as JSON, exit 1', () => {
    const r = fapiao(['calc', join(dir, 'missing.json')]);
    expect(r.code).toBe(1);
    expect((r.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('FILE_NOT_FOUND');
  });
});

describe('fapiao taxid', () => {
  it('prints valid/kind/errors and exits 0 for a valid USCC', () => {
    const r = fapiao(['taxid', '91310110666007217T']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ valid: true, kind: 'uscc', errors: [] });
  });

  it('exits 1 and names the wrong position for a bad one', () => {
    const r = fapiao(['taxid', '91350211M00013FA1N']);
    expect(r.code).toBe(1);
    const out = r.json() as { valid: boolean; kind: string; errors: Array<{ code: string; message_en: string }> };
    expect(out.valid).toBe(false);
    expect(out.kind).toBe('uscc');
    expect(out.errors[0]!.code).toBe('TAXID_USCC_CHECK');
    expect(out.errors[0]!.message_en).toContain('position 18');
  });

  it('exits 2 without an ID', () => {
    expect(fapiao(['taxid']).code).toBe(2);
  });
});
