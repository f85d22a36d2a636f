import { useState } from 'react';
import { useT } from '../i18n/react.ts';

/**
 * The buyer's tax ID failed its checksum. Some early pilot codes are legal yet fail it: the manager may
 * let it through for this one sale with their PIN (core checks it and audits the override).
 */
export function OverrideApproval({ onApprove }: { onApprove: (pin: string) => Promise<void> }) {
  const t = useT();
  const [pin, setPin] = useState('');
  return (
    <form
      className="override"
      aria-label={t('店长放行')}
      onSubmit={(e) => {
        e.preventDefault();
        void onApprove(pin).finally(() => setPin(''));
      }}
    >
      <p>{t('税号校验未通过。核实为早期试点代码后，可由店长输入 PIN 放行本张发票（记入审计）。')}</p>
      <label>
        {t('店长密码')}
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      <button type="submit" disabled={pin === ''}>
        {t('放行并开具')}
      </button>
    </form>
  );
}
