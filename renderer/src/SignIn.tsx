import { useState } from 'react';
import type { SessionInfo } from '../../electron/contract/calls-session.ts';
import { FapiaoError } from '../../electron/contract/errors.ts';
import { useT } from './i18n/react.ts';
import { errorText } from './shared/errors.ts';
import { PinChange } from './shared/PinChange.tsx';

/**
 * Shift start (上班): who is at the till. Core records every sale and action of this window under them; the
 * PIN is asked when the person has one or the store requires it (设置 → 收银员权限).
 */
export function SignIn({ info, onSignedIn }: { info: SessionInfo; onSignedIn: (s: SessionInfo) => void }) {
  const t = useT();
  const [id, setId] = useState(info.staff.length === 1 ? info.staff[0]!.id : '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [changing, setChanging] = useState(false);
  const who = info.staff.find((s) => s.id === id);
  const needsPin = who !== undefined && (who.hasPin || info.cashierPinRequired);

  const signIn = async (withPin: string) => {
    try {
      onSignedIn(await window.fapiao.signIn({ id, ...(needsPin ? { pin: withPin } : {}) }));
    } catch (e) {
      // A manager at the till with an old short PIN: a new one first, then in.
      if (e instanceof FapiaoError && e.code === 'PIN_CHANGE_REQUIRED') return setChanging(true);
      setError(errorText(e));
      setPin('');
    }
  };

  return (
    <main className="pin-gate panel" aria-label={t('上班登录')}>
      <h2>{t('上班登录')}</h2>
      {changing ? (
        <PinChange
          id={id}
          pin={pin}
          onDone={(_staff, newPin) => {
            setChanging(false);
            void signIn(newPin);
          }}
        />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void signIn(pin);
          }}
        >
          <label className="field">
            {t('收银员')}
            <select
              aria-label={t('收银员')}
              value={id}
              autoFocus
              onChange={(e) => {
                setId(e.target.value);
                setError('');
                setPin('');
              }}
            >
              <option value="" disabled>
                {t('请选择')}
              </option>
              {info.staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.locked ? `（${t('已锁定')}）` : ''}
                </option>
              ))}
            </select>
          </label>
          {needsPin && (
            <label className="field">
              {t('密码')}
              <input aria-label={t('密码')} type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
            </label>
          )}
          {error && <p className="field-error" role="alert">{error}</p>}
          <button type="submit" className="primary big" disabled={who === undefined}>
            {t('开始收银')}
          </button>
        </form>
      )}
    </main>
  );
}
