import { useState } from 'react';
import type { Staff } from '../../../electron/contract/calls-settings.ts';
import { useT } from '../i18n/react.ts';

/** Who is at the till: invoices carry this name. A cashier with a PIN must enter it to take over. */
export function CashierSwitch({ staff, cashier, onChange }: { staff: Staff[]; cashier: string; onChange: (name: string) => void }) {
  const t = useT();
  const [pending, setPending] = useState<Staff | undefined>();
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const cashiers = staff.filter((s) => s.active && s.role === 'cashier');
  const names = [...new Set(['收银员', ...cashiers.map((s) => s.name), cashier])];

  const choose = (name: string) => {
    const person = cashiers.find((s) => s.name === name);
    if (person?.hasPin) {
      setPending(person);
      setPin('');
      setError('');
    } else onChange(name);
  };
  const confirm = async () => {
    if (!pending) return;
    const r = await window.fapiao.verifyPin({ id: pending.id, pin, role: 'cashier' });
    if (r.ok) {
      onChange(pending.name);
      setPending(undefined);
    } else setError(r.retryAfterMs ? `请 ${Math.ceil(r.retryAfterMs / 1000)} 秒后再试` : t('密码不正确'));
    setPin('');
  };

  return (
    <div className="cashier-pick">
      <label className="cashier-pick">
        {t('收银员')}
        <select aria-label={t('收银员')} value={pending?.name ?? cashier} onChange={(e) => choose(e.target.value)}>
          {names.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      {pending && (
        <form
          className="cashier-pin"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <input aria-label={`${pending.name}的密码`} type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} />
          <button type="submit">{t('进入')}</button>
          <button type="button" onClick={() => setPending(undefined)}>{t('取消')}</button>
          {error && <span role="alert">{error}</span>}
        </form>
      )}
    </div>
  );
}
