import { useEffect, useState } from 'react';
import type { Settings } from '../../../electron/contract/calls-settings.ts';
import { SettingsPanel } from '../settings/SettingsPanel.tsx';
import { useT } from '../i18n/react.ts';
import { DayPanel } from './DayPanel.tsx';
import { InvoicesPanel } from './InvoicesPanel.tsx';
import { PinGate } from './PinGate.tsx';
import { InvoiceActions, RejectedPanel } from './Corrections.tsx';
import { SetAsidePanel } from './SetAsidePanel.tsx';
import { ClockBanner, Maintenance, RollbackBanner } from './Maintenance.tsx';

type Tab = 'day' | 'invoices' | 'rejected' | 'settings';
const TABS: Array<[Tab, string]> = [
  ['day', '日报'],
  ['invoices', '发票查询'],
  ['rejected', '被拒发票'],
  ['settings', '设置'],
];

/** How often the screen asks core whether the manager's rights lapsed (idle timeout, 锁定 in another way). */
const RIGHTS_CHECK_MS = 30_000;

/**
 * The manager's area: opened by the manager's PIN, which gives this window's session the manager's rights in
 * core; 锁定 ends them there (lockManager), as does core's idle timeout, which the screen follows.
 */
export function ManagerScreen({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const t = useT();
  const [manager, setManager] = useState<{ id: string; name: string } | undefined>();
  const [tab, setTab] = useState<Tab>('day');
  useEffect(() => {
    const check = () => void window.fapiao.sessionInfo({}).then((s) => setManager(s.manager));
    check();
    const timer = setInterval(check, RIGHTS_CHECK_MS);
    return () => clearInterval(timer);
  }, []);
  const lock = () => void window.fapiao.lockManager({}).then(() => setManager(undefined));
  if (!manager) return <PinGate settings={settings} onSettings={onSettings} onOpen={setManager} />;
  const seller = { name: settings.seller.name, taxId: settings.seller.taxId };
  return (
    <main className="manager" aria-label={t('店长')}>
      <nav className="subtabs no-print" aria-label="店长功能">
        {TABS.map(([k, label]) => (
          <button key={k} type="button" aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
            {t(label)}
          </button>
        ))}
        <span className="spacer" />
        <span>{manager.name}</span>
        <button type="button" onClick={lock}>{t('锁定')}</button>
      </nav>
      <ClockBanner />
      <RollbackBanner />
      {tab === 'day' && <DayPanel />}
      {tab === 'invoices' && <InvoicesPanel seller={seller} actions={(inv, reload) => <InvoiceActions invoice={inv} onDone={reload} />} />}
      {tab === 'rejected' && (
        <>
          <SetAsidePanel />
          <RejectedPanel />
        </>
      )}
      {tab === 'settings' && (
        <>
          <SettingsPanel settings={settings} onSettings={onSettings} />
          <Maintenance />
        </>
      )}
    </main>
  );
}
