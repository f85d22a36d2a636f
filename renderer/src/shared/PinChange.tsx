import { useState } from 'react';
import type { Staff } from '../../../electron/contract/calls-settings.ts';
import { useT } from '../i18n/react.ts';
import { errorText } from './errors.ts';
import { pinRefusal } from './pins.ts';

/**
 * A new PIN for someone whose current one was just accepted but is too short (a manager's under 6 digits):
 * core checks the old one again, the rule and the lockout (changePin); the PINs never stay on screen.
 */
export function PinChange({ id, pin, onDone }: { id: string; pin: string; onDone: (staff: Staff, newPin: string) => void }) {
  const t = useT();
  const [next, setNext] = useState({ pin: '', confirm: '' });
  const [error, setError] = useState('');
  const submit = async () => {
    if (next.pin !== next.confirm) return setError(t('两次输入的新密码不一致'));
    try {
      const r = await window.fapiao.changePin({ id, pin, newPin: next.pin });
      if (r.ok && r.staff) return onDone(r.staff, next.pin);
      setError(pinRefusal(r, t));
    } catch (e) {
      setError(errorText(e));
    }
    setNext({ pin: '', confirm: '' });
  };
  return (
    <form
      className="pin-change"
      aria-label={t('设置新密码')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p role="status">{t('店长密码至少 6 位数字，请设置新密码后继续。')}</p>
      <label className="field">
        {t('新密码')}
        <input aria-label={t('新密码')} type="password" inputMode="numeric" autoComplete="off" autoFocus value={next.pin} onChange={(e) => setNext({ ...next, pin: e.target.value })} />
      </label>
      <label className="field">
        {t('确认新密码')}
        <input aria-label={t('确认新密码')} type="password" inputMode="numeric" autoComplete="off" value={next.confirm} onChange={(e) => setNext({ ...next, confirm: e.target.value })} />
      </label>
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="primary big">{t('保存新密码')}</button>
    </form>
  );
}
