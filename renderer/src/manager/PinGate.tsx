import { useState } from 'react';
import type { Settings, Staff } from '../../../electron/contract/calls-settings.ts';
import { useT } from '../i18n/react.ts';
import { errorText } from '../shared/errors.ts';
import { PinChange } from '../shared/PinChange.tsx';
import { MANAGER_PIN, MANAGER_PIN_RULE, pinRefusal } from '../shared/pins.ts';

/**
 * Asks for the manager's PIN (core then gives this window the manager's rights); the first time, sets one
 * (core stores only its salted scrypt hash). A PIN shorter than 6 digits from before that rule is changed here.
 */
export function PinGate({ settings, onSettings, onOpen }: { settings: Settings; onSettings: (s: Settings) => void; onOpen: (s: Staff) => void }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [change, setChange] = useState<{ id: string; pin: string } | undefined>();
  // Who is entering: wrong PINs then count against that manager only (a guess cannot lock out the others).
  const managers = settings.staff.filter((s) => s.role === 'manager' && s.hasPin && s.active);
  const [id, setId] = useState(managers[0]?.id);
  const hasManager = managers.length > 0;

  const submit = async () => {
    try {
      if (!hasManager) {
        if (!MANAGER_PIN.test(pin) || pin !== confirm) return setError(t(MANAGER_PIN_RULE));
        const staff = await window.fapiao.saveStaff({ id: 'manager', name: '店长', role: 'manager', pin });
        onSettings({ ...settings, staff });
      }
      const r = await window.fapiao.verifyPin({ pin, role: 'manager', ...(hasManager && id !== undefined ? { id } : {}) });
      if (r.ok && r.staff) onOpen(r.staff);
      else if (r.mustChangePin && r.staff) setChange({ id: r.staff.id, pin });
      else setError(pinRefusal(r, t));
    } catch (e) {
      setError(errorText(e));
    }
    setPin('');
    setConfirm('');
  };

  if (change) return (
    <main className="pin-gate panel" aria-label="店长登录">
      <PinChange id={change.id} pin={change.pin} onDone={onOpen} />
    </main>
  );
  return (
    <main className="pin-gate panel" aria-label="店长登录">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{hasManager ? t('店长密码') : t('设置店长密码')}</h2>
        {managers.length > 1 && (
          <label className="field">
            {t('店长')}
            <select aria-label={t('店长')} value={id} onChange={(e) => setId(e.target.value)}>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          {t('店长密码')}
          <input aria-label={t('店长密码')} type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} />
        </label>
        {!hasManager && (
          <label className="field">
            {t('确认密码')}
            <input aria-label={t('确认密码')} type="password" inputMode="numeric" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </label>
        )}
        {error && <p className="field-error" role="alert">{error}</p>}
        <button type="submit" className="primary big">{t('进入')}</button>
      </form>
    </main>
  );
}
