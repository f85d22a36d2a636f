import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { entryHash, GENESIS_HASH, type AuditEntry } from '../../electron/core/store/audit.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';

/**
 * Tamper evidence (issue #12 §2), through the CLI on real SQLite files: what someone with the database
 * file and sqlite3 can do, and what `fapiao audit verify` and the till's start then say.
 */
const CLI = 'electron/cli/fapiao.ts';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

interface Problem {
  kind: string;
  seq?: number;
  orderNo?: string;
  tillSeq?: number;
  code?: string;
  reason: string;
}
/** What the CLI prints (JSON), as far as these tests read it. */
interface CliOut {
  ok?: boolean;
  errors?: Array<{ code: string; path?: string; message_zh: string }>;
  problems?: Problem[];
  firstBadSeq?: number;
  path?: string;
  [key: string]: unknown;
}
interface Run {
  code: number | null;
  json: CliOut;
  err: string;
}

interface Till {
  data: string;
  keyFile: string;
  fapiao(args: string[], input?: string): Run;
  issue(orderNo: string): Run;
  db(): Database.Database;
}

/** A till in its own data folder, with its audit key file outside it (FAPIAO_AUDIT_KEY_FILE). */
function till(options: { keyFile?: string } = {}): Till {
  const dir = tempDir();
  const keys = tempDir('fapiao-keys-');
  cleanups.push(() => {
    dir.remove();
    keys.remove();
  });
  const keyFile = options.keyFile ?? join(keys.path, 'audit.key');
  const fapiao = (args: string[], input?: string): Run => {
    const r = spawnSync(process.execPath, [CLI, '--data', dir.path, ...args], {
      encoding: 'utf8',
      input,
      timeout: 60_000,
      env: { ...process.env, FAPIAO_AUDIT_KEY_FILE: keyFile },
    });
    let json: CliOut;
    try {
      json = JSON.parse(r.stdout) as CliOut;
    } catch {
      json = {};
    }
    return { code: r.status, json, err: r.stderr };
  };
  return {
    data: dir.path,
    keyFile,
    fapiao,
    issue: (orderNo) => fapiao(['issue', '-'], JSON.stringify(sampleDraft(orderNo))),
    db: () => {
      const db = new Database(join(dir.path, 'fapiao.db'));
      cleanups.push(() => db.open && db.close());
      return db;
    },
  };
}

/** What a tamperer does after editing rows: recompute the plain SM3 chain so every hash link holds again. */
function rehashChain(db: Database.Database): void {
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditEntry[];
  db.exec('DELETE FROM audit');
  // Every column kept as it was (a MAC too, where the table has one), only seq, prev_hash and hash recomputed.
  const columns = Object.keys(rows[0] ?? {});
  const insert = db.prepare(`INSERT INTO audit (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  let prev = GENESIS_HASH;
  rows.forEach((r, i) => {
    const e = { ...r, seq: i + 1, prev_hash: prev };
    const hash = entryHash(e);
    insert.run({ ...e, hash });
    prev = hash;
  });
}

const problems = (json: CliOut): Problem[] => json.problems ?? [];

// Each test runs the CLI several times (each start spawns the sandbox): minutes on a loaded machine, not seconds.
describe('tamper evidence', { timeout: 180_000 }, () => {
  test('every invoice gets the next per-till sequence number; an intact till verifies, with the chain keyed', () => {
    const t = till();
    for (const o of ['S-1', 'S-2', 'S-3']) expect(t.issue(o).code).toBe(0);
    const db = t.db();
    expect(db.prepare('SELECT order_no, till_seq FROM invoices ORDER BY till_seq').all()).toEqual([
      { order_no: 'S-1', till_seq: 1 },
      { order_no: 'S-2', till_seq: 2 },
      { order_no: 'S-3', till_seq: 3 },
    ]);
    db.close();
    const v = t.fapiao(['audit', 'verify']);
    expect(v.code).toBe(0);
    expect(v.json).toMatchObject({ ok: true, keyed: true, invoices: 3 });
    // The key file: outside the data folder, 0600.
    expect(t.keyFile.startsWith(t.data)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(t.keyFile).mode & 0o777).toBe(0o600);
  });

  test('by default the key file sits beside the data folder (<data>.keys/audit.key), never in it', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const env = { ...process.env };
    delete env.FAPIAO_AUDIT_KEY_FILE;
    const r = spawnSync(process.execPath, [CLI, '--data', dir.path, 'issue', '-'], { encoding: 'utf8', input: JSON.stringify(sampleDraft('K-1')), env, timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(existsSync(`${dir.path}.keys/audit.key`)).toBe(true);
  });

  test('a key file configured inside the data folder is refused (AUDIT_KEY_MISSING), never created there', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const keyFile = join(dir.path, 'audit.key');
    const r = spawnSync(process.execPath, [CLI, '--data', dir.path, 'issue', '-'], {
      encoding: 'utf8',
      input: JSON.stringify(sampleDraft('I-1')),
      env: { ...process.env, FAPIAO_AUDIT_KEY_FILE: keyFile },
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as CliOut).errors?.[0]).toMatchObject({ code: 'AUDIT_KEY_MISSING', path: keyFile });
    expect(existsSync(keyFile)).toBe(false);
  });

  test('an invoice edited with sqlite (content triggers dropped) fails verify, naming the invoice', () => {
    const t = till();
    for (const o of ['C-1', 'C-2']) expect(t.issue(o).code).toBe(0);
    const db = t.db();
    db.exec('DROP TRIGGER invoices_content_frozen; DROP TRIGGER lines_no_update;');
    db.prepare("UPDATE invoice_lines SET amount = '1.00' WHERE order_no = 'C-2'").run();
    db.close();
    const v = t.fapiao(['audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.json.ok).toBe(false);
    expect(problems(v.json)).toContainEqual(expect.objectContaining({ kind: 'invoice', orderNo: 'C-2' }));
    expect(problems(v.json).some((p) => p.orderNo === 'C-1')).toBe(false);
  });

  test('an entry edited or deleted and the plain SM3 chain recomputed fails verify at that entry (keyed MAC)', () => {
    const t = till();
    for (const o of ['H-1', 'H-2', 'H-3']) expect(t.issue(o).code).toBe(0);
    const db = t.db();
    const victim = db.prepare("SELECT seq FROM audit WHERE type = 'invoice.queued' AND subject = 'H-2'").get() as { seq: number };
    db.exec('DROP TRIGGER audit_no_update;');
    db.prepare('UPDATE audit SET actor = ? WHERE seq = ?').run('somebody-else', victim.seq);
    rehashChain(db);
    db.close();
    const edited = t.fapiao(['audit', 'verify']);
    expect(edited.code).toBe(1);
    expect(edited.json.firstBadSeq).toBe(victim.seq);
    expect(problems(edited.json)[0]).toMatchObject({ kind: 'entry', seq: victim.seq });

    // Deleting the last entries and re-hashing: the chain is shorter than the high-water mark and the sandbox's copy.
    const db2 = t.db();
    db2.exec('DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)'); // its trigger is gone already
    rehashChain(db2);
    db2.close();
    const deleted = t.fapiao(['audit', 'verify']);
    expect(deleted.code).toBe(1);
    expect(problems(deleted.json).map((p) => p.kind)).toEqual(expect.arrayContaining(['entry', 'highWater']));
  });

  test('the audit key missing: verify and issue stop with AUDIT_KEY_MISSING naming where the key belongs', () => {
    const t = till();
    expect(t.issue('M-1').code).toBe(0);
    rmSync(t.keyFile);
    const v = t.fapiao(['audit', 'verify']);
    expect(v.code).toBe(1);
    expect(problems(v.json)).toContainEqual(expect.objectContaining({ kind: 'key', code: 'AUDIT_KEY_MISSING' }));
    expect(JSON.stringify(v.json)).toContain(t.keyFile);
    const issued = t.issue('M-2');
    expect(issued.code).toBe(1);
    expect(issued.json.errors?.[0]).toMatchObject({ code: 'AUDIT_KEY_MISSING' });
    // Nothing can be recorded, so nothing is sent either (the queue waits for the key; no busy loop).
    const sync = t.fapiao(['sync']);
    expect(sync.code).toBe(1);
    expect(sync.json).toMatchObject({ pending: 1 });
    // No key was made in its place, and nothing was stored.
    expect(existsSync(t.keyFile)).toBe(false);
    const db = t.db();
    expect(db.prepare("SELECT COUNT(*) AS n FROM invoices WHERE order_no = 'M-2'").get()).toEqual({ n: 0 });
  });

  test('an invoice deleted with sqlite: verify names the missing sequence number and the invoice', () => {
    const t = till();
    for (const o of ['G-1', 'G-2', 'G-3']) expect(t.issue(o).code).toBe(0);
    const db = t.db();
    db.exec('DROP TRIGGER invoices_no_delete; DROP TRIGGER lines_no_delete;');
    for (const table of ['outbox_bodies', 'outbox', 'invoice_lines', 'report_lines', 'invoices']) db.prepare(`DELETE FROM ${table} WHERE order_no = 'G-2'`).run();
    db.close();
    const v = t.fapiao(['audit', 'verify']);
    expect(v.code).toBe(1);
    expect(problems(v.json)).toContainEqual(expect.objectContaining({ kind: 'sequence', tillSeq: 2 }));
    expect(problems(v.json)).toContainEqual(expect.objectContaining({ kind: 'invoice', orderNo: 'G-2' }));
  });

  test('a database copy older than its high-water file: STORE_ROLLED_BACK at start naming the backup; resolved only on the record', () => {
    const t = till();
    expect(t.issue('R-1').code).toBe(0);
    const backup = t.fapiao(['backup']);
    expect(backup.code).toBe(0);
    const old = join(t.data, 'old-copy.db');
    copyFileSync(backup.json.path!, old);
    for (const o of ['R-2', 'R-3']) expect(t.issue(o).code).toBe(0);
    // Someone puts the older copy in place (or the WAL was lost): the database is behind its mark.
    for (const ext of ['-wal', '-shm']) rmSync(join(t.data, `fapiao.db${ext}`), { force: true });
    copyFileSync(old, join(t.data, 'fapiao.db'));

    const refused = t.issue('R-4');
    expect(refused.code).toBe(1);
    expect(refused.json.errors?.[0]).toMatchObject({ code: 'STORE_ROLLED_BACK', path: backup.json.path });
    expect(refused.json.errors?.[0]?.message_zh).toContain(backup.json.path);
    // Still refused at the next start: nothing resets itself.
    expect(t.issue('R-4').json.errors?.[0]?.code).toBe('STORE_ROLLED_BACK');
    const verdict = t.fapiao(['audit', 'verify']);
    expect(verdict.code).toBe(1);
    expect(problems(verdict.json)).toContainEqual(expect.objectContaining({ kind: 'highWater', code: 'STORE_ROLLED_BACK' }));

    expect(t.fapiao(['store', 'accept-rollback']).code).toBe(2); // a reason is required
    const accepted = t.fapiao(['store', 'accept-rollback', '--reason', 'WAL lost after power cut; R-2, R-3 are at the channel']);
    expect(accepted.code).toBe(0);
    expect(accepted.json).toMatchObject({ rolledBack: true, gap: { from: 2, to: 3 } });
    expect(t.issue('R-4').code).toBe(0);
    const db = t.db();
    // The gap's numbers are never given out again; the acceptance is in the chain.
    expect(db.prepare("SELECT till_seq FROM invoices WHERE order_no = 'R-4'").get()).toEqual({ till_seq: 4 });
    expect(db.prepare("SELECT actor FROM audit WHERE type = 'store.rollback_accepted'").get()).toEqual({ actor: 'it' });
    db.close();
    expect(t.fapiao(['audit', 'verify']).json).toMatchObject({ ok: true });
  });

  test('an older database copy with the high-water file deleted: the newest backup is the mark, STORE_ROLLED_BACK naming it', () => {
    const t = till();
    expect(t.issue('N-1').code).toBe(0);
    const old = join(t.data, 'old-copy.db');
    copyFileSync(t.fapiao(['backup']).json.path!, old);
    for (const o of ['N-2', 'N-3']) expect(t.issue(o).code).toBe(0);
    const newest = t.fapiao(['backup']).json.path!;
    for (const f of ['fapiao.db-wal', 'fapiao.db-shm', 'fapiao.highwater']) rmSync(join(t.data, f), { force: true });
    copyFileSync(old, join(t.data, 'fapiao.db'));

    const refused = t.issue('N-4');
    expect(refused.code).toBe(1);
    expect(refused.json.errors?.[0]).toMatchObject({ code: 'STORE_ROLLED_BACK', path: newest });
    expect(t.issue('N-4').json.errors?.[0]?.code).toBe('STORE_ROLLED_BACK');
    const accepted = t.fapiao(['store', 'accept-rollback', '--reason', 'old copy found in place']);
    expect(accepted.json).toMatchObject({ rolledBack: true, gap: { from: 2, to: 3 } });
    expect(t.issue('N-4').code).toBe(0);
    expect(t.fapiao(['audit', 'verify']).json).toMatchObject({ ok: true });
  });

  test('fapiao restore of an older backup records the gap as deliberate; the till issues again and verifies', () => {
    const t = till();
    expect(t.issue('B-1').code).toBe(0);
    expect(t.fapiao(['backup']).code).toBe(0);
    for (const o of ['B-2', 'B-3']) expect(t.issue(o).code).toBe(0);
    const restored = t.fapiao(['restore', '--latest', '--reason', 'disk replaced']);
    expect(restored.code).toBe(0);
    expect(restored.json).toMatchObject({ gap: { from: 2, to: 3 } });
    expect(t.issue('B-4').code).toBe(0);
    const v = t.fapiao(['audit', 'verify']);
    expect(v.json).toMatchObject({ ok: true });
    const db = t.db();
    const entry = db.prepare("SELECT data_json FROM audit WHERE type = 'store.restored'").get() as { data_json: string };
    expect(JSON.parse(entry.data_json)).toMatchObject({ reason: 'disk replaced', gap: { from: 2, to: 3 }, highWater: { seq: 3 } });
  });

  test('fapiao restore with the high-water file gone: the gap comes from the database it replaces', () => {
    const t = till();
    expect(t.issue('Q-1').code).toBe(0);
    const old = t.fapiao(['backup']).json.path!;
    for (const o of ['Q-2', 'Q-3']) expect(t.issue(o).code).toBe(0);
    rmSync(join(t.data, 'fapiao.highwater'));
    const restored = t.fapiao(['restore', old, '--reason', 'disk replaced']);
    expect(restored.code).toBe(0);
    expect(restored.json).toMatchObject({ gap: { from: 2, to: 3 } });
    expect(t.issue('Q-4').code).toBe(0);
    const db = t.db();
    expect(db.prepare("SELECT till_seq FROM invoices WHERE order_no = 'Q-4'").get()).toEqual({ till_seq: 4 });
  });

  test('the whole data folder put back (high-water file and all): the mark the channel holds gives it away at the next sync', () => {
    const t = till();
    expect(t.issue('F-1').code).toBe(0);
    const side = tempDir('fapiao-side-');
    cleanups.push(() => side.remove());
    const files = ['fapiao.db', 'fapiao.db-wal', 'fapiao.highwater'];
    for (const f of files) if (existsSync(join(t.data, f))) copyFileSync(join(t.data, f), join(side.path, f));
    for (const o of ['F-2', 'F-3']) expect(t.issue(o).code).toBe(0);
    expect(t.fapiao(['sync']).code).toBe(0);
    // An old image of the till's folder goes back in place; the channel (here the sandbox) still holds sequence 3.
    for (const f of [...files, 'fapiao.db-shm']) rmSync(join(t.data, f), { force: true });
    for (const f of files) if (existsSync(join(side.path, f))) copyFileSync(join(side.path, f), join(t.data, f));
    expect(t.issue('F-4').code).toBe(0); // nothing here can tell yet
    t.fapiao(['sync']);
    const refused = t.issue('F-5');
    expect(refused.code).toBe(1);
    expect(refused.json.errors?.[0]).toMatchObject({ code: 'STORE_ROLLED_BACK' });
    expect(problems(t.fapiao(['audit', 'verify']).json)).toContainEqual(expect.objectContaining({ kind: 'highWater', code: 'STORE_ROLLED_BACK' }));
    const accepted = t.fapiao(['store', 'accept-rollback', '--reason', 'PC image restored; F-2, F-3 are on the platform']);
    expect(accepted.json).toMatchObject({ rolledBack: true, gap: { from: 3, to: 3 } });
    expect(t.issue('F-5').code).toBe(0);
  });

  test('every batch carries the till mark: the sandbox holds the latest sequence and chain head per app', () => {
    const t = till();
    for (const o of ['W-1', 'W-2']) expect(t.issue(o).code).toBe(0);
    const synced = t.fapiao(['sync']);
    expect(synced.code).toBe(0);
    const db = t.db();
    // The sandbox the CLI ran for this till keeps its database under the till's data folder.
    const file = [join(t.data, 'sandbox', 'sandbox.db'), join(t.data, 'sandbox', 'sandbox', 'sandbox.db')].find((f) => existsSync(f))!;
    const sandbox = new Database(file, { readonly: true });
    cleanups.push(() => sandbox.close());
    const mark = sandbox.prepare('SELECT seq, audit_seq, head, till_id FROM till_marks').get() as { seq: number; audit_seq: number; head: string; till_id: string };
    expect(mark.seq).toBe(2);
    expect(mark.till_id).toMatch(/^[0-9a-f]{16}$/);
    // The head the batch carried is the till's entry at that length.
    expect(db.prepare('SELECT hash FROM audit WHERE seq = ?').get(mark.audit_seq)).toEqual({ hash: mark.head });
    const sent = (sandbox.prepare("SELECT submission_json FROM invoices WHERE order_no = 'W-2'").get() as { submission_json: string }).submission_json;
    expect(JSON.parse(sent)).toMatchObject({ tillSeq: 2 });
    expect(JSON.parse(readFileSync(join(t.data, 'fapiao.highwater'), 'utf8'))).toMatchObject({ seq: 2 });
  });
});
