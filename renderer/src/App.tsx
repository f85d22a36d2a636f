import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../electron/contract/calls-settings.ts';
import { CashierScreen } from './cashier/CashierScreen.tsx';
import { CashierSwitch } from './cashier/CashierSwitch.tsx';
import { ManagerScreen } from './manager/ManagerScreen.tsx';
import { FirstRunBanner, SetupWizard } from './settings/SetupWizard.tsx';
import { StatusBar } from './StatusBar.tsx';
import { LangContext } from './i18n/react.ts';
import { translate, type Lang } from './i18n/index.ts';

type View = 'cashier' | 'manager' | 'setup';

export function App() {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [view, setView] = useState<View>('cashier');
  const [cashier, setCashier] = useState(() => localStorage.getItem('fapiao.cashier') ?? '收银员');
  const lang: Lang = settings?.language ?? 'zh-CN';
  const t = (zh: string) => translate(lang, zh);

  const reload = useCallback(() => void window.fapiao.getSettings({}).then(setSettings), []);
  useEffect(reload, [reload]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // The receipt prints at the till printer's paper width (settings → 打印机).
  const paper = settings?.printer.paperWidthMm ?? 80;
  useEffect(() => {
    document.documentElement.style.setProperty('--paper-width', `${paper}mm`);
  }, [paper]);

  const seller = settings ? { name: settings.seller.name, taxId: settings.seller.taxId } : { name: '', taxId: '' };
  const sandbox = settings?.channel.mode === 'sandbox';

  return (
    <LangContext value={lang}>
      <div className="app">
        <header className="topbar">
          <h1>{t('发票收银')}</h1>
          <span className="seller">
            {seller.name}
            {sandbox ? ` · ${t('沙箱')}` : ''}
          </span>
          <nav className="tabs" aria-label="页面">
            {(['cashier', 'manager'] as const).map((v) => (
              <button key={v} type="button" aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>
                {t(v === 'cashier' ? '收银' : '店长')}
              </button>
            ))}
          </nav>
          <CashierSwitch
            staff={settings?.staff ?? []}
            cashier={cashier}
            onChange={(name) => {
              setCashier(name);
              localStorage.setItem('fapiao.cashier', name);
            }}
          />
        </header>
        <StatusBar />
        {settings && !settings.firstRunDone && view === 'cashier' && (
          <FirstRunBanner onSetup={() => setView('setup')} onDismiss={() => void window.fapiao.saveSettings({ firstRunDone: true, actor: cashier }).then(setSettings)} />
        )}
        {view === 'cashier' && <CashierScreen cashier={cashier} seller={seller} />}
        {view === 'manager' && settings && <ManagerScreen settings={settings} onSettings={setSettings} />}
        {view === 'setup' && settings && (
          <SetupWizard
            settings={settings}
            onDone={(s) => {
              setSettings(s);
              setView('cashier');
            }}
          />
        )}
      </div>
    </LangContext>
  );
}
