import type { Settings } from '../../contract/calls-settings.ts';
import type { settingsCalls } from '../../contract/calls-settings.ts';
import { FapiaoError, appError, type ChannelMode } from '../../contract/index.ts';
import { appendAudit } from '../store/audit.ts';
import { listStaff, readScreenSettings, readSetting, saveStaff, writeSetting, type ScreenSettings } from '../store/settings.ts';
import { SecretStoreUnavailableError } from '../secrets.ts';
import type { CoreContext, HandlersFor } from './context.ts';

type SellerPatch = Partial<Pick<Settings['seller'], 'name' | 'address' | 'phone'>>;

function pickLimits(o: Partial<Settings['limits']> | undefined): Partial<Settings['limits']> {
  if (!o) return {};
  const { maxUnsentCount, maxUnsentHours, maxUnsentAmount } = o;
  return Object.fromEntries(Object.entries({ maxUnsentCount, maxUnsentHours, maxUnsentAmount }).filter(([, v]) => v !== undefined));
}

export function settingsHandlers({ db, config, now, secrets, pins, channelSettingsChanged }: CoreContext): HandlersFor<keyof typeof settingsCalls> {
  // The seller's display details edited on the settings screen override config.json; the tax ID does not
  // change at runtime (the channel and the signer are bound to it).
  const sellerOverride = readSetting<SellerPatch>(db, 'seller');
  if (sellerOverride) Object.assign(config.seller, sellerOverride);
  // The offline allowance lives in the queue's policy (config.offline, when present): edits apply there live.
  const offline = (config as { offline?: Partial<Settings['limits']> }).offline;
  const applyLimits = (l: Settings['limits']) => {
    if (offline) Object.assign(offline, l);
  };
  const storedLimits = readSetting<{ limits?: Settings['limits'] }>(db, 'screen')?.limits;
  if (storedLimits) applyLimits(storedLimits);

  const current = (): Settings => {
    const screen = readScreenSettings(db);
    const channel = readSetting<{ mode?: ChannelMode; baseUrl?: string; appId?: string }>(db, 'channel') ?? {};
    const s: Settings = {
      ...screen,
      limits: readSetting<{ limits?: Settings['limits'] }>(db, 'screen')?.limits ?? { ...screen.limits, ...pickLimits(offline) },
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
    return s;
  };

  const audit = (actor: string | undefined, type: string, data: unknown) =>
    db.transaction(() => appendAudit(db, now(), actor ?? 'manager', type, 'settings', data))();

  return {
    getSettings: async () => current(),
    saveSettings: async ({ actor, seller, channel, ...patch }) => {
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
        appendAudit(db, now(), actor ?? 'manager', 'settings.changed', 'settings', { keys: Object.keys({ ...patch, ...(seller ? { seller } : {}), ...(channel ? { channel } : {}) }) });
      })();
      if (channel || patch.signer) channelSettingsChanged();
      return current();
    },
    setChannelSecret: async ({ name, key, actor }) => {
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
        appendAudit(db, now(), actor ?? 'manager', 'settings.secret_set', 'settings', { name });
      })();
      channelSettingsChanged();
      return { stored: true };
    },
    saveStaff: async ({ actor, ...s }) => {
      db.transaction(() => {
        saveStaff(db, s);
        appendAudit(db, now(), actor ?? 'manager', 'staff.saved', s.id, { name: s.name, role: s.role, pinChanged: s.pin !== undefined, active: s.active });
      })();
      return listStaff(db);
    },
    verifyPin: async ({ id, pin, role }) => pins.verify(pin, role, id),
  };
}
