import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';

const CLI = 'electron/cli/fapiao.ts';
const data = tempDir();
afterAll(() => data.remove());

function fapiao(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, '--data', data.path, ...args], { encoding: 'utf8', input, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('fapiao CLI', () => {
  test('usage errors exit 2', () => {
    expect(fapiao([]).code).toBe(2);
    expect(fapiao(['no-such-command']).code).toBe(2);
    expect(fapiao(['issue', '-'], 'not json').code).toBe(2);
  });

  test('issue from stdin queues it, the same order twice gives one invoice, sync issues it', () => {
    const draft = JSON.stringify(sampleDraft('CLI-1'));
    const first = fapiao(['issue', '-'], draft);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ ok: true, duplicate: false, invoice: { status: 'queued', orderNo: 'CLI-1' } });
    const file = `${data.path}/draft.json`;
    writeFileSync(file, draft);
    expect(JSON.parse(fapiao(['issue', file]).out)).toMatchObject({ ok: true, duplicate: true });

    expect(JSON.parse(fapiao(['queue']).out)).toMatchObject({ pending: 1, items: [{ orderNo: 'CLI-1' }] });
    const synced = fapiao(['sync']);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.out)).toMatchObject({ pending: 0 });
    expect(JSON.parse(fapiao(['queue']).out)).toMatchObject({ pending: 0, items: [] });
  });

  test('an invalid draft exits 1 with every error and stores nothing', () => {
    const bad = sampleDraft('CLI-2', { lines: [{ name: '', taxCode: '12', quantity: '1', unitPrice: '1', rate: '0.13' }] });
    const r = fapiao(['issue', '-'], JSON.stringify(bad));
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.out) as { errors: Array<{ code: string }> }).errors.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['LINE_NAME_REQUIRED', 'TAX_CODE_FORMAT']));
    expect(JSON.parse(fapiao(['queue']).out)).toMatchObject({ pending: 0 });
  });
});
