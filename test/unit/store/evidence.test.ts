import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startApp } from '../../../electron/core/bootstrap.ts';
import { createEncryptedSecretStore } from '../../../electron/core/secrets.ts';
import { entryHash, GENESIS_HASH } from '../../../electron/core/store/audit.ts';
import { verifyStore } from '../../../electron/core/store/audit-verify.ts';
import { legacySealed } from '../../../electron/core/store/evidence.ts';
import { migrations } from '../../../electron/core/store/migrations/index.ts';
import { nodeSandboxLauncher } from '../../../electron/sandbox/node-launcher.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { openOfflineCore } from '../../support/core.ts';
import { sampleDraft } from '../../support/drafts.ts';
import { testCipher } from '../../support/secrets.ts';
import { tempDir } from '../../support/tmp.ts';

describe('tamper evidence in core', () => {
  const cleanups = cleanupsAfterEach();

  test('desktop app: the audit key lives in the OS secret store (ciphertext), no key file; a lost key stops issuing', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const secretsDir = join(data.path, 'secrets');
    const app = await startApp({ dataDir: data.path, launchSandbox: nodeSandboxLauncher, autoSync: false, secrets: createEncryptedSecretStore(secretsDir, testCipher()) });
    cleanups.push(() => app.stop());
    expect((await app.core.handlers.issueInvoice(sampleDraft('D-1'))).ok).toBe(true);
    expect(await app.core.handlers.verifyAudit({})).toMatchObject({ ok: true, keyed: true, invoices: 1 });
    expect(existsSync(`${data.path}.keys`)).toBe(false);
    expect(readdirSync(secretsDir)).toContain('audit.key.bin');
    await app.stop();

    // The same data folder where the OS store no longer has that key (another PC, a wiped profile).
    const moved = await startApp({ dataDir: data.path, launchSandbox: nodeSandboxLauncher, autoSync: false, secrets: createEncryptedSecretStore(join(data.path, 'secrets-2'), testCipher()) });
    cleanups.push(() => moved.stop());
    expect(moved.core.queueStatus().blocked).toMatchObject({ code: 'AUDIT_KEY_MISSING' });
    const refused = await moved.core.handlers.issueInvoice(sampleDraft('D-2'));
    expect(refused).toMatchObject({ ok: false, errors: [{ code: 'AUDIT_KEY_MISSING' }] });
    expect(await moved.core.handlers.verifyAudit({})).toMatchObject({ ok: false, problems: [expect.objectContaining({ kind: 'key', code: 'AUDIT_KEY_MISSING' })] });
  });

  test('a store from before migration 7: invoices numbered in order, chain keyed, old invoices sealed in the background; an edit of one is found', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    // Schema 5 with two invoices and their audit entries, as the previous release left them.
    const old = new Database(join(data.path, 'fapiao.db'));
    for (const m of migrations.slice(0, 5)) old.exec(m);
    old.pragma('user_version = 5');
    let prev = GENESIS_HASH;
    for (const [i, orderNo] of ['L-1', 'L-2'].entries()) {
      old.prepare(
        `INSERT INTO invoices (order_no, kind, type, status, buyer_name, draft_json, computed_json, amount_fen, tax_fen, total_fen, created_at, mode)
         VALUES (?, 'blue', 'normal', 'queued', '张三', ?, '{"lines":[],"total":"198.00"}', 17522, 2278, 19800, ?, 'sandbox')`,
      ).run(orderNo, JSON.stringify(sampleDraft(orderNo)), 1_700_000_000_000 + i);
      old.prepare("INSERT INTO invoice_lines (order_no, line_no, kind, item_name, tax_code, quantity, unit_price, amount, rate, tax) VALUES (?, 1, 'normal', 'T恤', '1040201100000000000', '2', '87.61', '175.22', '0.13', '22.78')").run(orderNo);
      const e = { seq: i + 1, at: 1_700_000_000_000 + i, actor: 'cashier', type: 'invoice.queued', subject: orderNo, data_json: '{"total":"198.00","kind":"blue"}', prev_hash: prev };
      prev = entryHash(e);
      old.prepare('INSERT INTO audit (seq, at, actor, type, subject, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(e.seq, e.at, e.actor, e.type, e.subject, e.data_json, e.prev_hash, prev);
    }
    old.close();

    const core = openOfflineCore(data.path);
    cleanups.push(() => core.close());
    expect(core.db.prepare('SELECT order_no, till_seq FROM invoices ORDER BY till_seq').all()).toEqual([
      { order_no: 'L-1', till_seq: 1 },
      { order_no: 'L-2', till_seq: 2 },
    ]);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE type = 'audit.keyed'").get()).toEqual({ n: 1 });
    await legacySealed(core.db);
    const seal = core.db.prepare("SELECT data_json FROM audit WHERE type = 'audit.legacy_sealed'").get() as { data_json: string };
    expect(JSON.parse(seal.data_json)).toMatchObject({ invoices: 2 });
    expect((await core.handlers.issueInvoice(sampleDraft('N-3'))).ok).toBe(true);
    expect(core.db.prepare("SELECT till_seq FROM invoices WHERE order_no = 'N-3'").get()).toEqual({ till_seq: 3 });
    expect(await verifyStore(core.db)).toMatchObject({ ok: true, keyed: true, invoices: 3, legacy: { invoices: 2, sealed: true } });

    core.db.exec('DROP TRIGGER invoices_content_frozen');
    core.db.prepare("UPDATE invoices SET buyer_name = '李四' WHERE order_no = 'L-1'").run();
    expect((await verifyStore(core.db)).problems).toContainEqual(expect.objectContaining({ kind: 'invoice', reason: expect.stringContaining('before the chain was keyed') }));
  });

  test('the high-water file follows the database after each sale and holds nothing secret', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = openOfflineCore(data.path);
    for (const o of ['H-1', 'H-2']) expect((await core.handlers.issueInvoice(sampleDraft(o))).ok).toBe(true);
    await core.close();
    const mark = JSON.parse(readFileSync(join(data.path, 'fapiao.highwater'), 'utf8')) as Record<string, unknown>;
    const db = new Database(join(data.path, 'fapiao.db'), { readonly: true });
    cleanups.push(() => void db.close());
    const head = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    expect(mark).toMatchObject({ seq: 2, auditSeq: head.seq, head: head.hash });
    expect(Object.keys(mark).sort()).toEqual(['at', 'auditSeq', 'head', 'keyId', 'seq']);
    const key = readFileSync(`${data.path}.keys/audit.key`, 'utf8').trim();
    expect(JSON.stringify(mark)).not.toContain(key);
  });

  test('a database put back behind its mark: STORE_ROLLED_BACK until the manager accepts it with a reason, on the record', async () => {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const db = join(data.path, 'fapiao.db');
    let core = openOfflineCore(data.path);
    expect((await core.handlers.issueInvoice(sampleDraft('P-1'))).ok).toBe(true);
    await core.close();
    copyFileSync(db, join(data.path, 'older.db'));
    core = openOfflineCore(data.path);
    expect((await core.handlers.issueInvoice(sampleDraft('P-2'))).ok).toBe(true);
    await core.close();
    for (const ext of ['-wal', '-shm']) rmSync(db + ext, { force: true });
    copyFileSync(join(data.path, 'older.db'), db);

    core = openOfflineCore(data.path);
    const running = core;
    cleanups.push(() => running.close());
    expect(core.queueStatus().blocked).toMatchObject({ code: 'STORE_ROLLED_BACK' });
    expect(await core.handlers.issueInvoice(sampleDraft('P-3'))).toMatchObject({ ok: false, errors: [{ code: 'STORE_ROLLED_BACK' }] });
    const status = await core.handlers.acceptStoreRollback({ reason: '断电后 WAL 丢失，P-2 已在平台' });
    expect(status.blocked).toBeUndefined();
    expect((await core.handlers.issueInvoice(sampleDraft('P-3'))).ok).toBe(true);
    expect(core.db.prepare("SELECT till_seq FROM invoices WHERE order_no = 'P-3'").get()).toEqual({ till_seq: 3 });
    const entry = core.db.prepare("SELECT actor, data_json FROM audit WHERE type = 'store.rollback_accepted'").get() as { actor: string; data_json: string };
    expect(JSON.parse(entry.data_json)).toMatchObject({ gap: { from: 2, to: 2 }, reason: '断电后 WAL 丢失，P-2 已在平台' });
    expect(await verifyStore(core.db)).toMatchObject({ ok: true });
  });
});
