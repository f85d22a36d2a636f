import { useState } from 'react';
import type { Settings, Staff } from '../../../electron/contract/calls-settings.ts';
import { useT } from '../i18n/react.ts';

/** Asks for the manager's PIN; the first time, sets one (core stores only its salted scrypt hash). */
export function PinGate({ settings, onSettings, onOpen }: { settings: Settings; onSettings: (s: Settings) => void; onOpen: (s: Staff) => void }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const hasManager = settings.staff.some((s) => s.role === 'manager' && s.hasPin && s.active);

  const submit = async () => {
    if (!hasManager) {
      if (!/^\d{4,8}$/.test(pin) || pin !== confirm) return setError('店长密码须为 4–8 位数字，两次输入一致');
      const staff = await window.fapiao.saveStaff({ id: 'manager', name: '店长', role: 'manager', pin, actor: 'manager' });
      onSettings({ ...settings, staff });
    }
    const r = await window.fapiao.verifyPin({ pin, role: 'manager' });
    setPin('');
    setConfirm('');
    if (r.ok && r.staff) onOpen(r.staff);
    else if (r.retryAfterMs !== undefined) setError(`密码错误次数过多，请 ${Math.ceil(r.retryAfterMs / 1000)} 秒后再试`);
    else setError(t('密码不正确'));
  };

  return (
    <main className="pin-gate panel" aria-label="店长登录">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{hasManager ? t('店长密码') : t('设置店长密码')}</h2>
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
