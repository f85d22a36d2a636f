import { useState } from 'react';
import type { Settings } from '../../../electron/contract/calls-settings.ts';
import { FapiaoError } from '../../../electron/contract/errors.ts';
import { useT } from '../i18n/react.ts';
import { MANAGER_PIN, MANAGER_PIN_RULE } from '../shared/pins.ts';
import { ChannelFields, LimitsFields, StoreFields, Text } from './SettingsPanel.tsx';

/** Shown until the first run is done; it never blocks the till: the sandbox already works. */
export function FirstRunBanner({ onSetup, onDismiss }: { onSetup: () => void; onDismiss: () => void }) {
  const t = useT();
  return (
    <aside className="first-run" aria-label={t('首次使用')}>
      <strong>{t('首次使用')}</strong> {t('已选用沙箱，现在就可以开票。')}
      <button type="button" onClick={onSetup}>{t('设置门店')}</button>
      <button type="button" onClick={onDismiss}>{t('不再提示')}</button>
    </aside>
  );
}

const STEPS = ['门店与销售方', '开票通道', '设置店长密码', '离线限额'] as const;

/** The first run, step by step: store, channel (sandbox preselected), manager PIN, offline limits. */
export function SetupWizard({ settings, onDone }: { settings: Settings; onDone: (s: Settings) => void }) {
  const t = useT();
  const [step, setStep] = useState(0);
  const [s, set] = useState(settings);
  const [pin, setPin] = useState({ name: '店长', pin: '', confirm: '' });
  const [error, setError] = useState('');
  const hasManager = s.staff.some((p) => p.role === 'manager' && p.hasPin);

  const finish = async () => {
    try {
      if (!hasManager) {
        if (pin.pin !== pin.confirm || !MANAGER_PIN.test(pin.pin)) {
          setStep(2);
          setError(t(MANAGER_PIN_RULE));
          return;
        }
        await window.fapiao.saveStaff({ id: 'manager', name: pin.name, role: 'manager', pin: pin.pin });
      }
      const next = await window.fapiao.saveSettings({
        firstRunDone: true,
        store: s.store,
        seller: { name: s.seller.name, address: s.seller.address ?? '', phone: s.seller.phone ?? '' },
        channel: { mode: s.channel.mode },
        limits: s.limits,
      });
      // The wizard needed the manager's rights only to finish: the till goes back to the cashier without them.
      await window.fapiao.lockManager({});
      onDone(next);
    } catch (e) {
      setError(e instanceof FapiaoError ? e.errors.map((x) => x.message_zh).join('；') : String(e));
    }
  };

  return (
    <main className="wizard panel" aria-label="首次设置">
      <ol className="steps">
        {STEPS.map((name, i) => (
          <li key={name} aria-current={i === step ? 'step' : undefined}>
            {t(name)}
          </li>
        ))}
      </ol>
      <h2>{t(STEPS[step]!)}</h2>
      {step === 0 && <StoreFields s={s} set={set} />}
      {step === 1 && <ChannelFields s={s} set={set} />}
      {step === 2 &&
        (hasManager ? (
          <p>店长密码已设置。</p>
        ) : (
          <div className="grid3">
            <Text label="店长姓名" value={pin.name} onChange={(v) => setPin({ ...pin, name: v })} />
            <Text label={t('店长密码')} type="password" mode="numeric" value={pin.pin} onChange={(v) => setPin({ ...pin, pin: v })} />
            <Text label={t('确认密码')} type="password" mode="numeric" value={pin.confirm} onChange={(v) => setPin({ ...pin, confirm: v })} />
          </div>
        ))}
      {step === 3 && <LimitsFields s={s} set={set} />}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="row">
        {step > 0 && <button type="button" onClick={() => setStep(step - 1)}>{t('上一步')}</button>}
        {step < STEPS.length - 1 ? (
          <button type="button" className="primary" onClick={() => setStep(step + 1)}>{t('下一步')}</button>
        ) : (
          <button type="button" className="primary" onClick={() => void finish()}>{t('完成')}</button>
        )}
      </div>
    </main>
  );
}
