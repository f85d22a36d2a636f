import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { setAside } from '../../../electron/core/outbox/queue.ts';
import { openOfflineCore } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { tempDir } from '../../support/tmp.ts';

const CLI = 'electron/cli/fapiao.ts';
const data = tempDir();
afterAll(() => data.remove());

function fapiao(args: string[], input?: string, dataDir = data.path) {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, ...args], { encoding: 'utf8', input, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (out: string) => JSON.parse(out) as { ok: boolean; errors?: Array<{ code: string; path?: string }>; duplicate?: boolean };

describe('fapiao CLI: bad input answered as JSON with an exit code', () => {
  test('calc and issue answer a schema-invalid draft the same way: exit 1, JSON errors with paths', () => {
    const bad = JSON.stringify({ orderNo: 'CLI-S1', buyer: { name: 'a\u202Eb' }, lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '1e3', unitPrice: '1', rate: '0.13' }] });
    const calc = fapiao(['calc', '-'], bad);
    const issue = fapiao(['issue', '-'], bad);
    expect(calc.code).toBe(1);
    expect(issue.code).toBe(1);
    expect(json(issue.out)).toEqual(json(calc.out));
    expect(json(issue.out).errors!.map((e) => [e.code, e.path])).toEqual([
      ['TEXT_INVALID_CHAR', 'buyer.name'],
      ['DRAFT_SCHEMA', 'lines[0].quantity'],
    ]);
    expect(issue.err).not.toMatch(/at .*\.ts:\d+/);
  });

  test('a UTF-8 byte order mark before the JSON is accepted (Windows Notepad writes one)', () => {
    const file = `${data.path}/bom.json`;
    writeFileSync(file, `\uFEFF${JSON.stringify(sampleDraft('CLI-BOM'))}`, 'utf8');
    expect(fapiao(['calc', file]).code).toBe(0);
    const issued = fapiao(['issue', file]);
    expect(issued.code).toBe(0);
    expect(json(issued.out)).toMatchObject({ ok: true, duplicate: false });
  });

  test('the same order number with other content: ORDER_NO_CONFLICT, exit 1; the same draft again: exit 0', () => {
    expect(fapiao(['issue', '-'], JSON.stringify(sampleDraft('CLI-C1'))).code).toBe(0);
    expect(json(fapiao(['issue', '-'], JSON.stringify(sampleDraft('CLI-C1'))).out)).toMatchObject({ ok: true, duplicate: true });
    const other = fapiao(['issue', '-'], JSON.stringify(sampleDraft('CLI-C1', { remark: '另一张' })));
    expect(other.code).toBe(1);
    expect(json(other.out).errors!.map((e) => e.code)).toEqual(['ORDER_NO_CONFLICT']);
  });

  test('a total above the confirmation threshold needs --confirm', () => {
    const big = JSON.stringify(sampleDraft('CLI-BIG', { lines: [{ name: 'T恤', taxCode: '1040201100000000000', quantity: '200', unitPrice: '99.00', rate: '0.13' }] }));
    const asked = fapiao(['issue', '-'], big);
    expect(asked.code).toBe(1);
    expect(json(asked.out).errors!.map((e) => e.code)).toEqual(['AMOUNT_NEEDS_CONFIRM']);
    expect(fapiao(['issue', '-', '--confirm'], big).code).toBe(0);
  });

  test('sandbox on a port in use: PORT_IN_USE as JSON, exit 1, no stack trace', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const r = fapiao(['sandbox', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(json(r.out).errors!.map((e) => e.code)).toEqual(['PORT_IN_USE']);
      expect(r.out + r.err).not.toMatch(/\n\s+at /);
    } finally {
      server.close();
    }
  });

  test('restore of a file that is not there and backup into an unusable folder: JSON errors, exit 1, no stack trace', () => {
    const restore = fapiao(['restore', `${data.path}/no-such-backup.db`]);
    expect(restore.code).toBe(1);
    expect(json(restore.out).ok).toBe(false);
    expect(json(restore.out).errors![0]!.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(restore.out + restore.err).not.toMatch(/\n\s+at /);

    const empty = tempDir();
    const none = fapiao(['restore', '--latest'], undefined, empty.path);
    empty.remove();
    expect(none.code).toBe(1);
    expect(json(none.out).errors!.map((e) => e.code)).toEqual(['NO_BACKUP']);

    const notAFolder = `${data.path}/plain-file`;
    writeFileSync(notAFolder, 'x');
    const backup = fapiao(['backup'], undefined, notAFolder);
    expect(backup.code).toBe(1);
    expect(json(backup.out).ok).toBe(false);
    expect(backup.out + backup.err).not.toMatch(/\n\s+at /);
  });

  test('fapiao queue shows a set-aside invoice with its reason; --retry sends it again', async () => {
    const dir = tempDir();
    try {
      const core = openOfflineCore(dir.path);
      expect((await core.handlers.issueInvoice(sampleDraft('CLI-A1'))).ok).toBe(true);
      setAside(core.db, 'CLI-A1', 'TOO_LARGE test', Date.now());
      await core.close();
      const shown = fapiao(['queue'], undefined, dir.path);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.out)).toMatchObject({ pending: 1, setAside: 1, items: [{ orderNo: 'CLI-A1', setAside: { reason: 'TOO_LARGE test' } }] });
      const retried = fapiao(['queue', '--retry', 'CLI-A1'], undefined, dir.path);
      expect(retried.code).toBe(0);
      expect(JSON.parse(retried.out).setAside ?? 0).toBe(0);
      const unknown = fapiao(['queue', '--retry', 'CLI-A1'], undefined, dir.path);
      expect(unknown.code).toBe(1);
      expect(json(unknown.out).errors!.map((e) => e.code)).toEqual(['NOT_SET_ASIDE']);
    } finally {
      dir.remove();
    }
  });
});
