import { useState } from 'react';
import type { Settings, Staff } from '../../../electron/contract/calls-settings.ts';
import { SettingsPanel } from '../settings/SettingsPanel.tsx';
import { useT } from '../i18n/react.ts';
import { DayPanel } from './DayPanel.tsx';
import { InvoicesPanel } from './InvoicesPanel.tsx';
import { PinGate } from './PinGate.tsx';
import { InvoiceActions, RejectedPanel } from './Corrections.tsx';
import { ClockBanner, Maintenance } from './Maintenance.tsx';

type Tab = 'day' | 'invoices' | 'rejected' | 'settings';
const TABS: Array<[Tab, string]> = [
  ['day', '日报'],
  ['invoices', '发票查询'],
  ['rejected', '被拒发票'],
  ['settings', '设置'],
];

/** The manager's area: opened by PIN, locked again with one touch. */
export function ManagerScreen({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const t = useT();
  const [manager, setManager] = useState<Staff | undefined>();
  const [tab, setTab] = useState<Tab>('day');
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
        <button type="button" onClick={() => setManager(undefined)}>{t('锁定')}</button>
      </nav>
      <ClockBanner actor={manager.id} />
      {tab === 'day' && <DayPanel actor={manager.id} />}
      {tab === 'invoices' && <InvoicesPanel actor={manager.id} seller={seller} actions={(inv, reload) => <InvoiceActions invoice={inv} actor={manager.id} onDone={reload} />} />}
      {tab === 'rejected' && <RejectedPanel actor={manager.id} />}
      {tab === 'settings' && (
        <>
          <SettingsPanel settings={settings} onSettings={onSettings} actor={manager.id} />
          <Maintenance actor={manager.id} />
        </>
      )}
    </main>
  );
}
