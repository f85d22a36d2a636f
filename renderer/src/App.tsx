import { useEffect, useState } from 'react';
import { CashierScreen } from './cashier/CashierScreen.tsx';
import { StatusBar } from './StatusBar.tsx';

export function App() {
  const [seller, setSeller] = useState('');
  useEffect(() => {
    void window.fapiao.appInfo({}).then((info) => setSeller(`${info.seller.name}${info.channelMode === 'sandbox' ? ' · 沙箱' : ''}`));
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <h1>发票收银</h1>
        <span className="seller">{seller}</span>
        <StatusBar />
      </header>
      <CashierScreen />
    </div>
  );
}
