import { afterEach, describe, expect, test } from 'vitest';
import type { Core } from '../../../electron/core/core.ts';
import { openOfflineCore } from '../../support/core.ts';
import { createSessionDispatcher } from '../../../electron/core/session.ts';
import { tempDir } from '../../support/tmp.ts';

describe("the manager's calls are gated in core, per session", () => {
  const data = tempDir();
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    data.remove();
  });

  test('open before a manager PIN exists; afterwards only for a session that passed the PIN', async () => {
    core = openOfflineCore(data.path);
    const setup = createSessionDispatcher(core, () => undefined);
    // First run: no manager PIN yet, so setting one (and the settings) is allowed.
    expect(await setup('saveStaff', { id: 'manager', name: '店长', role: 'manager', pin: '246813' })).toMatchObject({ ok: true });
    expect(await setup('saveSettings', { limits: { maxUnsentCount: 500 } })).toMatchObject({ ok: true });

    // Another tab (or a cashier's devtools): refused until the manager's PIN, whatever the UI shows.
    const other = createSessionDispatcher(core, () => undefined);
    const refused = { ok: false, errors: [{ code: 'MANAGER_PIN_REQUIRED' }] };
    expect(await other('saveStaff', { id: 'manager', name: '店长', role: 'manager', pin: '000000' })).toMatchObject(refused);
    expect(await other('backupNow', {})).toMatchObject(refused);
    // Every settings write is the manager's, the first-run banner and the language included.
    expect(await other('saveSettings', { language: 'en' })).toMatchObject(refused);
    expect(await other('verifyPin', { pin: '135790', role: 'manager' })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await other('saveSettings', { limits: { maxUnsentCount: 1 } })).toMatchObject(refused);
    // A cashier check with the manager's PIN does not open the manager's calls.
    expect(await other('verifyPin', { id: 'manager', pin: '246813', role: 'cashier' })).toMatchObject({ ok: true, value: { ok: true } });
    // …and names the person: a role-wide cashier check would try the manager's PIN on a counter of its own.
    expect(await other('verifyPin', { pin: '246813', role: 'cashier' })).toMatchObject({ ok: false, errors: [{ code: 'STAFF_REQUIRED', path: 'id' }] });
    expect(await other('backupNow', {})).toMatchObject(refused);
    expect(await other('verifyPin', { pin: '246813', role: 'manager' })).toMatchObject({ ok: true, value: { ok: true } });
    expect(await other('backupNow', {})).toMatchObject({ ok: true });
    expect((await core.handlers.getSettings({})).limits.maxUnsentCount).toBe(500);
  });
});
