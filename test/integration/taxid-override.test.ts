import { describe, expect, test } from 'vitest';
import { sql } from '../../electron/core/store/db.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { openOfflineCore } from '../support/core.ts';
import { sampleDraft } from '../support/drafts.ts';
import { tempDir } from '../support/tmp.ts';

// 18 characters in the right format whose check character is wrong (should be 'A'): an early pilot code.
const EARLY = '91310115591693856B';
const PIN = '246813';

describe("a failed tax-ID checksum let through by the manager's PIN, for one invoice", () => {
  const cleanups = cleanupsAfterEach();

  async function setup() {
    const data = tempDir();
    cleanups.push(() => data.remove());
    const core = openOfflineCore(data.path);
    cleanups.push(() => core.close());
    await core.handlers.saveStaff({ id: 'm1', name: '王店长', role: 'manager', pin: PIN, active: true });
    await core.handlers.saveStaff({ id: 'c1', name: '李收银', role: 'cashier', pin: '1357', active: true });
    const special = (orderNo: string) =>
      sampleDraft(orderNo, { type: 'special', buyer: { name: '上海某某贸易有限公司', taxId: EARLY }, overrides: ['TAXID_USCC_CHECK'] });
    return { core, special };
  }

  test('refused without the PIN, with a cashier PIN or a wrong one; nothing stored', async () => {
    const { core, special } = await setup();
    const codes = async (approval?: { pin: string }) => {
      const r = await core.handlers.issueInvoice({ ...special('OV-1'), ...(approval ? { approval } : {}) });
      return r.ok ? 'ok' : r.errors.map((e) => `${e.code}@${e.path}`);
    };
    expect(await codes()).toEqual(['OVERRIDE_NEEDS_MANAGER@approval']);
    expect(await codes({ pin: '1357' })).toEqual(['OVERRIDE_PIN_WRONG@approval.pin']);
    expect(await codes({ pin: '0000' })).toEqual(['OVERRIDE_PIN_WRONG@approval.pin']);
    expect(await core.handlers.getInvoice({ orderNo: 'OV-1' })).toBeNull();
    // Without the override the checksum failure stands, and says which position is wrong.
    const plain = await core.handlers.issueInvoice({ ...special('OV-1'), overrides: [] });
    expect(plain.ok ? [] : plain.errors.map((e) => e.code)).toEqual(['TAXID_USCC_CHECK']);
  });

  test('accepted with the manager PIN: the override and who gave it are in the audit chain, the PIN nowhere', async () => {
    const { core, special } = await setup();
    const r = await core.handlers.issueInvoice({ ...special('OV-2'), approval: { pin: PIN } });
    expect(r.ok && r.invoice.buyerTaxId).toBe(EARLY);
    const events = sql(core.db, "SELECT actor, data_json FROM audit WHERE subject = 'OV-2' AND type = 'invoice.override'").all() as Array<{ actor: string; data_json: string }>;
    expect(events.map((e) => [e.actor, JSON.parse(e.data_json)])).toEqual([['m1', { codes: ['TAXID_USCC_CHECK'], buyerTaxId: EARLY }]]);
    const stored = sql(core.db, "SELECT draft_json FROM invoices WHERE order_no = 'OV-2'").get() as { draft_json: string };
    expect(stored.draft_json).not.toContain(PIN);
    expect(JSON.parse(stored.draft_json).approval).toBeUndefined();
    const audit = sql(core.db, 'SELECT data_json FROM audit').all() as Array<{ data_json: string }>;
    expect(audit.some((a) => a.data_json.includes(PIN))).toBe(false);
  });

  test('a tax ID typed in full-width or lower case is stored and sent as the platform writes it', async () => {
    const { core } = await setup();
    const typed = '９１３１０１１５５９１６９３８５６ａ';
    const r = await core.handlers.issueInvoice(sampleDraft('NZ-1', { type: 'special', buyer: { name: '上海某某贸易有限公司', taxId: typed } }));
    expect(r.ok && r.invoice.buyerTaxId).toBe('91310115591693856A');
    const stored = sql(core.db, "SELECT draft_json FROM invoices WHERE order_no = 'NZ-1'").get() as { draft_json: string };
    expect(JSON.parse(stored.draft_json).buyer.taxId).toBe('91310115591693856A');
  });
});
