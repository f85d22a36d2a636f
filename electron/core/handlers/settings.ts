import type { Settings } from '../../contract/calls-settings.ts';
import type { settingsCalls } from '../../contract/calls-settings.ts';
import { FapiaoError, appError, type ChannelMode } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import { listStaff, managerExists, readScreenSettings, readSetting, saveStaff, writeSetting, type ScreenSettings } from '../store/settings.ts';
import { SecretStoreUnavailableError } from '../secrets.ts';
import { channelUrlProblem } from '../channel/url-policy.ts';
import { issueLimitsOf } from '../invoice/issue-limits.ts';
import { moneyString } from '../invoice/money.ts';
import { grantManager } from '../auth/session.ts';
import type { CoreContext, HandlersFor } from './context.ts';
import { assertPinPolicy } from './staff-session.ts';

type SellerPatch = Partial<Pick<Settings['seller'], 'name' | 'address' | 'phone'>>;

function pickLimits(o: Partial<Settings['limits']> | undefined): Partial<Settings['limits']> {
  if (!o) return {};
  const { maxUnsentCount, maxUnsentHours, maxUnsentAmount } = o;
  return Object.fromEntries(Object.entries({ maxUnsentCount, maxUnsentHours, maxUnsentAmount }).filter(([, v]) => v !== undefined));
}

export function settingsHandlers({ db, config, now, secrets, pins, channelSettingsChanged, calcContext, issueLimits }: CoreContext): HandlersFor<keyof typeof settingsCalls> {
  // The seller's display details edited on the settings screen override config.json; the tax ID does not
  // change at runtime (the channel and the signer are bound to it).
  const sellerOverride = readSetting<SellerPatch>(db, 'seller');
  if (sellerOverride) Object.assign(config.seller, sellerOverride);
  // The offline allowance lives in the queue's policy (config.offline, when present): edits apply there live.
  const offline = (config as { offline?: Partial<Settings['limits']> }).offline;
  // Per-invoice limits: config.json's (or the default) until the screen sets them; they apply to core at once.
  const invoiceDefaults = { maxInvoiceTotal: moneyString(issueLimits.maxInvoiceTotal), confirmAbove: moneyString(issueLimits.confirmAbove) };
  const applyLimits = (l: Partial<Settings['limits']>) => {
    if (offline) Object.assign(offline, pickLimits(l));
    const { maxInvoiceTotal, confirmAbove } = { ...invoiceDefaults, ...l };
    Object.assign(issueLimits, issueLimitsOf({ maxInvoiceTotal, confirmAbove }));
    calcContext.maxInvoiceTotal = issueLimits.maxInvoiceTotal;
  };
  const storedLimits = readSetting<{ limits?: Partial<Settings['limits']> }>(db, 'screen')?.limits;
  if (storedLimits) applyLimits(storedLimits);

  const current = (): Settings => {
    const screen = readScreenSettings(db);
    const channel = readSetting<{ mode?: ChannelMode; baseUrl?: string; appId?: string; platformPublicKeyHex?: string }>(db, 'channel') ?? {};
    const s: Settings = {
      ...screen,
      limits: { ...screen.limits, ...invoiceDefaults, ...pickLimits(offline), ...readSetting<{ limits?: Partial<Settings['limits']> }>(db, 'screen')?.limits },
      seller: { ...config.seller },
      channel: {
        mode: channel.mode ?? config.channelMode,
        keySet: screen.channel.keySet,
        // The desktop shell keeps production keys with OS encryption (safeStorage); plain Node cannot.
        secretStore: secrets.kind === 'os-encrypted' ? 'os' : 'unavailable',
      },
      staff: listStaff(db),
    };
    const baseUrl = channel.baseUrl ?? config.channel.baseUrl;
    const appId = channel.appId ?? config.channel.appId;
    if (baseUrl !== undefined) s.channel.baseUrl = baseUrl;
    if (appId !== undefined) s.channel.appId = appId;
    const platformPublicKeyHex = channel.platformPublicKeyHex ?? config.channel.platformPublicKeyHex;
    if (platformPublicKeyHex !== undefined) s.channel.platformPublicKeyHex = platformPublicKeyHex;
    return s;
  };

  const audit = (actor: string, type: string, data: unknown) => db.transaction(() => appendAudit(db, now(), actor, type, 'settings', data))();

  return {
    getSettings: async () => current(),
    saveSettings: async ({ seller, channel, ...patch }, { actor }) => {
      const insecure = channel?.baseUrl === undefined ? undefined : channelUrlProblem(channel.baseUrl);
      if (insecure) throw new FapiaoError([insecure]);
      db.transaction(() => {
        const screen = readScreenSettings(db);
        const next: ScreenSettings = {
          ...screen,
          ...(patch.firstRunDone === undefined ? {} : { firstRunDone: patch.firstRunDone }),
          ...(patch.language === undefined ? {} : { language: patch.language }),
          store: { ...screen.store, ...patch.store },
          signer: { ...screen.signer, ...patch.signer },
          limits: { ...current().limits, ...patch.limits },
          printer: { ...screen.printer, ...patch.printer },
        };
        writeSetting(db, 'screen', next);
        if (patch.limits) applyLimits(next.limits);
        if (seller) {
          const { name, address, phone } = seller;
          const override: SellerPatch = { ...readSetting<SellerPatch>(db, 'seller') };
          if (name !== undefined) override.name = name;
          if (address !== undefined) override.address = address;
          if (phone !== undefined) override.phone = phone;
          writeSetting(db, 'seller', override);
          Object.assign(config.seller, override);
        }
        if (channel) writeSetting(db, 'channel', { ...readSetting<object>(db, 'channel'), ...channel });
        appendAudit(db, now(), actor, 'settings.changed', 'settings', { keys: Object.keys({ ...patch, ...(seller ? { seller } : {}), ...(channel ? { channel } : {}) }) });
      })();
      if (channel || patch.signer) channelSettingsChanged();
      return current();
    },
    setChannelSecret: async ({ name, key }, { actor }) => {
      try {
        await secrets.set(name, key);
      } catch (err) {
        if (!(err instanceof SecretStoreUnavailableError)) throw err;
        audit(actor, 'settings.secret_refused', { name, reason: 'no secret store' });
        throw new FapiaoError([
          appError(
            'SECRET_STORE_UNAVAILABLE',
            '此模式无法安全保存生产密钥：请在桌面版（系统钥匙串）中填写；沙箱无需密钥',
            'This mode cannot keep a production key safely: enter it in the desktop app (OS keychain); the sandbox needs none',
            'channel.key',
          ),
        ]);
      }
      db.transaction(() => {
        if (name === 'channel.sm4Key') writeSetting(db, 'screen', { ...readScreenSettings(db), channel: { keySet: true } });
        // The audit names which secret changed, never its value.
        appendAudit(db, now(), actor, 'settings.secret_set', 'settings', { name });
      })();
      channelSettingsChanged();
      return { stored: true };
    },
    saveStaff: async (s, { actor, state }) => {
      if (s.role === 'manager' && s.pin !== undefined) assertPinPolicy(s.role, s.pin, 'pin');
      const hadManager = managerExists(db);
      const firstManager = !hadManager && s.role === 'manager' && s.pin !== undefined && s.active;
      db.transaction(() => {
        saveStaff(db, s);
        // Without a manager the till would be back to its first run, every manager call open: never by an edit.
        if (hadManager && !managerExists(db))
          throw new FapiaoError([
            appError('LAST_MANAGER', '不能停用或降级最后一位店长：请先添加另一位店长', 'The last manager cannot be deactivated or demoted: add another manager first', 'role'),
          ]);
        appendAudit(db, now(), actor, 'staff.saved', s.id, { name: s.name, role: s.role, pinChanged: s.pin !== undefined, active: s.active });
      })();
      // The first-run wizard creates the first manager and goes on as that manager in the same session.
      if (firstManager) grantManager(state, s, now());
      return listStaff(db);
    },
    verifyPin: async ({ id, pin, role }, session) => {
      const verdict = pins.verify(pin, role, id, session.actor);
      // A manager's PIN checked as the manager opens the manager's calls for this session (auth/bind.ts).
      if (verdict.ok && role === 'manager' && verdict.staff?.role === 'manager') grantManager(session.state, verdict.staff, now());
      return verdict;
    },
  };
}
