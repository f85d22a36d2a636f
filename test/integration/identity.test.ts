import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import type { Reply } from '../../electron/contract/index.ts';
import type { Core } from '../../electron/core/core.ts';
import { createSessionDispatcher } from '../../electron/core/session.ts';
import { saveStaff as storeStaff } from '../../electron/core/store/settings.ts';
import { sql } from '../../electron/core/store/db.ts';
import { markIssued } from '../../electron/core/outbox/queue.ts';
import { openOfflineCore } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';

const CLI = 'electron/cli/fapiao.ts';
const M1 = '246813';
const M2 = '135790';

const code = (r: Reply): string => (r.ok ? 'ok' : r.errors[0]!.code);
const value = (r: Reply): unknown => (r.ok ? r.value : r.errors);

describe('who did it: identity and authority come from the session (issue #12 §1)', () => {
  const data = tempDir();
  let core: Core | undefined;
  let t = Date.UTC(2026, 5, 15, 2, 0, 0);
  const open = () => (core = openOfflineCore(data.path, () => t));
  afterEach(async () => {
    await core?.close();
    core = undefined;
    data.remove();
  });

  async function setup(): Promise<Core> {
    const c = open();
    await c.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: M1, active: true });
    await c.handlers.saveStaff({ id: 'm2', name: '赵店长', role: 'manager', pin: M2, active: true });
    await c.handlers.saveStaff({ id: 'c1', name: '李收银', role: 'cashier', pin: '1111', active: true });
    await c.handlers.saveStaff({ id: 'c2', name: '张收银', role: 'cashier', pin: '2222', active: true });
    return c;
  }
  const till = () => createSessionDispatcher(core!, () => undefined);

  test('wrong PINs count per person, survive a restart, pause 30 s · 1 min · 5 min, then lock until another manager or IT lifts it', async () => {
    await setup();
    const a = till();
    const wrong = () => a('verifyPin', { id: 'c1', pin: '9999', role: 'cashier' }).then(value);
    for (let i = 0; i < 4; i++) expect(await wrong()).toEqual({ ok: false });
    expect(await wrong()).toEqual({ ok: false, retryAfterMs: 30_000 });
    // Paused: even the right PIN is not checked.
    expect(value(await a('verifyPin', { id: 'c1', pin: '1111', role: 'cashier' }))).toEqual({ ok: false, retryAfterMs: 30_000 });
    // Someone else is not paused, and their success does not reset c1's count.
    expect(value(await a('verifyPin', { id: 'c2', pin: '2222', role: 'cashier' }))).toMatchObject({ ok: true, staff: { id: 'c2' } });

    // A restart keeps the count (it is in the database).
    await core!.close();
    open();
    const b = till();
    t += 30_000;
    expect(value(await b('verifyPin', { id: 'c1', pin: '9999', role: 'cashier' }))).toEqual({ ok: false, retryAfterMs: 60_000 });
    t += 60_000;
    expect(value(await b('verifyPin', { id: 'c1', pin: '9999', role: 'cashier' }))).toEqual({ ok: false, retryAfterMs: 300_000 });
    t += 300_000;
    expect(value(await b('verifyPin', { id: 'c1', pin: '9999', role: 'cashier' }))).toEqual({ ok: false, locked: true });
    t += 24 * 3_600_000;
    expect(value(await b('verifyPin', { id: 'c1', pin: '1111', role: 'cashier' }))).toEqual({ ok: false, locked: true });
    expect(code(await b('signIn', { id: 'c1', pin: '1111' }))).toBe('PIN_LOCKED');
    expect((await core!.handlers.getSettings({})).staff.find((s) => s.id === 'c1')).toMatchObject({ locked: true });

    // Only a manager lifts it; never their own.
    expect(code(await b('unlockStaff', { target: 'c1' }))).toBe('MANAGER_PIN_REQUIRED');
    expect(value(await b('verifyPin', { id: 'm1', pin: M1, role: 'manager' }))).toMatchObject({ ok: true });
    expect(code(await b('unlockStaff', { target: 'm1' }))).toBe('UNLOCK_SELF');
    expect(code(await b('unlockStaff', { target: 'c1' }))).toBe('ok');
    expect(code(await b('signIn', { id: 'c1', pin: '1111' }))).toBe('ok');
    const audit = sql(core!.db, "SELECT actor, type FROM audit WHERE subject = 'c1' AND type IN ('staff.pin_locked', 'staff.unlocked')").all();
    expect(audit).toEqual([
      { actor: 'anonymous', type: 'staff.pin_locked' },
      { actor: 'm1', type: 'staff.unlocked' },
    ]);
  });

  test("the manager role's counter: PIN screen and tax-ID approvals count together; a cashier's success does not reset it; IT unlocks from the CLI", async () => {
    await setup();
    const a = till();
    expect(code(await a('signIn', { id: 'c1', pin: '1111' }))).toBe('ok');
    const special = sampleDraft('OV-1', { type: 'special', buyer: { name: '上海某某贸易有限公司', taxId: '91310115591693856B' }, overrides: ['TAXID_USCC_CHECK'] });
    for (let i = 0; i < 3; i++) expect(await a('verifyPin', { pin: '000000', role: 'manager' }).then(value)).toEqual({ ok: false });
    expect(code(await a('signIn', { id: 'c2', pin: '2222' }))).toBe('ok');
    const approval = await a('issueInvoice', { ...special, approval: { pin: '999999' } });
    expect(approval.ok && approval.value).toMatchObject({ ok: false, errors: [{ code: 'OVERRIDE_PIN_WRONG' }] });
    expect(value(await a('verifyPin', { pin: '000000', role: 'manager' }))).toEqual({ ok: false, retryAfterMs: 30_000 });
    const paused = await a('issueInvoice', { ...special, approval: { pin: M1 } });
    expect(paused.ok && paused.value).toMatchObject({ ok: false, errors: [{ code: 'PIN_PAUSED' }] });
    // A named manager has a counter of their own.
    expect(value(await a('verifyPin', { id: 'm2', pin: M2, role: 'manager' }))).toMatchObject({ ok: true });

    for (const step of [30_000, 60_000, 300_000]) {
      t += step;
      await a('verifyPin', { pin: '000000', role: 'manager' });
    }
    expect(value(await a('verifyPin', { pin: M1, role: 'manager' }))).toEqual({ ok: false, locked: true });
    await core!.close();
    core = undefined;
    const cli = spawnSync(process.execPath, [CLI, '--data', data.path, 'staff', 'unlock', 'role:manager'], { encoding: 'utf8', timeout: 30_000 });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, unlocked: true, target: 'role:manager' });
    open();
    expect(value(await till()('verifyPin', { pin: M1, role: 'manager' }))).toMatchObject({ ok: true, staff: { id: 'm1' } });
    expect(sql(core!.db, "SELECT actor FROM audit WHERE type = 'staff.unlocked'").pluck().get()).toBe('it');
  });

  test('a manager PIN has at least 6 digits; an older short one must be changed at its next use', async () => {
    const c = open();
    expect(await c.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: '2468', active: true }).catch((e: { code: string }) => e.code)).toBe('PIN_TOO_SHORT');
    // A till from before this rule: the short PIN is still in the database.
    storeStaff(c.db, { id: 'm1', name: '王店长', role: 'manager', pin: '2468', active: true });
    const a = till();
    expect(value(await a('verifyPin', { pin: '2468', role: 'manager' }))).toMatchObject({ ok: false, mustChangePin: true, staff: { id: 'm1' } });
    expect(code(await a('backupNow', {}))).toBe('MANAGER_PIN_REQUIRED');
    expect(code(await a('changePin', { id: 'm1', pin: '2468', newPin: '2469' }))).toBe('PIN_TOO_SHORT');
    expect(value(await a('changePin', { id: 'm1', pin: '2468', newPin: M1 }))).toMatchObject({ ok: true });
    expect(code(await a('backupNow', {}))).toBe('ok');
    expect(value(await till()('verifyPin', { pin: M1, role: 'manager' }))).toMatchObject({ ok: true });
  });

  test('actors come from the session: fields sent by the client are refused; sales carry the cashier signed in', async () => {
    await setup();
    const a = till();
    expect(code(await a('issueInvoice', sampleDraft('S-0')))).toBe('SIGN_IN_REQUIRED');
    expect(code(await a('signIn', { id: 'c1' }))).toBe('PIN_REQUIRED');
    expect(code(await a('signIn', { id: 'c1', pin: '1111' }))).toBe('ok');
    expect(value(await a('sessionInfo', {}))).toMatchObject({ cashier: { id: 'c1', name: '李收银' } });
    const forged = await a('issueInvoice', { ...sampleDraft('S-1'), cashier: 'c2' });
    expect(forged).toMatchObject({ ok: false, errors: [{ code: 'BAD_REQUEST' }] });
    expect(code(await a('issueInvoice', sampleDraft('S-1')))).toBe('ok');
    expect(code(await a('reprintInvoice', { orderNo: 'S-1', actor: 'c2' }))).toBe('BAD_REQUEST');
    expect(code(await a('reprintInvoice', { orderNo: 'S-1' }))).toBe('ok');
    expect(sql(core!.db, "SELECT cashier FROM invoices WHERE order_no = 'S-1'").pluck().get()).toBe('c1');

    // The manager's id after the manager's PIN; a forged actor refused.
    expect(code(await a('cancelInvoice', { orderNo: 'S-1' }))).toBe('MANAGER_PIN_REQUIRED');
    await a('verifyPin', { pin: M2, role: 'manager' });
    expect(code(await a('cancelInvoice', { orderNo: 'S-1', actor: 'm1' }))).toBe('BAD_REQUEST');
    expect(code(await a('cancelInvoice', { orderNo: 'S-1', reason: '顾客不要了' }))).toBe('ok');
    expect(code(await a('recordZReport', { from: t - 3_600_000, to: t + 3_600_000 }))).toBe('ok');
    const actors = sql(core!.db, "SELECT type, actor FROM audit WHERE type IN ('invoice.queued', 'invoice.reprinted', 'invoice.cancelled', 'report.z') ORDER BY seq").all();
    expect(actors).toEqual([
      { type: 'invoice.queued', actor: 'c1' },
      { type: 'invoice.reprinted', actor: 'c1' },
      { type: 'invoice.cancelled', actor: 'm2' },
      { type: 'report.z', actor: 'm2' },
    ]);

    // 交班: nobody signed in, nothing sold in anyone's name.
    await a('signOut', {});
    expect(code(await a('issueInvoice', sampleDraft('S-2')))).toBe('SIGN_IN_REQUIRED');
  });

  test('a store can ask every cashier for a PIN at sign-in; without it choosing the name is enough', async () => {
    await setup();
    const a = till();
    expect(code(await a('signIn', { id: 'cashier' }))).toBe('ok');
    await a('verifyPin', { pin: M1, role: 'manager' });
    expect(code(await a('saveSettings', { store: { cashierPinRequired: true } }))).toBe('ok');
    const b = till();
    expect(code(await b('signIn', { id: 'cashier' }))).toBe('CASHIER_PIN_NOT_SET');
    expect(value(await b('sessionInfo', {}))).toMatchObject({ cashierPinRequired: true, managerExists: true });
  });

  test("锁定 and the idle timeout end the manager's rights in core; every settings write needs them once a manager exists", async () => {
    const c = open();
    const setupTab = till();
    // First run: no manager yet, so the wizard may write settings and create the manager.
    expect(code(await setupTab('saveSettings', { store: { name: '一号店' } }))).toBe('ok');
    expect(code(await setupTab('saveStaff', { id: 'm1', name: '王店长', role: 'manager', pin: M1 }))).toBe('ok');
    // …and can never go back to that by an edit: the last manager stays.
    expect(code(await setupTab('saveStaff', { id: 'm1', name: '王店长', role: 'manager', active: false }))).toBe('LAST_MANAGER');
    expect(code(await setupTab('saveStaff', { id: 'm1', name: '王店长', role: 'cashier' }))).toBe('LAST_MANAGER');
    // From now on: the manager's PIN, in this session, for every settings write (first-run banner and language included).
    const a = till();
    await a('signIn', { id: 'cashier' });
    for (const patch of [{ firstRunDone: true }, { language: 'en' }, { limits: { maxUnsentCount: 1 } }])
      expect(code(await a('saveSettings', patch))).toBe('MANAGER_PIN_REQUIRED');
    await a('verifyPin', { pin: M1, role: 'manager' });
    expect(code(await a('saveSettings', { firstRunDone: true }))).toBe('ok');
    expect(value(await a('lockManager', {}))).toMatchObject({ cashier: { id: 'cashier' } });
    expect(value(await a('sessionInfo', {}))).not.toHaveProperty('manager');
    expect(code(await a('saveSettings', { language: 'en' }))).toBe('MANAGER_PIN_REQUIRED');
    expect(code(await a('issueInvoice', sampleDraft('L-1')))).toBe('ok');

    await a('verifyPin', { pin: M1, role: 'manager' });
    t += 4 * 60_000;
    expect(code(await a('backupNow', {}))).toBe('ok');
    t += 4 * 60_000; // renewed by the last manager call
    expect(code(await a('listRejected', {}))).toBe('ok');
    t += 5 * 60_000 + 1;
    expect(code(await a('backupNow', {}))).toBe('MANAGER_PIN_REQUIRED');
    expect(sql(c.db, "SELECT COUNT(*) FROM audit WHERE type = 'manager.locked' AND actor = 'm1'").pluck().get()).toBe(1);
  });

  test('least privilege: masked buyer details for the cashier (issued in full), catalogue edits by the manager, e-mails rate-limited', async () => {
    await setup();
    const buyer = { name: '上海某某贸易有限公司', taxId: '91310115591693856A', phone: '13812345678', bank: '招商银行上海分行', account: '6222020200112233445', email: 'cw@example.com' };
    expect((await core!.handlers.issueInvoice(sampleDraft('B-1', { type: 'special', buyer }))).ok).toBe(true);
    const a = till();
    await a('signIn', { id: 'c1', pin: '1111' });
    const [hit] = value(await a('lookupBuyers', { query: '某某' })) as Array<Record<string, string>>;
    expect(hit).toMatchObject({ name: buyer.name, bank: buyer.bank, phone: '138****5678', account: '***************3445', email: 'c***@example.com' });
    // The cashier issues to the buyer picked from the lookup: core puts the stored details back.
    expect(code(await a('issueInvoice', sampleDraft('B-2', { type: 'special', buyer: { ...buyer, phone: hit!.phone!, account: hit!.account!, email: hit!.email! } })))).toBe('ok');
    const stored = JSON.parse(sql(core!.db, "SELECT draft_json FROM invoices WHERE order_no = 'B-2'").pluck().get() as string) as { buyer: typeof buyer };
    expect(stored.buyer).toMatchObject({ phone: buyer.phone, account: buyer.account, email: buyer.email });

    const item = { name: '矿泉水', price: '2.00', taxCode: '1030307000000000000', rate: '0.13' };
    expect(code(await a('saveItem', item))).toBe('MANAGER_PIN_REQUIRED');
    const m = till();
    await m('verifyPin', { pin: M1, role: 'manager' });
    expect((value(await m('lookupBuyers', { query: '某某' })) as Array<Record<string, string>>)[0]).toMatchObject({ account: buyer.account, phone: buyer.phone });
    expect(code(await m('saveItem', item))).toBe('ok');
    expect(code(await m('saveSettings', { store: { cashierCatalogEdits: true } }))).toBe('ok');
    expect(code(await a('saveItem', { ...item, price: '2.50' }))).toBe('ok');

    // E-mails: a few a minute per session, then EMAIL_RATE_LIMITED (nothing audited for the refused one).
    markIssued(core!.db, 'B-1', { number: '26311000000000000001', issuedAt: t, qr: 'q' }, t);
    for (let i = 0; i < 5; i++) expect(code(await a('requestEmailDelivery', { orderNo: 'B-1', email: 'cw@example.com' }))).toBe('ok');
    expect(code(await a('requestEmailDelivery', { orderNo: 'B-1', email: 'cw@example.com' }))).toBe('EMAIL_RATE_LIMITED');
    expect(sql(core!.db, "SELECT COUNT(*) FROM audit WHERE type = 'invoice.email_requested' AND actor = 'c1'").pluck().get()).toBe(5);
    // The allowance is the person's: a reload or another socket of the same cashier starts no new one.
    const again = till();
    await again('signIn', { id: 'c1', pin: '1111' });
    expect(code(await again('requestEmailDelivery', { orderNo: 'B-1', email: 'cw@example.com' }))).toBe('EMAIL_RATE_LIMITED');
    // Another cashier has their own allowance; a minute later this one has the allowance back.
    const other = till();
    await other('signIn', { id: 'c2', pin: '2222' });
    expect(code(await other('requestEmailDelivery', { orderNo: 'B-1', email: 'cw@example.com' }))).toBe('ok');
    t += 60_000;
    expect(code(await a('requestEmailDelivery', { orderNo: 'B-1', email: 'cw@example.com' }))).toBe('ok');
  });
});
