import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../electron/contract/calls-settings.ts';
import type { SessionInfo } from '../../electron/contract/calls-session.ts';
import { CashierScreen } from './cashier/CashierScreen.tsx';
import { ManagerScreen } from './manager/ManagerScreen.tsx';
import { FirstRunBanner, SetupWizard } from './settings/SetupWizard.tsx';
import { SignIn } from './SignIn.tsx';
import { StatusBar } from './StatusBar.tsx';
import { LangContext } from './i18n/react.ts';
import { translate, type Lang } from './i18n/index.ts';
import { errorText } from './shared/errors.ts';

type View = 'cashier' | 'manager' | 'setup';

export function App() {
  // Who this window acts as lives in core (the session); the screen only shows it.
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [view, setView] = useState<View>('cashier');
  const [note, setNote] = useState('');
  const lang: Lang = settings?.language ?? session?.language ?? 'zh-CN';
  const t = (zh: string) => translate(lang, zh);
  const signedIn = session?.cashier !== undefined;

  useEffect(() => void window.fapiao.sessionInfo({}).then(setSession), []);
  const reload = useCallback(() => void window.fapiao.getSettings({}).then(setSettings), []);
  useEffect(() => {
    if (signedIn) reload();
  }, [signedIn, reload]);
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
  const signOut = () =>
    void window.fapiao.signOut({}).then((s) => {
      setSession(s);
      setSettings(undefined);
      setView('cashier');
    });

  return (
    <LangContext value={lang}>
      <div className="app">
        <header className="topbar">
          <h1>{t('发票收银')}</h1>
          <span className="seller">
            {seller.name}
            {sandbox ? ` · ${t('沙箱')}` : ''}
          </span>
          {signedIn && (
            <>
              <nav className="tabs" aria-label="页面">
                {(['cashier', 'manager'] as const).map((v) => (
                  <button key={v} type="button" aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>
                    {t(v === 'cashier' ? '收银' : '店长')}
                  </button>
                ))}
              </nav>
              <span className="cashier-pick" aria-label={t('当前收银员')}>
                {session.cashier!.name}
              </span>
              <button type="button" onClick={signOut}>
                {t('交班')}
              </button>
            </>
          )}
        </header>
        <StatusBar />
        {session && !signedIn && <SignIn info={session} onSignedIn={setSession} />}
        {/* The first-run setup is for a till without a manager yet; afterwards settings are the manager's (设置). */}
        {signedIn && settings && !settings.firstRunDone && !session.managerExists && view === 'cashier' && (
          <FirstRunBanner
            onSetup={() => setView('setup')}
            onDismiss={() =>
              void window.fapiao.saveSettings({ firstRunDone: true }).then(
                (s) => {
                  setSettings(s);
                  setNote('');
                },
                (e: unknown) => setNote(errorText(e)),
              )
            }
          />
        )}
        {note && (
          <p className="field-error" role="alert">
            {note}
          </p>
        )}
        {signedIn && view === 'cashier' && <CashierScreen seller={seller} />}
        {signedIn && view === 'manager' && settings && <ManagerScreen settings={settings} onSettings={setSettings} />}
        {signedIn && view === 'setup' && settings && (
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
